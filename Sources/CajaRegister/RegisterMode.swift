/// How the register issues right now (O1–O3, O8). The raw values are `caja status --json`'s.
public enum RegisterMode: String, Codable, Sendable {
    /// The server numbers and signs each document.
    case online
    /// An offline session is open: documents come from the register's blocks (contingency).
    case offline
    /// An offline session is open but may not issue: its 24 h are over or the clock moved back (O8).
    case offlineBlocked = "offline-blocked"
}
