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
    /// `WireJSON.encoder` writes for the entry (sorted keys), plus the newline.
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
