import CajaCore
import Foundation
import NIOCore

/// Everything the register can be told, with defaults that work (flags and environment
/// variables of `caja` fill it; tests pass their own clock and timings).
public struct RegisterConfiguration: Sendable {
    /// The store's directory (`--home`, `CAJA_HOME`, else `~/.caja`).
    public var home: URL
    /// The journal's directory, apart from the store (`--journal-dir`, `CAJA_JOURNAL_DIR`,
    /// default ``defaultJournalDirectory(home:)``).
    public var journalDirectory: URL
    /// A new journal segment starts when a line would take the current one past this size.
    public var journalSegmentBytes: Int64 = 8 << 20
    /// The register's clock. It is not trusted (O8): see ``RegisterStore/noteTime(_:)``.
    public var clock: @Sendable () -> Date = { Date() }
    /// dSeg of each document.
    public var securityCode: @Sendable () -> SecurityCode = {
        var generator = SystemRandomNumberGenerator()
        return SecurityCode.random(using: &generator)
    }
    /// Without the server's sizing advice, a new block is reserved when fewer numbers than
    /// this remain for a type (N2). With it, the register tops up to the advised target.
    public var blockLowWater: Int64 = 20
    /// Numbers per block requested; nil (the default) lets the server size the block from the
    /// device's history (N2). `CAJA_BLOCK_SIZE` sets it explicitly.
    public var blockSize: Int?
    /// Documents per sync batch: the server's most (500), so a reconnecting till makes as
    /// few round trips as it can (issue 16, item 2); ``syncBatchBytes`` cuts a batch of long
    /// documents shorter.
    public var syncBatchSize: Int = 500
    /// The most stored document JSON one batch carries (a batch has at least one document):
    /// half the server's default body limit (4 MiB), room for the sessions, grants and framing.
    public var syncBatchBytes: Int = 2 * 1024 * 1024
    /// Batches in flight at once during a sync (``Register/sync()``): two keep both sides busy
    /// (the register reads and encodes one while the server stores the other).
    public var syncLanes: Int = 2
    /// Tries per sync batch when the server does not answer, with doubling waits and jitter.
    public var syncAttempts: Int = 3
    public var retryBase: Duration = .milliseconds(250)
    /// The longest a server's `Retry-After` is honoured between two tries.
    public var maxRetryAfter: Duration = .seconds(30)
    public var requestTimeout: TimeAmount = .seconds(15)
    public var policy: OfflinePolicy = .standard
    /// How often an online register asks the server whether its catalog changed (one request
    /// answered 304 while nothing did): a new price reaches a till within a minute (issue 14, item 3).
    public var catalogCheckInterval: TimeInterval = 30

    public init(home: URL, journalDirectory: URL? = nil) {
        self.home = home
        self.journalDirectory = journalDirectory ?? Self.defaultJournalDirectory(home: home)
    }

    /// Where the journal goes when nobody says: `<home>-journal`, a sibling of the home
    /// directory, so deleting the home (the "clear the app's data" failure) does not take
    /// the journal with it (N1). A home that already has a journal inside it (`HOME/journal`,
    /// the old default) keeps using it, so an upgraded register never loses sight of its
    /// journal: the directory itself decides, not a file in it, because the journal's own
    /// pruning removes its old segments. On a machine with a second medium, point
    /// `--journal-dir` or `CAJA_JOURNAL_DIR` at it.
    public static func defaultJournalDirectory(home: URL) -> URL {
        let legacy = home.appendingPathComponent("journal")
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: legacy.path, isDirectory: &isDirectory), isDirectory.boolValue { return legacy }
        let standardized = home.standardizedFileURL
        return standardized.deletingLastPathComponent().appendingPathComponent(standardized.lastPathComponent + "-journal")
    }
}
