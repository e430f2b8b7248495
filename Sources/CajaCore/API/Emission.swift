/// How a document was issued, as the API, the panel and the database name it: `normal`
/// (online, numbered by the server) or `contingency` (offline, from the register's block).
/// ``EmissionType`` is the same distinction with the DGI's codes, for the XML.
public enum Emission: String, Codable, Sendable, CaseIterable {
    case normal
    case contingency

    public init(_ type: EmissionType) { self = type == .normal ? .normal : .contingency }
}
