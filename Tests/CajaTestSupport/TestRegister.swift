import CajaRegister
import Foundation

/// A register home in a temp dir, with the test's clock and quick retries.
public struct TestRegister: Sendable {
    public let home: URL
    public let journal: URL
    public let clock: SharedClock

    public init(clock: SharedClock, home: URL? = nil) {
        self.clock = clock
        self.home = home ?? FileManager.default.temporaryDirectory.appendingPathComponent("caja-e2e-register-\(UUID().uuidString)")
        journal = self.home.appendingPathComponent("journal")
    }

    public var configuration: RegisterConfiguration {
        var configuration = RegisterConfiguration(home: home, journalDirectory: journal)
        let clock = self.clock
        configuration.clock = { clock.now }
        configuration.syncAttempts = 2
        configuration.retryBase = .milliseconds(20)
        // Generous: a loaded machine answers late, and these tests prove outcomes, not speed.
        configuration.requestTimeout = .seconds(60)
        // Blocks as they ship: the server sizes them (a new till gets LiveServer's minimum, 50).
        configuration.blockSize = nil
        return configuration
    }

    /// A fresh `Register` over the same files (as the next `caja` command would open it).
    public func open() throws -> Register { try Register(configuration) }

    public func remove() { try? FileManager.default.removeItem(at: home) }
}

/// A reason that passes O2.
public let outageReason = "Sin internet: el proveedor no responde desde las 10"
