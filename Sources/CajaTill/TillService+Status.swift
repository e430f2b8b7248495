import CajaCore
import CajaRegister
import Foundation

extension TillService {
    /// What the status bar and the offline banner show (O3), with the 24 h measured by the
    /// boot clock as well as by the register's rule (O8): whichever ends first.
    func status() throws(TillError) -> TillAPI.StatusView {
        let status: RegisterStatus
        do { status = try register.status() } catch { throw TillError(error) }
        let session = try stored { try store.activeSession() }
        var secondsLeft = status.secondsLeft
        var blocked = status.mode == .offlineBlocked
        var blockedReason = status.clockProblem
        if let session {
            let left = bootSecondsLeft(session, registerLeft: status.secondsLeft ?? 0)
            secondsLeft = min(secondsLeft ?? left, left)
            if left <= 0, !blocked {
                blocked = true
                blockedReason = Self.windowOver
            }
        }
        if blocked, (secondsLeft ?? 0) <= 0 { blockedReason = Self.windowOver }
        var problems: [TillAPI.ProblemView] = []
        if status.conflicts + status.rejected > 0 {
            problems = try stored { try store.documents() }.filter { $0.status == .conflict || $0.status == .rejected }.map {
                TillAPI.ProblemView(type: $0.document.draft.type.dgiCode, number: $0.document.issuance.number.value,
                                    status: $0.status == .conflict ? "en conflicto" : "rechazado", code: $0.code, message: $0.message)
            }
        }
        let login = try stored { try store.login() }
        let lastContact = try stored { try store.tillValue(Date.self, Self.lastContactKey) }
        let mode: RegisterMode = blocked ? .offlineBlocked : status.mode
        var banner: String
        if session == nil {
            banner = "EN LÍNEA"
        } else {
            banner = "MODO OFFLINE — quedan \(DisplayTime.duration(secondsLeft ?? 0)) de las 24 h — \(status.pending) documento(s) pendiente(s) de envío"
            if blocked { banner = "MODO OFFLINE — EMISIÓN BLOQUEADA — \(status.pending) documento(s) pendiente(s) de envío" }
        }
        return TillAPI.StatusView(
            loggedIn: status.loggedIn, user: status.user, company: login?.companyName, pointOfSale: status.pointOfSale,
            server: status.server, mode: mode, offline: session != nil, blocked: blocked, blockedReason: blocked ? blockedReason : nil,
            offlineSince: session.map { DisplayTime.text($0.activatedAt) }, secondsLeft: session == nil ? nil : secondsLeft,
            timeLeft: session == nil ? nil : DisplayTime.duration(secondsLeft ?? 0), reason: status.reason,
            pending: status.pending, conflicts: status.conflicts, rejected: status.rejected, problems: problems,
            numbers: status.coverage.map {
                TillAPI.NumbersView(type: $0.type, remaining: $0.remaining, hours: BlockSizing.coverageText($0.hoursCovered))
            },
            connection: connection, lastContact: lastContact.map(DisplayTime.text),
            sync: TillAPI.SyncView(running: syncState.running, at: syncState.at.map(DisplayTime.text), sent: syncState.sent,
                                   conflicts: syncState.conflicts, rejected: syncState.rejected, error: syncState.error),
            printer: configuration.printer?.description, drawer: configuration.drawer, banner: banner, now: DisplayTime.text(now))
    }

    static let windowOver = """
        Terminó el plazo de 24 horas del modo offline: no se puede emitir más. Conecte la caja a internet; \
        los documentos pendientes se enviarán solos. Cuando no quede ninguno, pulse «Volver a línea».
        """

    /// Seconds left of `session`'s 24 h by the boot clock.
    func bootSecondsLeft(_ session: OfflineSession, registerLeft: Int) -> Int {
        let total = configuration.register.policy.window
        let elapsed = window.elapsed(session: session, wallElapsed: total - Double(registerLeft), store: store)
        return Int(max(0, total - elapsed).rounded(.down))
    }

    /// Refuses offline issuing once the boot clock says the 24 h are over (O8), before the
    /// register's own check of the wall clock and its high-water mark.
    func checkBootWindow() throws(TillError) {
        guard let session = try stored({ try store.activeSession() }) else { return }
        let wallLeft = Int(configuration.register.policy.remaining(in: session, at: now))
        if bootSecondsLeft(session, registerLeft: wallLeft) <= 0 {
            throw TillError(.offlineWindowExpired, Self.windowOver)
        }
    }
}
