import Logging
import ServiceLifecycle

/// Services that must run while the server starts (the PostgreSQL pool: migrations and the
/// demo seed need connections before anything listens), in a group of their own that
/// ``stop()`` shuts down gracefully once the server's own group has ended.
final class BackgroundGroup: Sendable {
    private let group: ServiceGroup
    private let task: Task<Void, Never>

    init(_ services: [any Service], logger: Logger) {
        let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) }, gracefulShutdownSignals: [],
                                                      cancellationSignals: [], logger: logger))
        self.group = group
        task = Task { try? await group.run() }
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        await task.value
    }
}
