import CajaCore
@testable import CajaRegister
import Testing

/// The register's block top-up decision on its own (N2).
@Suite("Number block top-up")
struct RegisterSyncTests {
    @Test("N2: without sizing advice a type is topped up below the low-water mark; with it, below its refill mark (the busiest 24 h)")
    func topUpDecision() {
        #expect(Register.needsBlock(remaining: 19, sizing: nil, lowWater: 20))
        #expect(!Register.needsBlock(remaining: 20, sizing: nil, lowWater: 20))
        // Below the busiest 24 h (120) it tops up; with a day's worth it does not.
        #expect(Register.needsBlock(remaining: 119, sizing: BlockSizing(busiest24h: 120, target: 180), lowWater: 20))
        #expect(!Register.needsBlock(remaining: 120, sizing: BlockSizing(busiest24h: 120, target: 180), lowWater: 20))
        // A new till (minimum 200) refills below two thirds of it, not after every sale.
        #expect(!Register.needsBlock(remaining: 199, sizing: BlockSizing(busiest24h: 0, target: 200), lowWater: 20))
        #expect(Register.needsBlock(remaining: 132, sizing: BlockSizing(busiest24h: 0, target: 200), lowWater: 20))
        #expect(!Register.needsBlock(remaining: 5, sizing: BlockSizing(busiest24h: 0, target: 5), lowWater: 20))
        #expect(BlockSizing(busiest24h: 48, target: 60).hoursCovered(by: 12) == 6)
    }
}
