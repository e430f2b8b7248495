import CajaCore
import Foundation
import SQLKit

/// Numbers never to be used: the unused rest of a closed block.
struct VoidedRange: Sendable, Decodable {
    var id: String
    var companyId: String
    var point: String
    var docType: DocumentType
    var firstNumber: Int64
    var lastNumber: Int64
    var blockId: String?
    var reason: String
    var createdAt: Int64

    var created: Date { Date(millis: createdAt) }
}
