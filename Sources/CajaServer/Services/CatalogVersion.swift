import CajaCore
import Foundation

/// The version of what `GET /v1/catalog` answers: the company's `settings_version` (issuer
/// data, credentials) and `catalog_version` (products, points of sale), and the company it is
/// of. Its text `settings.catalog.company` is the ETag and what a register sends back as
/// `?since=` for a delta (issue 14, Scale); the company in it keeps a version of one company
/// from ever being read as another's.
struct CatalogVersion: Equatable, Sendable, CustomStringConvertible {
    var settings: Int64
    var catalog: Int64
    var company: UUID

    var description: String { "\(settings).\(catalog).\(company.uuidString)" }

    /// The longest text `since` may be (two 18-digit numbers and a UUID fit with room).
    static let maxLength = 100

    /// What a register sent as `since`: a version, nil for one this server cannot start a
    /// delta from (the two-part text of the versions before deltas: the whole catalog answers
    /// it), or ``ErrorCode/invalidCatalogVersion`` for text that is no version at all.
    static func since(_ text: String) throws(CajaError) -> CatalogVersion? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard text.count <= maxLength, parts.count == 2 || parts.count == 3,
              let settings = number(parts[0]), let catalog = number(parts[1]) else {
            throw CajaError(.invalidCatalogVersion, field: "since", "since must be a catalog version as the ETag gives it (without quotes)")
        }
        guard parts.count == 3 else { return nil }
        guard let company = UUID(uuidString: String(parts[2])) else {
            throw CajaError(.invalidCatalogVersion, field: "since", "since must be a catalog version as the ETag gives it (without quotes)")
        }
        return CatalogVersion(settings: settings, catalog: catalog, company: company)
    }

    /// 1 to 18 ASCII digits (always fits an Int64).
    private static func number(_ text: Substring) -> Int64? {
        guard (1...18).contains(text.utf8.count), text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int64(text)
    }

    /// Whether the changes after `older` are enough to bring a register holding it to this
    /// version: the same company, the same issuer settings (a change of them is rare and
    /// answered whole), and a catalog not newer than this one (a version this database never
    /// gave, e.g. one from before a restore).
    func canSendChanges(after older: CatalogVersion) -> Bool {
        older.company == company && older.settings == settings && older.catalog <= catalog
    }
}
