import CajaCore
import Foundation
import GRDB

/// What an offline sale reads from the store besides its products, decoded once: the highest
/// time seen (O8), the open offline session, the catalog's issuer (checked), the block each
/// document type draws from, and where the journal's committed text ends. Kept in
/// ``StoreCache`` at the version it was read at; a sale that finds it current reads none of
/// it from SQLite, and leaves the state it wrote (its number used, its journal line, the
/// time seen) for the next one.
struct SaleState: Sendable {
    /// The open session as stored (its JSON goes into every journal line) and decoded.
    struct Session: Sendable {
        let text: String
        let value: OfflineSession
    }

    /// The block a type draws from: its numbers and its grant as stored and decoded.
    struct Block: Sendable {
        let id: String
        var next: Int64
        let last: Int64
        let text: String
        let grant: SignedNumberBlock
    }

    var highestSeen: Date?
    /// The catalog's issuer, checked once at this version (``CheckedIssuer``).
    var issuer: CheckedIssuer?
    var session: Session?
    /// By DGI code; a type is looked up on its first sale.
    var blocks: [String: Block] = [:]
    /// Nil for a new store (perhaps beside an old journal).
    var journal: JournalMark?

    /// The state as the store holds it now.
    static func load(in db: Database) throws -> SaleState {
        var state = SaleState()
        state.highestSeen = try RegisterStore.value(Date.self, "highestSeen", in: db)
        if let text = try RegisterStore.activeSessionText(in: db) {
            state.session = Session(text: text, value: try WireJSON.decoder.decode(OfflineSession.self, from: Data(text.utf8)))
        }
        state.journal = try RegisterStore.journalMark(in: db)
        return state
    }

    /// The catalog's issuer, checked; nil before a login saved a catalog. `header` reads the
    /// catalog's header (``RegisterStore/cachedHeader(in:)``), only when this state has none.
    mutating func issuer(in db: Database, header: (Database) throws -> CatalogResponse?) throws -> CheckedIssuer? {
        if let issuer { return issuer }
        guard let catalog = try header(db) else { return nil }
        issuer = try CheckedIssuer(catalog.issuer)
        return issuer
    }

    /// The block `type` draws its next number from, nil when none has numbers left.
    mutating func block(for type: DocumentType, in db: Database) throws -> Block? {
        if let block = blocks[type.dgiCode], block.next <= block.last { return block }
        guard let row = try Row.fetchOne(db, sql: """
            SELECT id, next, last, grant FROM blocks WHERE type = ? AND next <= last ORDER BY first LIMIT 1
            """, arguments: [type.dgiCode]) else {
            blocks[type.dgiCode] = nil
            return nil
        }
        let text: String = row["grant"]
        let block = Block(id: row["id"], next: row["next"], last: row["last"], text: text,
                          grant: try WireJSON.decoder.decode(SignedNumberBlock.self, from: Data(text.utf8)))
        blocks[type.dgiCode] = block
        return block
    }
}
