import Foundation

/// A validated fiscal document: draft + issuer + issuance, with its totals and CUFE.
/// The only ways to make one are ``init(draft:issuer:issuance:)`` and its twin for an issuer
/// checked once for many documents, which refuse anything the DGI would refuse, so no XML is
/// ever written for an invalid document.
public struct FiscalDocument: Hashable, Sendable {
    public let draft: DocumentDraft
    public let issuer: Issuer
    public let issuance: Issuance
    public let totals: DocumentTotals
    public let cufe: CUFE

    public init(draft: DocumentDraft, issuer: Issuer, issuance: Issuance) throws(CajaError) {
        try self.init(draft: draft, issuer: CheckedIssuer(issuer), issuance: issuance)
    }

    /// The same, for an issuer already checked (``CheckedIssuer``): everything else is checked
    /// here, for each document.
    public init(draft: DocumentDraft, issuer checked: CheckedIssuer, issuance: Issuance) throws(CajaError) {
        let issuer = checked.issuer
        try draft.validate()
        if let contingency = issuance.contingency {
            try contingency.validate(issuedAt: issuance.issuedAt)
            guard draft.receiver.isFinalConsumer else {
                throw CajaError(.contingencyForTaxpayer, field: "receiver",
                                "a contingency document cannot go to a taxpayer (DGI 1505)")
            }
        }
        self.draft = draft
        self.issuer = issuer
        self.issuance = issuance
        self.totals = draft.totals
        self.cufe = CUFE(
            documentType: draft.type.dgiCode, rucKind: issuer.taxID.kind.rawValue, ruc: issuer.taxID.ruc,
            dv: issuer.taxID.dv, branch: issuer.branch, compactDate: PanamaTime.compactDate(issuance.issuedAt),
            number: issuance.number, pointOfSale: issuance.pointOfSale,
            emissionType: issuance.emissionType.dgiCode, environment: issuer.environment.dgiCode,
            securityCode: issuance.securityCode)
    }

    public var id: UUID { draft.id }
}

extension FiscalDocument: Codable {
    enum CodingKeys: String, CodingKey { case draft, issuer, issuance, cufe }

    /// Decoding re-validates and recomputes: a stored or received document whose CUFE does not
    /// match its contents is refused.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let draft = try container.decode(DocumentDraft.self, forKey: .draft)
        let issuer = try container.decode(Issuer.self, forKey: .issuer)
        let issuance = try container.decode(Issuance.self, forKey: .issuance)
        let claimed = try container.decodeIfPresent(String.self, forKey: .cufe)
        do { try self.init(draft: draft, issuer: issuer, issuance: issuance) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
        if let claimed, claimed != cufe.value {
            throw DecodingError.dataCorruptedError(forKey: .cufe, in: container,
                                                   debugDescription: "CUFE does not match the document's contents")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(draft, forKey: .draft)
        try container.encode(issuer, forKey: .issuer)
        try container.encode(issuance, forKey: .issuance)
        try container.encode(cufe.value, forKey: .cufe)
    }
}
