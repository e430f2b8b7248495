import Foundation

/// A document a Reporte Z lists by itself: a contingency one, or one of an earlier day (late).
struct ZListing: Sendable {
    var document: UUID
    var contingency: Bool
    var late: Bool
}
