/// What a sync did.
public struct SyncSummary: Codable, Sendable, Equatable {
    /// Committed by the server now or before (accepted + duplicate).
    public var sent: Int = 0
    public var duplicates: Int = 0
    public var conflicts: Int = 0
    public var rejected: Int = 0
    /// Still in the outbox afterwards.
    public var pending: Int = 0
    /// Why old journal segments could not be removed (the journal could not be read), if so.
    public var journalProblem: String?
}
