import CajaCore
import CajaRegister
import Foundation

extension TillService {
    /// The conditions the dialog shows in full (O2), and common reasons to pick from.
    func terms() -> TillAPI.TermsView {
        TillAPI.TermsView(text: OfflineTerms.text, version: OfflineTerms.version, reasons: [
            "Sin internet: el proveedor no responde",
            "Corte de energía en el local, sin conexión",
            "El servidor de facturación no responde",
            "Falla del equipo de red (router) del local",
        ])
    }

    /// "Activar modo offline" (O1–O3): the register's own activation decides (a prior online
    /// login, numbers, a reason of 15–150 characters, the explicit acceptance).
    func offlineOn(_ request: TillAPI.OfflineOnRequest) throws(TillError) -> TillAPI.StatusView {
        let session: OfflineSession
        do {
            session = try register.activateOffline(reason: request.reason, acceptTerms: request.accept ?? false)
        } catch where error.code == "OFFLINE_TERMS_NOT_ACCEPTED" {
            throw TillError(error, "Para activar el modo offline debe marcar «Acepto las condiciones y riesgos del modo offline».")
        } catch {
            throw TillError(error)
        }
        window.activated(session, store: store)
        logger.notice("offline mode activated by \(session.acceptedBy)")
        return try status()
    }

    /// "Volver a línea" (O11): sends everything pending first; the session ends only when the
    /// server has answered for all of it.
    func offlineOff() async throws(TillError) -> TillAPI.StatusView {
        syncState.running = true
        do {
            let summary = try await register.deactivateOffline()
            syncState = SyncState(running: false, at: now, sent: summary.sent, conflicts: summary.conflicts,
                                  rejected: summary.rejected, error: summary.journalProblem)
        } catch {
            syncState.running = false
            throw noting(error).forScreen(offline: true)
        }
        noteContact()
        window.ended(store: store)
        return try status()
    }
}
