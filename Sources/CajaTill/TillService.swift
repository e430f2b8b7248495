import AsyncHTTPClient
import CajaCore
import CajaRegister
import Foundation
import Logging

/// The till's one long-lived register: every request of the page goes through here to the
/// same `Register` methods the command line calls, so every rule (O1–O11, N1–N3) holds
/// identically, and the store stays the truth (the cart included). An actor: the page's
/// requests and the background probe take turns.
public actor TillService {
    let register: Register
    let configuration: TillConfiguration
    let window: OfflineWindowGuard
    let printer: ReceiptPrinter?
    let logger = Logger(label: "caja.till")
    var products: [String: Product] = [:]
    /// Each product's name and code folded (case and accents away), as UTF-8: a search of
    /// 50,000 compares bytes (issue 15: p99 < 20 ms).
    var searchIndex: [(folded: [UInt8], product: Product)] = []
    /// ok, down or unknown: how the last contact with the server went.
    var connection = "unknown"
    var syncState = SyncState()
    /// A payment is being issued: a second one (a double Enter, a second tab) is refused
    /// rather than selling the same cart twice while the first waits for the server.
    var paying = false
    var catalogReadAt: ContinuousClock.Instant?
    /// The store's catalog version the index was built from (nil: unknown, rebuild on refresh).
    var indexedVersion: String?

    static let lastContactKey = "lastContact"

    public init(_ configuration: TillConfiguration) throws(RegisterError) {
        self.configuration = configuration
        register = try Register(configuration.register)
        window = OfflineWindowGuard(clock: configuration.bootClock, window: configuration.register.policy.window)
        printer = configuration.printer.map { ReceiptPrinter(destination: $0, timeout: configuration.printTimeout) }
        // As reindex() does (the version read first); an actor's init cannot call it.
        indexedVersion = try? register.store.catalogVersion()
        (products, searchIndex) = Self.index(try? register.store.catalog())
    }

    /// Rebuilds the product index from the store's catalog, unless it was built from the
    /// version the store holds (with 50,000 products a rebuild takes a while, and the actor
    /// serves no payment meanwhile).
    func reindex() {
        let version = try? store.catalogVersion()
        if let version, version == indexedVersion { return }
        (products, searchIndex) = Self.index(try? store.catalog())
        indexedVersion = version
    }

    static func index(_ catalog: CatalogResponse?) -> ([String: Product], [(folded: [UInt8], product: Product)]) {
        let list = catalog?.products ?? []
        return (byCode(list), list.map(entry))
    }

    /// Each product by its code, and by its barcode: a scanned barcode finds its product too;
    /// a product's own code wins a clash.
    static func byCode(_ list: [Product]) -> [String: Product] {
        var byCode: [String: Product] = [:]
        for product in list { byCode[product.code] = product }
        for product in list { if let barcode = product.barcode, byCode[barcode] == nil { byCode[barcode] = product } }
        return byCode
    }

    static func entry(_ product: Product) -> (folded: [UInt8], product: Product) {
        (Array(fold(product.name + " " + product.code + " " + (product.barcode ?? "")).utf8), product)
    }

    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "es_PA"))
    }

    var now: Date { configuration.register.clock() }
    var store: RegisterStore { register.store }

    /// A store call, its failure as a till error.
    func stored<T>(_ body: () throws -> T) throws(TillError) -> T {
        do { return try body() } catch let error as RegisterError { throw TillError(error) } catch {
            throw TillError(.storeError, "Error en la base de datos de la caja: \(error)")
        }
    }

    func noteContact() {
        connection = "ok"
        try? store.setTillValue(now, Self.lastContactKey)
    }

    /// A failure to reach the server marks the connection down; others leave it as it is.
    func noting(_ error: RegisterError) -> TillError {
        if error.kind == .unavailable { connection = "down" }
        return TillError(error)
    }

    // MARK: - Session

    func login(_ request: TillAPI.LoginRequest) async throws(TillError) -> TillAPI.StatusView {
        let device = request.device.flatMap { $0.isEmpty ? nil : $0 } ?? configuration.deviceName
        do {
            try await register.login(server: request.server, user: request.user, password: request.password,
                                     pointOfSale: request.pos, device: device)
        } catch where error.kind == .unavailable {
            connection = "down"
            throw TillError(error,
                            "No hay conexión con el servidor \(request.server). Revise la dirección y la red, e intente de nuevo.")
        } catch {
            throw TillError(error)
        }
        noteContact()
        reindex()
        return try status()
    }

    func logout() async throws(TillError) -> TillAPI.OK {
        do { try await register.logout() } catch { throw noting(error) }
        try stored { try Cart().save(store) }
        return TillAPI.OK()
    }

    // MARK: - Background

    /// One turn of the background probe: while offline or with documents pending, asks the
    /// server whether it answers and, when it does, sends the pending documents at once (O11).
    /// Online with nothing pending it checks the connection, for the status bar, and whether
    /// the catalog changed (``Register/refreshCatalog(force:)``).
    public func probe() async {
        refreshCatalog()
        guard let login = try? store.login() else { return }
        let pending = (try? store.pendingCount()) ?? 0
        guard await Self.answers(login.serverURL) else {
            connection = "down"
            return
        }
        noteContact()
        if pending > 0 { await sendPending() }
        // A changed catalog (a new price in the panel) reaches the screen within a minute.
        if let update = try? await register.updateCatalog() { apply(update) }
    }

    /// Re-reads the catalog from the store at most once a minute: a `caja login` from the
    /// command line on the same home brings a new one the screen must sell from.
    func refreshCatalog() {
        let now = ContinuousClock.now
        if let last = catalogReadAt, now - last < .seconds(60) { return }
        catalogReadAt = now
        reindex()
    }

    /// Sends what is pending now (the probe, once the server answers), recording the outcome
    /// for the screen.
    func sendPending() async {
        syncState.running = true
        defer { syncState.running = false }
        _ = await recordedSync(running: true)
    }

    /// One sync, its outcome recorded for the screen (a failure to reach the server marks the
    /// connection down); answers the register's error when it failed.
    private func recordedSync(running: Bool) async -> RegisterError? {
        do {
            let summary = try await register.sync()
            syncState = SyncState(running: running, at: now, sent: summary.sent, conflicts: summary.conflicts,
                                  rejected: summary.rejected, error: summary.journalProblem)
            noteContact()
            return nil
        } catch {
            syncState.at = now
            syncState.error = error.message
            if error.kind == .unavailable { connection = "down" }
            return error
        }
    }

    /// Whether the server answers `GET /health` (a short timeout: this runs in the background).
    static func answers(_ server: String) async -> Bool {
        var request = HTTPClientRequest(url: server + "/health")
        request.method = .GET
        do {
            let response = try await ServerClient.http.execute(request, timeout: .seconds(5))
            _ = try? await response.body.collect(upTo: 1 << 16)
            return response.status == .ok
        } catch {
            return false
        }
    }

    /// `POST /api/sync`: send now.
    func syncNow() async throws(TillError) -> TillAPI.StatusView {
        if let error = await recordedSync(running: false) { throw TillError(error) }
        return try status()
    }
}
