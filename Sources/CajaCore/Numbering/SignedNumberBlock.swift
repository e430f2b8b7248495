import Foundation

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
