/// Where a document is on its way to the DGI (N5): the submission's state and the
/// document's `dgiStatus`. The raw values are the wire's and the database's.
public enum DGIState: String, Codable, Sendable, CaseIterable {
    /// Stored, waiting for its first (or next) submission.
    case pending
    /// Submitted at least once without a final answer (the DGI was down, or timed out).
    case sent
    /// Authorized by the DGI (it has a dProAut). Final: never overwritten.
    case authorized
    /// Refused by the DGI's rules. Final, except that the panel may retry a fixable one.
    case rejected

    /// States the queue still works on.
    public static let open: [DGIState] = [.pending, .sent]

    /// A final answer from the DGI.
    public var isFinal: Bool { self == .authorized || self == .rejected }
}
