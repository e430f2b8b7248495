import CajaRegister
import CajaTill
import Foundation
import Testing

@Suite("Receipts to the printer")
struct TillPrinterTests {
    @Test("--printer takes a device path or tcp://HOST:PORT and refuses anything else")
    func destinations() {
        #expect(PrinterDestination(parsing: "/dev/usb/lp0") == .file("/dev/usb/lp0"))
        #expect(PrinterDestination(parsing: "tcp://192.168.1.50:9100") == .tcp(host: "192.168.1.50", port: 9100))
        #expect(PrinterDestination(parsing: "tcp://printer:0") == nil)
        #expect(PrinterDestination(parsing: "tcp://:9100") == nil)
        #expect(PrinterDestination(parsing: "lp0") == nil)
        #expect(PrinterDestination(parsing: "http://x:9100") == nil)
    }

    @Test("N1/O10: an offline receipt goes to a device path after the sale is stored, with the contingency notice; no drawer pulse without --drawer")
    func filePrinterOffline() async throws {
        let device = FileManager.default.temporaryDirectory.appendingPathComponent("caja-lp0-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: device) }
        try await withTill(printer: .file(device.path)) { server, _, till in
            #expect(try await till.login(server).status == 200)
            #expect(try await till.activate().status == 200)
            #expect(try await till.add("7501").status == 200)
            let sale = try await till.call(.post, "/api/pay", #"{"method":"cash","cash":"10"}"#)
            #expect(sale.status == 200, "\(sale.text)")
            #expect(sale.json["printed"] as? Bool == true)
            #expect((sale.string("receipt") ?? "").contains("EMITIDO EN CONTINGENCIA"))
            let bytes = [UInt8](try Data(contentsOf: device))
            #expect(Array(bytes.prefix(2)) == [0x1B, 0x40])
            #expect(bytes.contains([0x1D, 0x28, 0x6B]))
            #expect(!bytes.contains(Array([0x1B, 0x70, 0x00])), "no drawer pulse without --drawer")
        }
    }

    @Test("N3: two payments of the same cart at once issue one document")
    func doublePay() async throws {
        try await withTill { server, harness, till in
            #expect(try await till.login(server).status == 200)
            #expect(try await till.activate().status == 200)
            #expect(try await till.add("7501").status == 200)
            async let first = till.call(.post, "/api/pay", #"{"method":"cash"}"#)
            async let second = till.call(.post, "/api/pay", #"{"method":"cash"}"#)
            let answers = try await [first, second]
            #expect(answers.filter { $0.status == 200 }.count == 1, "\(answers.map(\.text))")
            #expect(answers.contains { $0.code == "PAYMENT_IN_PROGRESS" || $0.code == "EMPTY_CART" })
            #expect(try Register(harness.configuration.register).store.documents().count == 1)
        }
    }
}
