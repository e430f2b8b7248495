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
