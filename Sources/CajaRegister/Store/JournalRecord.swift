import CajaCore
import Foundation

/// One line of the journal. A document line is a ``JournalEntry`` as it always was (no
/// `kind`, so journals written before other records existed read the same); other records
/// carry a `kind`.
enum JournalRecord: Sendable {
    /// An offline document.
    case document(JournalEntry)
    /// The end of an offline session (`caja offline off`, logout): a recovered register
    /// must not bring it back open.
    case sessionEnded(id: UUID, at: Date)

    /// Why a line with a `kind` is not a record.
    enum Problem: Error { case incomplete, unknownKind }

    private struct Tagged: Codable {
        var kind: String?
        var sessionID: UUID?
        var endedAt: Date?
    }

    func line() throws -> Data {
        var line: Data
        switch self {
        case .document(let entry): line = try WireJSON.encoder.encode(entry)
        case .sessionEnded(let id, let date):
            line = try WireJSON.encoder.encode(Tagged(kind: "sessionEnded", sessionID: id, endedAt: date))
        }
        line.append(0x0A)
        return line
    }

    static func decode(_ line: Data) throws -> JournalRecord {
        let tagged = try WireJSON.decoder.decode(Tagged.self, from: line)
        switch tagged.kind {
        case nil: return .document(try WireJSON.decoder.decode(JournalEntry.self, from: line))
        case "sessionEnded":
            guard let id = tagged.sessionID, let date = tagged.endedAt else { throw Problem.incomplete }
            return .sessionEnded(id: id, at: date)
        default: throw Problem.unknownKind
        }
    }
}
