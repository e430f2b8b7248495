@testable import CajaRegister
import CajaTestSupport
import Foundation
import Testing

/// The register's SQLite store on its own (N1).
@Suite("The register's store")
struct RegisterStoreTests {
    @Test("N1: the store runs in WAL with synchronous=FULL (read back from SQLite)")
    func durability() throws {
        let register = TestRegister(clock: SharedClock())
        defer { register.remove() }
        let store = try register.open().store
        #expect(try store.synchronousLevel() == 2)
        #expect(try store.journalMode() == "wal")
    }
}
