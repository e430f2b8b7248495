import Foundation

/// A register (caja) as the settings list it: where it is, when it last called, and what of
/// the company's numbering and documents it still holds.
public struct DeviceView: Codable, Sendable, Equatable {
    public var id: UUID
    public var name: String
    /// The point of sale of its last login.
    public var point: String?
    public var createdAt: Date
    /// Its last authenticated request, to the minute (nil: none since this was recorded).
    public var lastSeenAt: Date?
    public var retiredAt: Date?
    /// Its active number blocks, how many numbers they hold and how many stored documents used.
    public var blocks: Int
    public var blockNumbers: Int64
    public var blockNumbersUsed: Int64
    /// Offline sessions it told the server about and did not end yet.
    public var openOfflineSessions: Int
    /// Its documents the DGI has not authorized yet (pending or sent), rejected, and quarantined.
    public var pendingDocuments: Int
    public var rejectedDocuments: Int
    public var quarantinedDocuments: Int

    public init(id: UUID, name: String, point: String?, createdAt: Date, lastSeenAt: Date?, retiredAt: Date?, blocks: Int,
                blockNumbers: Int64, blockNumbersUsed: Int64, openOfflineSessions: Int, pendingDocuments: Int,
                rejectedDocuments: Int, quarantinedDocuments: Int) {
        self.id = id
        self.name = name
        self.point = point
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.retiredAt = retiredAt
        self.blocks = blocks
        self.blockNumbers = blockNumbers
        self.blockNumbersUsed = blockNumbersUsed
        self.openOfflineSessions = openOfflineSessions
        self.pendingDocuments = pendingDocuments
        self.rejectedDocuments = rejectedDocuments
        self.quarantinedDocuments = quarantinedDocuments
    }
}
