import Foundation

/// The offline rules (PRODUCT.md O4-O8) in one place. The register calls it to refuse a
/// sale before anything is stored; the server calls it to verify what a device uploads (N4).
public struct OfflinePolicy: Sendable {
    /// O8: offline continuity lasts this long from activation.
    public var window: TimeInterval

    public static let standard = OfflinePolicy(window: 24 * 3600)

    public init(window: TimeInterval) { self.window = window }

    /// Whether `draft` may be issued at `now` in `session`.
    ///
    /// - Parameters:
    ///   - latestSeen: the highest time the device (or, on the server, the previous document
    ///     of the session) has seen. A `now` earlier than it means the clock went backwards,
    ///     which would otherwise stretch the window (O8), so issuing is refused.
    /// - Throws: the first rule broken, as a ``CajaError`` with an `OFFLINE_*` code.
    public func check(_ draft: DocumentDraft, in session: OfflineSession, at now: Date, latestSeen: Date? = nil) throws(CajaError) {
        try checkClock(session: session, at: now, latestSeen: latestSeen)
        guard draft.billingMethod == .cashRegister else {
            throw CajaError(.offlineBillingMethod, field: "billingMethod", "offline allows only the cash-register method (O4)")
        }
        guard draft.receiver.isFinalConsumer else {
            throw CajaError(.offlineReceiver, field: "receiver", "offline documents go to consumidor final (O5)")
        }
        guard draft.type == .invoice || draft.type == .genericCreditNote else {
            throw CajaError(.offlineDocumentType, field: "type", "offline allows only 01 and 06, not \(draft.type.dgiCode) (O6)")
        }
        if let index = draft.payments.firstIndex(where: { $0.method != .cash }) {
            throw CajaError(.offlinePaymentMethod, field: "payments[\(index)].method", "offline accepts only cash (O7)")
        }
    }

    /// The time checks alone (O8 and the untrusted clock), for a device asking whether it may
    /// still issue at all.
    public func checkClock(session: OfflineSession, at now: Date, latestSeen: Date? = nil) throws(CajaError) {
        if let latestSeen, now < latestSeen {
            throw CajaError(.offlineClockBackwards, field: "issuedAt", "clock is behind the latest time seen")
        }
        guard now >= session.activatedAt else {
            throw CajaError(.offlineBeforeActivation, field: "issuedAt", "time is before the offline session began")
        }
        guard now < deadline(of: session) else {
            throw CajaError(.offlineWindowExpired, field: "issuedAt", "more than 24 h since offline activation (O8)")
        }
        // A session that ended (the register went back online) issues nothing more, even if
        // a register brings it back (N4: the server knows the end it was told first).
        if let end = session.endedAt, now > end {
            throw CajaError(.offlineAfterSessionEnd, field: "issuedAt", "time is after the offline session ended")
        }
    }

    /// The end of the session's issuing window (O8).
    public func deadline(of session: OfflineSession) -> Date { session.activatedAt.addingTimeInterval(window) }

    /// Time left to issue at `now`, never negative.
    public func remaining(in session: OfflineSession, at now: Date) -> TimeInterval {
        max(0, deadline(of: session).timeIntervalSince(now))
    }

    /// Checks an offline document as a whole: its draft against the rules at its own issue
    /// time, and that it carries exactly the session's contingency data (O10).
    public func verify(_ document: FiscalDocument, in session: OfflineSession, latestSeen: Date? = nil) throws(CajaError) {
        guard let contingency = document.issuance.contingency,
              PanamaTime.seconds(contingency.start) == PanamaTime.seconds(session.activatedAt),
              contingency.reason == session.reason else {
            throw CajaError(.offlineContingencyMismatch, field: "issuance.contingency",
                            "document contingency data differs from its offline session")
        }
        try check(document.draft, in: session, at: document.issuance.issuedAt, latestSeen: latestSeen)
    }
}
