import Foundation

/// What a Reporte Z checks before closing a point's day, read in one statement: whether the
/// day has its Z, the point's last Z number, and a document of the point still waiting in
/// `z_open` (stored by an earlier version), if any.
struct ZClosingState: Sendable, Decodable {
    var closed: Int64
    var lastNumber: Int64?
    var waiting: String?

    var isClosed: Bool { closed > 0 }
    /// The point's next Z number (1 for its first).
    var nextNumber: Int64 { (lastNumber ?? 0) + 1 }
}
