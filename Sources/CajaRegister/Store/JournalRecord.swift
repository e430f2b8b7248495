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

    /// The id of the document a line holds, nil for another record, read from the line's bytes
    /// (``JSONMembers``: `document`, then its `draft`'s `id`) without decoding the rest; a line
    /// that does not cut so is decoded whole, and throws as ``decode(_:)`` does.
    static func documentID(_ line: UnsafeRawBufferPointer) throws -> UUID? {
        do throws(JSONMembers.Malformed) {
            let members = try JSONMembers.of(line, in: 0..<line.count)
            if !members.contains(where: { $0.key == "kind" }) {   // another record is decoded whole
                let draft = try JSONMembers.value("draft", in: try JSONMembers.of(line, in: try JSONMembers.value("document", in: members)))
                let id = try JSONMembers.plainString(line, try JSONMembers.value("id", in: try JSONMembers.of(line, in: draft)))
                if let id = UUID(uuidString: id) { return id }
            }
        } catch {}
        if case .document(let entry) = try decode(Data(line)) { return entry.document.id }
        return nil
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
