@testable import CajaRegister
import CajaCore
import CajaTestSupport
import Foundation
import Testing

/// A till value changed in the sale's own transaction (issue 16): the till's cart loses the
/// lines sold exactly when the document is stored, never on its own.
@Suite("A till value changed with a sale")
struct TillValueUpdateTests {
    static let dropFirst = TillValueUpdate.update([String].self, "lines") { lines in Array((lines ?? []).dropFirst()) }

    @Test("N1: the change is stored with the offline document, and not at all when the sale is refused")
    func withTheSale() async throws {
        let home = TestRegister(clock: SharedClock())
        defer { home.remove() }
        let register = try JournalLagTests.offline(home, last: 1)
        try register.store.setTillValue(["sold", "added meanwhile", "later"], "lines")
        _ = try await register.sell(JournalLagTests.rice, alongside: Self.dropFirst)
        #expect(try register.store.tillValue([String].self, "lines") == ["added meanwhile", "later"])

        // The block is used up: the sale is refused and the value stays as it was.
        await #expect(throws: RegisterError.self) { try await register.sell(JournalLagTests.rice, alongside: Self.dropFirst) }
        #expect(try register.store.tillValue([String].self, "lines") == ["added meanwhile", "later"])
        // An unknown product is refused before anything is written.
        await #expect(throws: RegisterError.self) {
            try await register.sell([SaleItem(code: "no-such", quantity: Quantity(1))], alongside: Self.dropFirst)
        }
        #expect(try register.store.tillValue([String].self, "lines") == ["added meanwhile", "later"])
    }
}
