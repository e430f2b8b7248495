import Foundation

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
