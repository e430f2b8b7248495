import Foundation

/// A device's need for offline numbers of one type, from its own history (N2): enough for
/// its busiest 24 hours with a margin, and a minimum for a till with no history.
public struct BlockSizing: Codable, Sendable, Hashable {
    /// Documents of this type the device issued (online and offline) in its busiest 24 h
    /// (by Panama business day) of the window the server looks at.
    public var busiest24h: Int
    /// Numbers a block the server sizes has: the busiest 24 h with a margin.
    public var target: Int

    public init(busiest24h: Int, target: Int) {
        self.busiest24h = busiest24h
        self.target = target
    }

    /// The register tops up (while online) when it holds fewer numbers than this: less than
    /// its busiest 24 h, or two thirds of a block for a till with little history. A block of
    /// ``target`` then leaves it with more than a busy day's worth, and a till that used a
    /// handful of numbers does not fetch a block for each of them.
    public var refillBelow: Int { max(busiest24h, target * 2 / 3) }

    /// Hours of offline selling `remaining` numbers cover at the busiest pace seen; nil
    /// without history (a new till: its minimum block is all it knows).
    public func hoursCovered(by remaining: Int64) -> Double? {
        guard busiest24h > 0 else { return nil }
        return Double(remaining) * 24 / Double(busiest24h)
    }

    /// ``hoursCovered(by:)`` in Spanish, for the panel and the register alike: "≈ 36 h",
    /// "más de 48 h", or "sin historial" (what matters is whether the 24 h are covered).
    public static func coverageText(_ hours: Double?) -> String {
        guard let hours else { return "sin historial" }
        return hours > 48 ? "más de 48 h" : "≈ \(Int(hours.rounded(.down))) h"
    }
}
