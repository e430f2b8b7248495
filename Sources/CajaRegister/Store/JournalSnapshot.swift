import CajaCore
import Foundation

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
