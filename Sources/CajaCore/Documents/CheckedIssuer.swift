/// An issuer that passed ``Issuer/validate()``, for the many documents it issues: a batch
/// the server checks, the sales of a register between two catalog saves. The check is the
/// larger part of making a ``FiscalDocument`` (issue 16: a fifth of an offline sale's own
/// CPU, run again for every document of a sync), and its answer is the same for every
/// document of one issuer, so it is made once and carried in the type.
public struct CheckedIssuer: Hashable, Sendable {
    public let issuer: Issuer

    public init(_ issuer: Issuer) throws(CajaError) {
        try issuer.validate()
        self.issuer = issuer
    }
}
