import CajaCore
import DGISimulator
import Foundation
import Hummingbird
import Logging

/// The running parts of the server: database, services and the HTTP application.
///
/// ``start(_:logger:)`` opens the database (starting the PostgreSQL pool when there is
/// one), migrates, seeds the demo company on first start and loads the grant key;
/// ``makeApplication()`` builds the Hummingbird app on top; ``shutdown()`` closes it all.
/// The executable and the tests use the same path.
public final class CajaServerApp: Sendable {
    public let configuration: ServerConfiguration
    public let database: any DatabaseDriver
    let accounts: AccountService
    let companies: CompanyService
    let numbering: NumberingService
    let documents: DocumentService
    let sync: SyncService
    let zReports: ZReportService
    let panel: PanelRenderer
    public let metrics = Metrics()
    /// Requests in flight, and the refusal of new ones once a stop begins.
    let gate = RequestGate()
    let worker: SubmissionWorker
    /// The simulator mounted under /sim/dgi when no DGI URL is configured.
    public let embeddedDGI: DGISimulator?
    /// The embedded simulator's admin token (for the console banner).
    public let simulatorToken: String?
    private let workerTask: Task<Void, Never>?
    private let poolTask: Task<Void, Never>?
    let logger: Logger

    private init(configuration: ServerConfiguration, database: any DatabaseDriver, poolTask: Task<Void, Never>?,
                 grantKey: GrantKey, secrets: SecretBox, panel: PanelRenderer, logger: Logger) {
        self.panel = panel
        self.configuration = configuration
        self.database = database
        self.poolTask = poolTask
        self.logger = logger
        let worker = SubmissionWorker(
            database: database,
            settings: .init(pollInterval: configuration.dgiPollInterval, backoffBase: configuration.dgiBackoffBase,
                            backoffMax: configuration.dgiBackoffMax, batchSize: configuration.dgiBatchSize,
                            lease: configuration.dgiLease, timeout: configuration.dgiTimeout),
            url: configuration.dgiURL, metrics: metrics, logger: logger)
        self.worker = worker
        let clock = configuration.clock
        let token = configuration.dgiSimulatorToken ?? AccountService.newToken()
        simulatorToken = configuration.dgiSimulator ? token : nil
        embeddedDGI = configuration.dgiSimulator ? DGISimulator(clock: { clock.now() }, adminToken: token) : nil
        workerTask = configuration.dgiWorker ? Task { await worker.run() } : nil
        accounts = AccountService(database: database, configuration: configuration)
        companies = CompanyService(database: database, accounts: accounts, clock: configuration.clock, secrets: secrets)
        numbering = NumberingService(database: database, grantKey: grantKey, configuration: configuration)
        documents = DocumentService(database: database, companies: companies, configuration: configuration, metrics: metrics,
                                    stored: { worker.wake() })
        sync = SyncService(database: database, companies: companies, grantKey: grantKey, configuration: configuration,
                           metrics: metrics, stored: { worker.wake() })
        zReports = ZReportService(database: database, configuration: configuration)
    }

    public static func start(_ configuration: ServerConfiguration, logger: Logger) async throws -> CajaServerApp {
        guard configuration.dgiURL != nil || configuration.dgiSimulator else { throw ServerError.configuration(
            "no DGI reception service: give --dgi-url URL (or CAJA_DGI_URL) for the real one, or --dgi-sim for the development simulator") }
        let database: any DatabaseDriver
        var poolTask: Task<Void, Never>?
        if let url = configuration.databaseURL {
            let postgres = try PostgresDriver(url: url, poolSize: configuration.postgresPoolSize, logger: logger)
            poolTask = Task { await postgres.client.run() }
            database = postgres
        } else {
            database = try await SQLiteDriver.open(path: configuration.sqlitePath, logger: logger)
        }
        do {
            try await Migrator.migrate(database, logger: logger)
            let grantKey = try await GrantKey.loadOrCreate(database)
            let secrets = try SecretBox.load(configuration)
            let app = CajaServerApp(configuration: configuration, database: database, poolTask: poolTask, grantKey: grantKey,
                                    secrets: secrets, panel: try await PanelRenderer.load(), logger: logger)
            do {
                try await app.companies.sealPlaintextSecrets()
                try await ZReportService.fillFigures(database, logger: logger)
                if configuration.seedDemoData { try await app.seedDemoIfEmpty() }
            } catch {
                await app.stopWorker()
                throw error
            }
            return app
        } catch {
            await database.shutdown()
            poolTask?.cancel()
            throw error
        }
    }

    /// Whether this start created the demo company (for the banner).
    private func seedDemoIfEmpty() async throws {
        guard try await companies.companyCount() == 0 else { return }
        do {
            _ = try await companies.create(DemoData.setup)
            logger.info("seeded the demo company")
        } catch where database.isUniqueViolation(error) {
            // Another server process seeded it at the same moment.
        }
    }

    /// Adds a company (tests and, later, the admin API).
    public func createCompany(_ setup: CompanySetup) async throws -> UUID {
        try await companies.create(setup)
    }

    /// The Hummingbird app on `configuration.host` and `.port`; `bound` hears the port it
    /// listens on (a free one when the port is 0).
    public func makeApplication(bound: @escaping @Sendable (Int) -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: makeRouter(),
            server: .http1(configuration: .init(idleTimeout: .nanoseconds(Int64(configuration.idleTimeout / .nanoseconds(1))))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "caja-server"),
            onServerRunning: { [self] channel in
                let port = channel.localAddress?.port ?? configuration.port
                listening(port: port)
                bound(port)
            },
            logger: logger)
    }

    /// Runs the HTTP server in a task, for end-to-end tests and benchmarks, and answers
    /// once it listens, with the port it bound. Cancel the task to stop it; a server that
    /// cannot bind throws its error here.
    public func runInBackground() async throws -> (port: Int, task: Task<Void, any Error>) {
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = makeApplication { continuation.yield($0) }
        let task = Task {
            defer { continuation.finish() }
            try await application.runService(gracefulShutdownSignals: [])
        }
        for await port in stream { return (port, task) }
        try await task.value
        throw CancellationError()
    }

    /// Stops a server that ``runInBackground()`` started, in caja-server's order: drain (the
    /// DGI worker, then requests in flight), then the HTTP server, then the database.
    public func stop(background task: Task<Void, any Error>, drainFor timeout: Duration = .seconds(30)) async {
        await drain(timeout: timeout)
        task.cancel()
        _ = try? await task.value
        await shutdown()
    }

    /// Tells the parts that need it where the server listens (the worker, when it sends to
    /// the embedded simulator). An application built on ``makeRouter()`` calls it itself.
    public func listening(port: Int) {
        if embeddedDGI != nil, configuration.dgiURL == nil { worker.setURL("http://127.0.0.1:\(port)/sim/dgi/\(DGISimulator.receptionPath)") }
    }

    /// Every route of the API. `openapi.yaml` describes each one (a test checks it).
    public func makeRouter() -> Router<AppContext> {
        let router = Router(context: AppContext.self)
        let limit = configuration.maxBodySize
        let metrics = self.metrics
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.add(middleware: RequestGateMiddleware(gate: gate, logger: logger))
        router.get("health") { _, _ in JSONResponse(value: ["status": "ok"]) }
        let metricsToken = configuration.metricsToken
        router.get("metrics") { request, _ in
            if let metricsToken, request.headers[.authorization] != "Bearer \(metricsToken)" {
                throw APIError.unauthorized
            }
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: metrics.render())))
        }
        embeddedDGI?.addRoutes(to: router.group("sim/dgi"))
        PanelController(accounts: accounts, companies: companies, documents: documents, zReports: zReports, numbering: numbering,
                        queries: PanelQueries(database: database), renderer: panel, clock: configuration.clock,
                        secureCookies: configuration.secureCookies).addRoutes(to: router)
        let v1 = router.group("v1")
        SessionController(accounts: accounts, maxBodySize: limit).addPublicRoutes(to: v1)
        let authed = router.group("v1").add(middleware: AuthMiddleware(accounts: accounts))
        SessionController(accounts: accounts, maxBodySize: limit).addRoutes(to: authed)
        CatalogController(companies: companies).addRoutes(to: authed)
        CredentialsController(companies: companies, maxBodySize: limit).addRoutes(to: authed)
        BlockController(numbering: numbering, database: database, maxBodySize: limit).addRoutes(to: authed)
        DocumentController(documents: documents, maxBodySize: limit).addRoutes(to: authed)
        SyncController(sync: sync, maxBodySize: limit).addRoutes(to: authed)
        ZReportController(reports: zReports, maxBodySize: limit).addRoutes(to: authed)
        return router
    }

    /// Stops the DGI worker and waits for it. caja-server does this before its HTTP server
    /// stops listening: the worker may be posting to the embedded simulator on that very
    /// server, and a connection accepted during the server's shutdown trips a NIO assertion.
    public func stopWorker() async {
        workerTask?.cancel()
        await workerTask?.value
    }

    /// The first step of a stop (SIGTERM): the DGI worker ends (it may be posting to the
    /// embedded simulator on this very server), then new requests are refused with 503 and
    /// `Retry-After` while those in flight finish, for at most `timeout`. The HTTP server
    /// and the database close after this.
    public func drain(timeout: Duration) async {
        await stopWorker()
        let unfinished = await gate.stop(timeout: timeout)
        if unfinished > 0 { logger.warning("stopping with requests still in flight", metadata: ["requests": "\(unfinished)"]) }
    }

    public func shutdown() async {
        await stopWorker()
        await database.shutdown()
        poolTask?.cancel()
    }
}
