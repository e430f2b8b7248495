import CajaCore
import Foundation

/// The cash register: one object per command run, over the store in its home directory and
/// the server it logged in to. Every method is one command of `caja`.
public final class Register: Sendable {
    public let store: RegisterStore
    public let configuration: RegisterConfiguration

    public init(_ configuration: RegisterConfiguration) throws(RegisterError) {
        self.configuration = configuration
        do {
            store = try RegisterStore(home: configuration.home, journalDirectory: configuration.journalDirectory,
                                      journalSegmentLimit: configuration.journalSegmentBytes)
        } catch let error as RegisterError {
            throw error
        } catch {
            throw RegisterError(.storeUnavailable, detail: "\(configuration.home.path): \(error)")
        }
    }

    /// Now, to the second (every time in the XML is whole seconds).
    var now: Date { Date(timeIntervalSince1970: configuration.clock().timeIntervalSince1970.rounded(.down)) }

    func client(_ login: RegisterLogin) -> ServerClient {
        ServerClient(baseURL: login.serverURL, token: login.token, timeout: configuration.requestTimeout)
    }

    func requireLogin() throws(RegisterError) -> RegisterLogin {
        guard let login = try run({ try store.login() }) else { throw RegisterError.notLoggedIn }
        return login
    }

    /// Runs a store operation, turning storage failures into a register error.
    @discardableResult
    func run<T>(_ body: () throws -> T) throws(RegisterError) -> T {
        do { return try body() } catch let error as RegisterError { throw error } catch let error as CajaError {
            throw RegisterError(error)
        } catch {
            throw RegisterError(.storeError, detail: "\(error)")
        }
    }

    // MARK: - Session

    /// `caja login`: logs the device in online, downloads the catalog and tops up its number
    /// blocks so it is ready for an outage (O1, N2). Switching to another point of sale with
    /// unsent documents is refused (N1).
    @discardableResult
    public func login(server: String, user: String, password: String, pointOfSale: String,
                      device: String) async throws(RegisterError) -> RegisterLogin {
        if let current = try run({ try store.login() }), current.pointOfSale != pointOfSale {
            let pending = try run { try store.pendingCount() }
            if pending > 0 { throw RegisterError.unsent(pending, action: "cambiar de punto de facturación") }
        }
        var client = ServerClient(baseURL: server, timeout: configuration.requestTimeout)
        // The device is this register's key, not its name (issue 13): the login is signed.
        let key = try DeviceKeyFile(directory: store.journal.directory).loadOrCreate()
        let request: SessionRequest
        do {
            request = try SessionRequest(user: user, password: password, pointOfSale: pointOfSale, device: device).signed(with: key, at: now)
        } catch {
            throw RegisterError(.deviceKeyUnreadable, detail: "\(error)", "No se pudo firmar el inicio de sesión con ella.")
        }
        let session: SessionResponse
        do {
            session = try await client.login(request)
        } catch {
            throw explained(error)
        }
        guard let deviceID = session.deviceID, let point = session.pointOfSale else {
            throw RegisterError(.notADevice, "Indique el punto con --pos y el equipo con --device.")
        }
        client.token = session.token
        let catalog = try await client.catalog()
        let login = RegisterLogin(serverURL: client.baseURL, user: session.user, role: session.role.rawValue, token: session.token,
                                  expiresAt: session.expiresAt, companyID: session.companyID, companyName: session.companyName,
                                  pointOfSale: point, deviceID: deviceID, deviceName: device)
        try run { try store.saveLogin(login, catalog: catalog) }
        try run { try store.noteTime(now) }
        try await topUpBlocks(login, refreshSizing: true)
        _ = try? await sync()   // anything left from before goes out with the login
        return login
    }

    /// `caja logout`: refused while any document is unsent (N1).
    public func logout() async throws(RegisterError) {
        let login = try requireLogin()
        let pending = try run { try store.pendingCount() }
        guard pending == 0 else { throw RegisterError.unsent(pending, action: "cerrar la sesión") }
        if let session = try run({ try store.activeSession() }) { try run { try store.endSession(session.id, at: now) } }
        await client(login).logout()
        try run { try store.saveLogin(nil, catalog: nil) }
    }

    /// `caja reset`: forgets this register (store and journal) after handing its unused
    /// numbers back to the server, where they become a voided range (N2). Refused while any
    /// document is unsent, or when the server cannot be told (N1: nothing lost, nothing
    /// silently reused).
    public func reset() async throws(RegisterError) -> Int64 {
        let pending = try run { try store.pendingCount() }
        guard pending == 0 else { throw RegisterError.unsent(pending, action: "reiniciar la caja") }
        var voided: Int64 = 0
        if let login = try run({ try store.login() }) {
            voided = try await client(login).returnBlocks()
            await client(login).logout()
        }
        try run { try store.erase() }
        return voided
    }

    /// `caja status`: what the O3 banner shows, as data, with the numbers left per offline
    /// type and the hours they cover, and where the journal is and how big.
    public func status() throws(RegisterError) -> RegisterStatus {
        let now = self.now
        // O8: the time read here counts as seen, like a sale's.
        let highest = try run { try store.noteTime(now) }
        let login = try run { try store.login() }
        let identity = try run { try store.identity() }
        let session = try run { try store.activeSession() }
        let balances = try run { try store.blockBalances() }
        var status = RegisterStatus(
            loggedIn: login != nil, user: identity?.user, pointOfSale: identity?.pointOfSale, server: identity?.serverURL,
            mode: session == nil ? .online : .offline, offlineSince: session?.activatedAt, secondsLeft: nil,
            reason: session?.reason, pending: try run { try store.pendingCount() },
            conflicts: try run { try store.count(status: .conflict) }, rejected: try run { try store.count(status: .rejected) },
            blocks: balances, clockProblem: nil, coverage: [],
            journal: JournalStatus(directory: configuration.journalDirectory.path))
        for type in [DocumentType.invoice, .genericCreditNote] {
            let remaining = balances.first { $0.type == type.dgiCode }?.remaining ?? 0
            let sizing = try run { try store.sizing(for: type) }
            status.coverage.append(OfflineCoverage(type: type.dgiCode, remaining: remaining, busiest24h: sizing?.busiest24h,
                                                   target: sizing?.target, hoursCovered: sizing?.hoursCovered(by: remaining)))
        }
        do {
            let usage = try store.journal.diskUsage()
            status.journal.bytes = usage.bytes
            status.journal.segments = usage.segments
        } catch {
            status.journal.problem = (error as? RegisterError)?.message ?? "\(error)"
        }
        if let session {
            status.secondsLeft = Int(configuration.policy.remaining(in: session, at: max(now, highest ?? now)))
            do { try configuration.policy.checkClock(session: session, at: now, latestSeen: highest) } catch {
                status.mode = .offlineBlocked
                status.clockProblem = RegisterError(error).message
            }
        }
        return status
    }
}
