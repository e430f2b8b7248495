import CajaCore
import Foundation
import Hummingbird

/// The request context of every route: Hummingbird's core storage plus the caller.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Identity?
    /// The panel session token (set by ``PanelAuthMiddleware``), for CSRF tokens.
    public var panelToken: String?
    /// The TCP peer's address (the login throttle counts failures per address).
    public var remoteAddress: String?

    public init(source: Source) {
        coreContext = .init(source: source)
        identity = nil
        panelToken = nil
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    func requireIdentity() throws -> Identity {
        guard let identity else { throw CajaError.unauthorized }
        return identity
    }
}
