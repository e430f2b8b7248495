import AsyncHTTPClient
import Foundation

/// Every side effect the server has, as values: a test passes its own (a clock it moves,
/// repeatable ids and randomness, a database it prepared). ``CajaServerApp/start(_:dependencies:logger:)``
/// is the one place that assembles the server from them and a ``ServerConfiguration``.
public struct Dependencies: Sendable {
    /// The business clock: document times, sessions, blocks, Reporte Z days.
    public var clock: ServerClock
    /// Real time for scheduling (when the DGI queue tries a submission again, its leases): it
    /// must move while a test holds the business clock still.
    public var schedulingClock: @Sendable () -> Date
    /// New ids (blocks, voided ranges, devices, users, companies, Reportes Z, quarantine entries).
    public var uuid: @Sendable () -> UUID
    public var random: RandomSource
    /// The database; nil opens the one the configuration names (SQLite file or PostgreSQL URL).
    public var database: (any DatabaseDriver)?
    /// The client the DGI queue sends with; nil for the server's own (no retried connection
    /// attempts, 5 s to connect: a down service is a fast "not processed", retried later).
    public var httpClient: HTTPClient?

    public init(clock: ServerClock = .system, schedulingClock: @escaping @Sendable () -> Date = { Date() },
                uuid: @escaping @Sendable () -> UUID = { UUID() }, random: RandomSource = .system,
                database: (any DatabaseDriver)? = nil, httpClient: HTTPClient? = nil) {
        self.clock = clock
        self.schedulingClock = schedulingClock
        self.uuid = uuid
        self.random = random
        self.database = database
        self.httpClient = httpClient
    }

    /// The real ones: the system clock, random UUIDs, the system's generator, the configured database.
    public static let live = Dependencies()
}
