import Foundation

/// Where the boot clock stood for an offline session: at which boot, at how many seconds,
/// and how much of the session's window had already gone by then. Kept in the store, so a
/// restarted till process (same boot) keeps measuring from the same point.
struct OfflineAnchor: Codable, Sendable, Equatable {
    var sessionID: UUID
    var bootID: String
    var bootSeconds: Double
    /// Seconds of the window already used when the anchor was taken (0 at activation; after a
    /// reboot, what the wall clock and the store's high-water mark say).
    var elapsedAtAnchor: Double
}
