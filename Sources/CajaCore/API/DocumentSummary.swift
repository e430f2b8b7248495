import Foundation

/// One document as the API lists it. `issuedAt` is ISO 8601 with the Panama offset.
public struct DocumentSummary: Codable, Sendable, Hashable {
    public var id: UUID
    public var type: DocumentType
    public var number: Int64
    /// "001"
    public var point: String
    public var cufe: String
    public var emission: Emission
    public var total: Money
    public var issuedAt: String
    public var dgiStatus: DGIState

    public init(id: UUID, type: DocumentType, number: Int64, point: String, cufe: String, emission: Emission,
                total: Money, issuedAt: String, dgiStatus: DGIState) {
        self.id = id
        self.type = type
        self.number = number
        self.point = point
        self.cufe = cufe
        self.emission = emission
        self.total = total
        self.issuedAt = issuedAt
        self.dgiStatus = dgiStatus
    }
}
