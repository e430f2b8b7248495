@testable import CajaRegister
import Foundation
import Testing

/// Where the register keeps its files when nobody says (N1).
@Suite("The register's configuration")
struct RegisterConfigurationTests {
    @Test("N1: an upgraded home keeps its journal in HOME/journal even after pruning removed the old single file")
    func legacyJournalDirectoryStays() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("caja-legacy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        try FileManager.default.createDirectory(at: home.appendingPathComponent("journal"), withIntermediateDirectories: true)
        try Data().write(to: home.appendingPathComponent("journal/diario-000002.jsonl"))
        #expect(RegisterConfiguration.defaultJournalDirectory(home: home).lastPathComponent == "journal")
        #expect(RegisterConfiguration.defaultJournalDirectory(home: home).deletingLastPathComponent().standardizedFileURL.path
                == home.standardizedFileURL.path)
        try FileManager.default.removeItem(at: home.appendingPathComponent("journal"))
        #expect(RegisterConfiguration.defaultJournalDirectory(home: home).lastPathComponent == home.lastPathComponent + "-journal")
    }
}
