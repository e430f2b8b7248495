import CajaCore
import Foundation

extension Register {
    /// `caja offline on`: explicit activation (O2) by a register that has logged in online
    /// and holds a grant and numbers (O1). The acceptance (who, when, terms version) is
    /// recorded and travels to the server with the documents.
    public func activateOffline(reason: String, acceptTerms: Bool) throws(RegisterError) -> OfflineSession {
        let login = try requireLogin()
        guard try run({ try store.catalogHeader() }) != nil else { throw RegisterError.notLoggedIn }
        guard acceptTerms else {
            throw RegisterError(.offlineTermsNotAccepted, "Acéptelas con --accept-terms:\n\(OfflineTerms.text)")
        }
        if let active = try run({ try store.activeSession() }) {
            throw RegisterError(.offlineAlreadyActive, detail: "desde \(PanamaTime.dgiTimestamp(active.activatedAt))")
        }
        let balances = try run { try store.blockBalances() }
        guard balances.contains(where: { $0.type == DocumentType.invoice.dgiCode && $0.remaining > 0 }) else {
            throw RegisterError(.noNumberBlock, "Conéctese e inicie sesión para recibirlos.")
        }
        let now = self.now
        if let highest = try run({ try store.noteTime(now) }), now < highest {
            throw RegisterError(CajaError(.offlineClockBackwards, "clock is behind the latest time seen"))
        }
        let session = OfflineSession(id: UUID(), activatedAt: now, reason: reason.trimmingCharacters(in: .whitespacesAndNewlines),
                                     acceptedBy: login.user, acceptedAt: now, termsVersion: OfflineTerms.version)
        do { try session.validate() } catch { throw RegisterError(error) }
        try run { try store.startSession(session, at: now) }
        return session
    }

    /// `caja offline off`: back online. Sends every pending document first; the session ends
    /// only when the server has answered for all of them (exit 4 and still offline if it
    /// cannot be reached).
    public func deactivateOffline() async throws(RegisterError) -> SyncSummary {
        let login = try requireLogin()
        guard let session = try run({ try store.activeSession() }) else {
            throw RegisterError(.notOffline)
        }
        let summary = try await sync()
        guard summary.pending == 0 else {
            throw RegisterError(.syncIncomplete, detail: "\(summary.pending) documento(s)",
                                "El modo offline sigue activo. Intente de nuevo: caja offline off")
        }
        let ended = now
        try run { try store.noteTime(ended) }
        try run { try store.endSession(session.id, at: ended) }
        // Tell the server when the session ended (the panel shows it); best effort, the
        // documents are already there.
        var closed = session
        closed.endedAt = ended
        _ = try? await client(login).sync(SyncRequest(sessions: [closed], grants: [], documents: []))
        try? await topUpBlocks(login, refreshSizing: true)
        return summary
    }
}
