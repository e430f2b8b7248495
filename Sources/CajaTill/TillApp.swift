import CajaRegister
import Foundation
import Hummingbird
import Logging

/// `caja ui`: the till screen. A long-lived register (``TillService``) behind a local
/// Hummingbird app on 127.0.0.1 that serves the page and its JSON API, and a background probe
/// that sends pending documents as soon as the server answers. The executable and the tests
/// build it the same way.
public struct TillApp: Sendable {
    public let configuration: TillConfiguration
    public let service: TillService
    let resources = TillResources.load()

    public init(_ configuration: TillConfiguration) throws(RegisterError) {
        self.configuration = configuration
        service = try TillService(configuration)
    }

    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        TillController(service: service, resources: resources).addRoutes(to: router)
        return router
    }

    public func makeApplication(bound: @escaping @Sendable (Int) -> Void = { _ in }) -> some ApplicationProtocol {
        var logger = Logger(label: "caja.till.http")
        logger.logLevel = .warning
        return Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "caja-ui"),
            onServerRunning: { channel in bound(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Serves until SIGINT or SIGTERM, probing the server every ``TillConfiguration/probeInterval``.
    public func run(bound: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let service = self.service
        let interval = configuration.probeInterval
        let probe = Task {
            while !Task.isCancelled {
                await service.probe()
                try? await Task.sleep(for: interval)
            }
        }
        defer { probe.cancel() }
        try await makeApplication(bound: bound).runService()
    }
}
