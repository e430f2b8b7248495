import Foundation

/// Everything the server can be told, with defaults that work on a fresh machine.
public struct ServerConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    /// 0 picks a free port (tests).
    public var port: Int = 8080
    /// Where the embedded SQLite file lives.
    public var dataDirectory: String = "./caja-data"
    /// `postgres://user:pass@host:port/db`; nil means the embedded SQLite file.
    public var databaseURL: String?
    /// Most connections the PostgreSQL pool opens.
    public var postgresPoolSize: Int = 20
    /// Seed the demo company on first start.
    public var seedDemoData: Bool = true
    /// bcrypt cost; tests lower it to stay fast.
    public var bcryptCost: UInt8 = 12
    /// How long a login token lasts.
    public var sessionLifetime: TimeInterval = 7 * 86_400
    /// Largest block of offline numbers a device may hold per request (a busy till's 24 h).
    public var maxBlockSize: Int = 10_000
    /// The block a till with no history gets when it asks without a size (N2).
    public var minimumBlockSize: Int = 200
    /// A block asked for without a size covers the device's busiest day of this many days...
    public var blockHistoryDays: Int = 30
    /// ...times this share (150: half as much again).
    public var blockMarginPercent: Int = 150
    /// Largest request body accepted, in bytes.
    public var maxBodySize: Int = 4 * 1024 * 1024
    /// When set, `GET /metrics` requires `Authorization: Bearer <metricsToken>`; unset, it is
    /// open (bind the server to a private address then). The counts are per route and status,
    /// never per company, so even open they name no customer.
    public var metricsToken: String?

    /// The DGI/PAC reception endpoint (`rEnviFe` over SOAP). nil: the embedded simulator,
    /// when ``dgiSimulator`` is on; with neither the server refuses to start.
    public var dgiURL: String?
    /// Mount the DGI simulator under `/sim/dgi` and send to it when there is no ``dgiURL``:
    /// a development choice (`--dgi-sim`, or the demo), never the default of a real shop.
    public var dgiSimulator = false
    /// The bearer token of the simulator's admin routes (faults, stats); nil: a random one
    /// made at start (the console shows it).
    public var dgiSimulatorToken: String?
    /// A connection that sends nothing for this long (no request, or a request whose head or
    /// body stops arriving) is closed, so held-open connections cannot pile up.
    public var idleTimeout: Duration = .seconds(30)
    /// Base64 of the 32-byte master key that seals signing keys at rest (`CAJA_MASTER_KEY`);
    /// nil: `master.key` in the data directory, created on first start.
    public var masterKey: String?
    /// Mark the panel's cookies `Secure` (serve the panel over HTTPS, e.g. behind a proxy,
    /// and set `CAJA_SECURE_COOKIES=1`). Off by default so `http://127.0.0.1` works.
    public var secureCookies = false
    /// Run the submission worker. Tests of other parts turn it off to keep states still.
    public var dgiWorker = true
    public var dgiPollInterval: Duration = .seconds(1)
    public var dgiBackoffBase: Duration = .seconds(2)
    public var dgiBackoffMax: Duration = .seconds(300)
    public var dgiTimeout: Duration = .seconds(15)
    public var dgiBatchSize = 20
    /// How long a claimed submission is left to its worker before another may take it; more
    /// than ``dgiTimeout``, so a slow answer is never raced by a second send.
    public var dgiLease: Duration = .seconds(120)

    public init() {}

    /// The SQLite file under ``dataDirectory``.
    var sqlitePath: String { URL(fileURLWithPath: dataDirectory).appendingPathComponent("caja.sqlite").path }
}
