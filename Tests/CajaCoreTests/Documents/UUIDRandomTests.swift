@testable import CajaCore
import Foundation
import Testing

@Suite("Random document ids")
struct UUIDRandomTests {
    @Test("Issue 16: UUID.random() makes version-4 ids (RFC 9562 bits set) that do not repeat")
    func versionFour() {
        var seen: Set<UUID> = []
        for _ in 0..<10_000 {
            let id = UUID.random()
            let bytes = id.uuid
            #expect(bytes.6 >> 4 == 4, "version nibble of \(id)")
            #expect(bytes.8 >> 6 == 0b10, "variant bits of \(id)")
            #expect(id.uuidString.dropFirst(14).first == "4")
            seen.insert(id)
        }
        #expect(seen.count == 10_000)
    }
}
