import Foundation

/// A block of numbers reserved by the server for one device, point of sale and offline
/// document type (N2). Offline documents draw only from their device's blocks.
public struct NumberBlock: Codable, Sendable, Hashable {
    public var id: UUID
    public var companyID: UUID
    public var deviceID: UUID
    public var pointOfSale: PointOfSale
    public var type: DocumentType
    public var first: Int64
    public var last: Int64
    public var issuedAt: Date

    public init(id: UUID, companyID: UUID, deviceID: UUID, pointOfSale: PointOfSale, type: DocumentType,
                first: Int64, last: Int64, issuedAt: Date) {
        self.id = id
        self.companyID = companyID
        self.deviceID = deviceID
        self.pointOfSale = pointOfSale
        self.type = type
        self.first = first
        self.last = last
        self.issuedAt = issuedAt
    }

    /// Blocks with unused numbers a device may hold per point and type (N2); the server
    /// refuses another (TOO_MANY_BLOCKS) and the register stops asking at it.
    public static let maxHeldPerType = 4

    public func contains(_ number: Int64) -> Bool { (first...last).contains(number) }

    public var size: Int64 { last - first + 1 }

    /// The exact bytes the server signs: a versioned, unambiguous line of the block's fields.
    /// Both sides compute it the same way; JSON key order never matters.
    public var signingPayload: Data {
        let millis = Int64((issuedAt.timeIntervalSince1970 * 1000).rounded(.down))
        let text = [
            "caja-block-v1", id.uuidString, companyID.uuidString, deviceID.uuidString, pointOfSale.code,
            type.dgiCode, String(first), String(last), String(millis),
        ].joined(separator: "|")
        return Data(text.utf8)
    }
}

/// A block with the server's Ed25519 signature over ``NumberBlock/signingPayload``: the
/// offline grant the device keeps and sends back with its documents (N4).
public struct SignedNumberBlock: Codable, Sendable, Hashable {
    public var block: NumberBlock
    /// Base64 Ed25519 signature.
    public var signature: String
    /// How the server sized blocks of this type for this device when it answered (advice,
    /// outside the signature; absent in grants the register sends back).
    public var sizing: BlockSizing?

    public init(block: NumberBlock, signature: String, sizing: BlockSizing? = nil) {
        self.block = block
        self.signature = signature
        self.sizing = sizing
    }

    /// Equal when block and signature are: the advice is not part of the grant.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.block == rhs.block && lhs.signature == rhs.signature }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(block)
        hasher.combine(signature)
    }
}

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

/// `POST /v1/blocks` body.
public struct BlockRequest: Codable, Sendable {
    /// "01" or "06": the offline document types.
    public var type: DocumentType
    /// How many numbers; the server caps it.
    public var size: Int?

    public init(type: DocumentType, size: Int? = nil) {
        self.type = type
        self.size = size
    }
}
