import Foundation

/// What the numbering authority decides when a draft becomes a fiscal document: where
/// (point of sale), which number, when, its security code and, offline, its contingency.
public struct Issuance: Hashable, Codable, Sendable {
    /// dPtoFacDF
    public var pointOfSale: PointOfSale
    /// dNroDF
    public var number: DocumentNumber
    /// dFechaEm
    public var issuedAt: Date
    /// dSeg
    public var securityCode: SecurityCode
    /// Set for documents issued in modo offline (iTpEmis 04); nil for online ones (01).
    public var contingency: Contingency?

    public init(pointOfSale: PointOfSale, number: DocumentNumber, issuedAt: Date,
                securityCode: SecurityCode, contingency: Contingency? = nil) {
        self.pointOfSale = pointOfSale
        self.number = number
        self.issuedAt = issuedAt
        self.securityCode = securityCode
        self.contingency = contingency
    }

    /// iTpEmis, derived from whether there is a contingency.
    public var emissionType: EmissionType { contingency == nil ? .normal : .offlineContingency }
}
