import CajaCore
import Foundation
import SQLKit

/// Uploads kept aside (`quarantine`, N2/N3): a number conflict, or a document that is not a
/// valid fiscal document. Kept with the payload as sent, shown in the panel, never dropped.
protocol QuarantineRepository: Sendable {
    func insert(_ entry: QuarantineEntry, db: any SQLDatabase) async throws
    /// The entries of these uploads (the answer given the first time).
    func entries(documents: [UUID], company: UUID, db: any SQLDatabase) async throws -> [QuarantineEntry]
    /// The newest 200, with the sending device's name.
    func list(company: UUID, db: any SQLDatabase) async throws -> [QuarantineEntry]
}
