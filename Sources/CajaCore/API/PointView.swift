/// A point of sale (punto de facturación, dPtoFacDF) as the settings list it.
public struct PointView: Codable, Sendable, Equatable {
    /// Three digits, 001-999.
    public var code: String
    /// A label for people ("Caja 1, planta baja"); may be empty.
    public var description: String
    /// A deactivated point issues nothing new (online documents, blocks, device logins); its
    /// numbers are never reused, and documents issued offline there before are still accepted.
    public var active: Bool

    public init(code: String, description: String, active: Bool) {
        self.code = code
        self.description = description
        self.active = active
    }
}

/// `POST /v1/admin/points`: a new point, or a deactivated one back with its sequences.
public struct PointRequest: Codable, Sendable {
    public var code: String
    public var description: String

    public init(code: String, description: String = "") {
        self.code = code
        self.description = description
    }
}

/// `PUT /v1/admin/points/{code}`: the point's new description.
public struct PointDescription: Codable, Sendable {
    public var description: String

    public init(description: String) { self.description = description }
}
