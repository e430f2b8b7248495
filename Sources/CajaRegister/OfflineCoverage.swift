import CajaCore
import Foundation

/// Numbers left for one offline document type and what they cover (N2).
public struct OfflineCoverage: Codable, Sendable, Equatable {
    public var type: String
    public var remaining: Int64
    /// The server's advice, when it sent one: documents of this type in the device's busiest
    /// 24 h, and the numbers it should hold.
    public var busiest24h: Int?
    public var target: Int?
    /// Hours of offline selling the numbers left cover at the busiest pace; nil without
    /// history ("sin historial").
    public var hoursCovered: Double?

    /// One line of `caja status`.
    public var text: String {
        let cover = hoursCovered == nil ? BlockSizing.coverageText(nil) : "cubren \(BlockSizing.coverageText(hoursCovered)) de venta offline"
        return "Números disponibles \(type): \(remaining) (\(cover))"
    }
}
