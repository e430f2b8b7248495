import CajaCore
import Foundation

/// The documents waiting in `z_open` that one Reporte Z needs: its point's, issued before the
/// end of its day.
struct ZOpenScope: Sendable {
    var company: UUID
    var point: PointOfSale
    var issuedBefore: Date
}
