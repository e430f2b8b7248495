import Foundation

/// What the background sending did last, for the status bar (O11: conflicts and rejections
/// are shown, never hidden).
struct SyncState: Sendable {
    var running = false
    var at: Date?
    var sent = 0
    var conflicts = 0
    var rejected = 0
    var error: String?
}
