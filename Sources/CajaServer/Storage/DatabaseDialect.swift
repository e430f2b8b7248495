import SQLKit

/// Which database is behind the driver. The SQL is the same; only connection handling and
/// error shapes differ.
public enum DatabaseDialect: String, Sendable {
    case sqlite
    case postgres
}
