import CajaCore
import Foundation

/// One offline document as the journal keeps it: everything needed to send it again with
/// no other data (its offline session and the signed block its number came from).
public struct JournalEntry: Codable, Sendable {
    public var session: OfflineSession
    public var grant: SignedNumberBlock
    public var document: FiscalDocument

    /// The entry as one journal line, put together from its parts' JSON as the store
    /// already holds it (the session and grant rows, the document just encoded for its
    /// row), so a sale encodes nothing twice. The bytes are exactly what
    /// `JSONCoding.encoder` writes for the entry (sorted keys), plus the newline.
    static func line(document: Data, grant: String, session: String) -> Data {
        var line = Data(#"{"document":"#.utf8)
        line.append(document)
        line.append(contentsOf: #","grant":"#.utf8)
        line.append(contentsOf: grant.utf8)
        line.append(contentsOf: #","session":"#.utf8)
        line.append(contentsOf: session.utf8)
        line.append(contentsOf: "}\n".utf8)
        return line
    }
}

/// One line of the journal. A document line is a ``JournalEntry`` as it always was (no
/// `kind`, so journals written before other records existed read the same); other records
/// carry a `kind`.
enum JournalRecord: Sendable {
    /// An offline document.
    case document(JournalEntry)
    /// The end of an offline session (`caja offline off`, logout): a recovered register
    /// must not bring it back open.
    case sessionEnded(id: UUID, at: Date)

    private struct Tagged: Codable {
        var kind: String?
        var sessionID: UUID?
        var endedAt: Date?
    }

    func line() throws -> Data {
        var line: Data
        switch self {
        case .document(let entry): line = try JSONCoding.encoder.encode(entry)
        case .sessionEnded(let id, let date):
            line = try JSONCoding.encoder.encode(Tagged(kind: "sessionEnded", sessionID: id, endedAt: date))
        }
        line.append(0x0A)
        return line
    }

    static func decode(_ line: Data) throws -> JournalRecord {
        let tagged = try JSONCoding.decoder.decode(Tagged.self, from: line)
        switch tagged.kind {
        case nil: return .document(try JSONCoding.decoder.decode(JournalEntry.self, from: line))
        case "sessionEnded":
            guard let id = tagged.sessionID, let date = tagged.endedAt else { throw JournalRecordError.incomplete }
            return .sessionEnded(id: id, at: date)
        default: throw JournalRecordError.unknownKind
        }
    }
}

enum JournalRecordError: Error { case incomplete, unknownKind }

/// What offline selling needs beside the documents, kept whole in the journal's directory
/// (``Journal/writeSnapshot(_:)``) and rewritten at login, block top-up, activation, the end
/// of a session and before old segments are removed. Never a credential (no token, no
/// password). With it, `caja recover` gives a register that lost its store mid-outage its
/// catalog, issuer, open session and blocks back, so it keeps selling offline.
struct JournalSnapshot: Codable, Sendable {
    struct Block: Codable, Sendable {
        var grant: SignedNumberBlock
        /// The block's next unused number when the snapshot was written; documents in the
        /// journal may have used more (recovery takes the higher).
        var next: Int64
    }

    var identity: RegisterIdentity?
    /// Company, issuer and products.
    var catalog: CatalogResponse?
    var blocks: [Block]
    /// The offline session that was open, if any: the only one recovery may bring back open.
    var openSession: OfflineSession?
    /// The highest time the register had seen (O8).
    var highestSeen: Date?
}
