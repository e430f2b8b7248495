/// Where a document is on its way to the DGI (N5): the submission's state and the
/// document's `dgiStatus`. The raw values are the wire's and the database's.
///
/// A document is stored checked but unsigned (issue 16, item 2): the DGI queue signs it when
/// it first submits it. So ``unsigned`` and ``certificateExpired`` mean "no signature yet";
/// every other state means the stored rFE is signed. Both are states, not errors: the
/// document is kept and the queue goes on with it by itself.
public enum DGIState: String, Codable, Sendable, CaseIterable {
    /// Stored (signed), waiting for its first (or next) submission.
    case pending
    /// Submitted at least once without a final answer (the DGI was down, or timed out).
    case sent
    /// Authorized by the DGI (it has a dProAut). Final: never overwritten.
    case authorized
    /// Refused by the DGI's rules. Final, except that the panel may retry a fixable one.
    case rejected
    /// Stored and checked (N3, N4), not signed yet: the queue signs it when it submits it.
    case unsigned
    /// Not signed because the company's certificate is past its validity: held, never sent,
    /// until a new certificate is uploaded; then signed and sent by itself.
    case certificateExpired

    /// States the queue still works on.
    public static let open: [DGIState] = [.unsigned, .pending, .sent, .certificateExpired]

    /// A final answer from the DGI.
    public var isFinal: Bool { self == .authorized || self == .rejected }

    /// The stored rFE has no signature yet; the queue signs before it sends.
    public var needsSignature: Bool { self == .unsigned || self == .certificateExpired }
}
