/// How the document was issued (tipo de emisión, iTpEmis).
public enum EmissionType: String, Codable, Sendable {
    /// 01: prior authorization, normal (online).
    case normal = "01"
    /// 04: later authorization, contingency (modo offline). Carries dFechaCont and dMotCont.
    case offlineContingency = "04"

    public var dgiCode: String { rawValue }
}
