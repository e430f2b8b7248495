import CajaCore
import Foundation
import SQLKit

/// One document as the panel's day figures need it.
struct IssuedDocument: Sendable, Decodable {
    var point: String
    var docType: DocumentType
    var emission: Emission
    var totalCents: Int64
    var issuedAt: Int64

    var total: Money { Money(cents: totalCents) }
    var issuedDate: Date { Date(millis: issuedAt) }
}
