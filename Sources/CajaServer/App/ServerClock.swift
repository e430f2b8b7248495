import Foundation

/// The server's source of time, injected so tests can move it.
///
/// It answers in whole seconds: every time the server signs (block grants), stores or pages
/// by (document cursors) is also sent as ISO 8601 JSON, which carries whole seconds, and the
/// DGI's timestamps have no fractions either. A fraction kept on one side only would break
/// a grant's signature or skip a document in a page.
public struct ServerClock: Sendable {
    private let source: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) { source = now }

    public func now() -> Date { Date(timeIntervalSince1970: source().timeIntervalSince1970.rounded(.down)) }

    public static let system = ServerClock { Date() }
}

extension Date {
    /// Epoch milliseconds, the storage form of every timestamp.
    var millis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }

    init(millis: Int64) { self.init(timeIntervalSince1970: TimeInterval(millis) / 1000) }
}
