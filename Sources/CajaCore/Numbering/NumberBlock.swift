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

    public init(block: NumberBlock, signature: String) {
        self.block = block
        self.signature = signature
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
