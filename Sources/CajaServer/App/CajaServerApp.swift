import AsyncHTTPClient
import CajaCore
import DGISimulator
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals

/// The running parts of the server: database, repositories, services and the HTTP application.
///
/// ``start(_:dependencies:logger:)`` is the one assembly: the executable, the tests and the
/// benchmarks all call it. It opens the database (running the PostgreSQL pool as a service),
/// migrates, seeds the demo company on first start and loads the grant key.
/// ``serviceGroup(gracefulShutdownSignals:)`` is the one place that orders what runs and how
/// it stops: the DGI worker first, then the drain of requests in flight, then the HTTP
/// server; ``shutdown()`` closes the database after it.
public final class CajaServerApp: Sendable {
    public let configuration: ServerConfiguration
    public let dependencies: Dependencies
    public let database: any DatabaseDriver
    let repositories: Repositories
    let accounts: AccountService
    let companies: CompanyService
    let numbering: NumberingService
    let documents: DocumentService
    let sync: SyncService
    let zReports: ZReportService
    let overview: OverviewService
    let settings: SettingsService
    let panel: PanelRenderer
    public let metrics = Metrics()
    /// Requests in flight, and the refusal of new ones once a stop begins.
    let gate = RequestGate()
    let worker: SubmissionWorker
    /// The simulator mounted under /sim/dgi when no DGI URL is configured.
    public let embeddedDGI: DGISimulator?
    /// The embedded simulator's admin token (for the console banner).
    public let simulatorToken: String?
    /// The one-time setup secret's gate: open on a server with no company and no demo data.
    let setup: SetupGate
    /// That secret, for the console banner only (nil when the gate is closed).
    public let setupSecret: String?
    /// The PostgreSQL pool's service group (nil on SQLite), stopped by ``shutdown()``.
    private let databaseServices: BackgroundGroup?
    let logger: Logger

    private init(configuration: ServerConfiguration, dependencies: Dependencies, database: any DatabaseDriver,
                 databaseServices: BackgroundGroup?, grantKey: GrantKey, secrets: SecretBox, panel: PanelRenderer,
                 setup: (gate: SetupGate, secret: String?), logger: Logger) {
        self.setup = setup.gate
        setupSecret = setup.secret
        self.configuration = configuration
        self.dependencies = dependencies
        self.database = database
        self.databaseServices = databaseServices
        self.panel = panel
        self.logger = logger
        let repositories = Repositories(dialect: database.dialect)
        self.repositories = repositories
        let clock = dependencies.clock
        let token = configuration.dgiSimulatorToken ?? AccountService.newToken(random: dependencies.random)
        simulatorToken = configuration.dgiSimulator ? token : nil
        embeddedDGI = configuration.dgiSimulator ? DGISimulator(clock: { clock.now() }, adminToken: token) : nil
        accounts = AccountService(database: database, repositories: repositories, configuration: configuration, dependencies: dependencies)
        companies = CompanyService(database: database, repositories: repositories, accounts: accounts, dependencies: dependencies,
                                   secrets: secrets)
        let worker = SubmissionWorker(
            database: database, repositories: repositories,
            settings: .init(pollInterval: configuration.dgiPollInterval, backoffBase: configuration.dgiBackoffBase,
                            backoffMax: configuration.dgiBackoffMax, batchSize: configuration.dgiBatchSize,
                            lease: configuration.dgiLease, timeout: configuration.dgiTimeout),
            url: configuration.dgiURL, http: dependencies.httpClient ?? DGIClient.shared, random: dependencies.random,
            companies: companies, metrics: metrics, logger: logger, clock: dependencies.schedulingClock,
            businessClock: dependencies.clock)
        self.worker = worker
        numbering = NumberingService(database: database, numbering: repositories.numbering, documents: repositories.documents,
                                     grantKey: grantKey, configuration: configuration, dependencies: dependencies)
        documents = DocumentService(database: database, repositories: repositories, numbering: numbering, companies: companies,
                                    dependencies: dependencies, metrics: metrics, stored: { worker.wake() })
        sync = SyncService(database: database, repositories: repositories, numbering: numbering, companies: companies,
                           grantKey: grantKey, dependencies: dependencies, metrics: metrics, stored: { worker.wake() })
        zReports = ZReportService(database: database, repositories: repositories, dependencies: dependencies)
        overview = OverviewService(database: database, repositories: repositories)
        settings = SettingsService(database: database, repositories: repositories, accounts: accounts, numbering: numbering,
                                   dependencies: dependencies, credentialsReplaced: { worker.wake() })
    }

    public static func start(_ configuration: ServerConfiguration, dependencies: Dependencies = .live,
                             logger: Logger) async throws -> CajaServerApp {
        guard configuration.dgiURL != nil || configuration.dgiSimulator else { throw ServerError.configuration(
            "no DGI reception service: give --dgi-url URL (or CAJA_DGI_URL) for the real one, or --dgi-sim for the development simulator") }
        let database: any DatabaseDriver
        var databaseServices: BackgroundGroup?
        if let given = dependencies.database {
            database = given
        } else if let url = configuration.databaseURL {
            let postgres = try PostgresDriver(url: url, poolSize: configuration.postgresPoolSize, logger: logger)
            databaseServices = BackgroundGroup([postgres.client], logger: logger)
            database = postgres
        } else {
            database = try await SQLiteDriver.open(path: configuration.sqlitePath, logger: logger)
        }
        do {
            try await Migrator.migrate(database, logger: logger)
            let grantKey = try await GrantKey.loadOrCreate(database, repository: Repositories(dialect: database.dialect).numbering)
            let secrets = try SecretBox.load(configuration)
            // A server with no company and no demo data opens its setup page behind a secret
            // printed on its console (issue 14).
            let companies = Repositories(dialect: database.dialect).companies
            var setup: (gate: SetupGate, secret: String?) = (.closed, nil)
            if !configuration.seedDemoData, try await database.read({ db in try await companies.count(db: db) }) == 0 {
                let open = SetupGate.open(random: dependencies.random)
                setup = (open.gate, open.secret)
            }
            let app = CajaServerApp(configuration: configuration, dependencies: dependencies, database: database,
                                    databaseServices: databaseServices, grantKey: grantKey, secrets: secrets,
                                    panel: try await PanelRenderer.load(), setup: setup, logger: logger)
            try await app.companies.sealPlaintextSecrets()
            try await ZReportService.carryWaiting(database, repository: app.repositories.zReports, logger: logger)
            let catalog = app.repositories.catalog
            let indexed = try await database.transaction { db in try await catalog.indexUnindexedProducts(db: db) }
            if indexed > 0 { logger.info("products indexed for the panel's search", metadata: ["count": "\(indexed)"]) }
            if configuration.seedDemoData { try await app.seedDemoIfEmpty() }
            return app
        } catch {
            await database.shutdown()
            await databaseServices?.stop()
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

    /// Adds a company (tests).
    public func createCompany(_ setup: CompanySetup) async throws -> UUID {
        try await companies.create(setup)
    }

    /// Registers a company an owner described (`caja-server company create`); the setup page
    /// closes once a company exists.
    public func register(_ registration: CompanyRegistration) async throws -> UUID {
        let id = try await companies.register(registration, firstSetup: false)
        setup.close()
        return id
    }

    /// The Hummingbird app on `configuration.host` and `.port`; `bound` hears the port it
    /// listens on (a free one when the port is 0). Only a part of the server: the DGI worker
    /// and the drain run in ``serviceGroup(gracefulShutdownSignals:drainFor:maximumGracefulShutdown:bound:)``.
    func makeApplication(bound: @escaping @Sendable (Int) -> Void = { _ in }) -> some ApplicationProtocol {
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

    /// Everything the server runs, in one group whose order is its stop: on SIGTERM (or
    /// ``stop(background:drainFor:)``) the DGI worker ends first (it may be posting to the
    /// embedded simulator on this very server, and a connection accepted during the HTTP
    /// server's shutdown trips a NIO assertion), then requests in flight finish while new ones
    /// get 503, for at most `drainFor`, then the HTTP server stops. `bound` hears the port.
    public func serviceGroup(gracefulShutdownSignals: [UnixSignal] = [], drainFor timeout: Duration = .seconds(10),
                             maximumGracefulShutdown: Duration? = nil,
                             bound: @escaping @Sendable (Int) -> Void = { _ in }) -> ServiceGroup {
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: makeApplication(bound: bound)),
            .init(service: RequestDrain(gate: gate, timeout: timeout, logger: logger)),
        ]
        if configuration.dgiWorker { services.append(.init(service: worker)) }
        var group = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: gracefulShutdownSignals,
                                              cancellationSignals: [], logger: logger)
        if let maximumGracefulShutdown { group.maximumGracefulShutdownDuration = maximumGracefulShutdown }
        return ServiceGroup(configuration: group)
    }

    /// Runs the server until a signal stops it (caja-server), then closes the database.
    public func run(gracefulShutdownSignals: [UnixSignal], drainFor timeout: Duration, maximumGracefulShutdown: Duration) async throws {
        do {
            try await serviceGroup(gracefulShutdownSignals: gracefulShutdownSignals, drainFor: timeout,
                                   maximumGracefulShutdown: maximumGracefulShutdown).run()
        } catch {
            await shutdown()
            throw error
        }
        await shutdown()
    }

    /// Runs the server's group in a task, for end-to-end tests and benchmarks, and answers
    /// once it listens, with the port it bound. ``stop(background:drainFor:)`` stops it the
    /// way SIGTERM stops caja-server; a server that cannot bind throws its error here.
    public func runInBackground(drainFor timeout: Duration = .seconds(30)) async throws -> (port: Int, task: BackgroundServer) {
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        // As caja-server: a stop never waits for ever on a handler (10 s beyond the drain).
        let group = serviceGroup(drainFor: timeout, maximumGracefulShutdown: timeout + .seconds(10)) { continuation.yield($0) }
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        for await port in stream { return (port, BackgroundServer(group: group, task: task)) }
        try await task.value
        throw CancellationError()
    }

    /// Stops a server that ``runInBackground(drainFor:)`` started, in caja-server's order, then
    /// closes the database.
    public func stop(background server: BackgroundServer) async {
        await server.group.triggerGracefulShutdown()
        _ = try? await server.task.value
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
                throw CajaError.unauthorized
            }
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: metrics.render())))
        }
        embeddedDGI?.addRoutes(to: router.group("sim/dgi"))
        PanelController(accounts: accounts, companies: companies, documents: documents, zReports: zReports, numbering: numbering,
                        overview: overview, settings: settings, renderer: panel, clock: dependencies.clock,
                        secureCookies: configuration.secureCookies, setup: setup).addRoutes(to: router)
        let v1 = router.group("v1")
        SessionController(accounts: accounts, maxBodySize: limit).addPublicRoutes(to: v1)
        let authed = router.group("v1").add(middleware: AuthMiddleware(accounts: accounts))
        SessionController(accounts: accounts, maxBodySize: limit).addRoutes(to: authed)
        CatalogController(companies: companies).addRoutes(to: authed)
        CredentialsController(companies: companies, settings: settings, maxBodySize: limit).addRoutes(to: authed)
        BlockController(numbering: numbering, settings: settings, maxBodySize: limit).addRoutes(to: authed)
        DocumentController(documents: documents, maxBodySize: limit).addRoutes(to: authed)
        SyncController(sync: sync, maxBodySize: limit).addRoutes(to: authed)
        ZReportController(reports: zReports, maxBodySize: limit).addRoutes(to: authed)
        SettingsController(settings: settings, maxBodySize: limit).addRoutes(to: authed)
        return router
    }

    /// Closes the database (and stops the PostgreSQL pool's service). Every way out calls it.
    public func shutdown() async {
        await database.shutdown()
        await databaseServices?.stop()
    }
}
