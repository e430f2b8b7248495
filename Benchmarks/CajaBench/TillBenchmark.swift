import AsyncHTTPClient
import CajaCore
import CajaRegister
import CajaTill
import Foundation
import NIOCore

/// 7. The till (`caja ui`) as it ships: its HTTP app on a free loopback port over a real
/// store (synchronous=FULL, the journal flushed), logged in to a real caja-server, then
/// offline. An offline pay from the request to the stored receipt, against one bare durable
/// SQLite insert in the same run; then a catalog of 50,000 products saved as a login saves it:
/// lookup by code, search by name, and the same offline pay with that catalog loaded.
enum TillBenchmark {
    static let http = HTTPClient(eventLoopGroupProvider: .singleton)
    static let catalogSize = 50_000

    static func run(sales: Int, lookups: Int) async throws -> [Result] {
        let server = try await BenchServer(postgres: nil)
        let scratch = Scratch()
        defer { scratch.remove() }
        var register = RegisterConfiguration(home: scratch.url.appendingPathComponent("register"))
        register.blockSize = 2 * sales + 100
        register.blockLowWater = 1
        var configuration = TillConfiguration(register: register)
        configuration.port = 0
        configuration.deviceName = "bench-till-\(UUID())"

        // The demo catalog: log in from the screen, activate offline, sell.
        var till = try await RunningTill(try TillApp(configuration))
        try await till.post("/api/login", ["server": server.url, "user": "cajero", "password": "cajero1234", "pos": "001"])
        try await till.post("/api/offline/on", OfflineOn(reason: RegisterBenchmarks.reason, accept: true))
        let small = try await till.sales(sales)
        await till.stop()
        await server.stop()

        // 50,000 products saved in the register's store as a login saves them (what a `caja
        // login` run beside the screen does), then the till started over it builds its index.
        let store = try RegisterStore(home: register.home, journalDirectory: register.journalDirectory)
        guard let login = try store.login(), var catalog = try store.catalog() else { throw BenchError("not logged in") }
        catalog.products += generatedProducts(catalogSize - catalog.products.count)
        try store.saveLogin(login, catalog: catalog)
        // What decoding that catalog from the store costs (once per save now; every sale's
        // cost before the register kept it): the first read of a store just opened.
        var decode = Samples()
        for _ in 0..<5 {
            let opened = try RegisterStore(home: register.home, journalDirectory: register.journalDirectory)
            _ = try await decode.time { try opened.catalog() }
        }
        let indexStart = ContinuousClock.now
        let app = try TillApp(configuration)
        let indexSeconds = (ContinuousClock.now - indexStart).seconds
        till = try await RunningTill(app)

        var lookup = Samples()
        for index in 0..<lookups {
            let code = catalog.products[(index &* 7919) % catalog.products.count].code
            guard await lookup.time({ await till.app.service.product(code) }) != nil else { throw BenchError("no product \(code)") }
        }
        // What a cashier types: a word many names share (the first 20 answer), two words, part
        // of a code, and a word no product has (the whole catalog is read).
        let queries = ["cafe", "arroz 5 lb", "9049", "Leche Deslactosada", "zapallo", "inexistente"]
        var search = Samples()
        var searchHTTP = Samples()
        for index in 0..<lookups {
            let query = queries[index % queries.count]
            _ = try await search.time { await till.app.service.search(query) }
        }
        for index in 0..<max(60, lookups / 10) {
            let query = queries[index % queries.count].replacingOccurrences(of: " ", with: "%20")
            _ = try await searchHTTP.time { try await till.get("/api/products?q=\(query)") }
        }
        let large = try await till.sales(sales)
        await till.stop()

        guard let sold = try store.documents().last else { throw BenchError("no document stored") }
        let rowSize = try JSONEncoder().encode(sold.document).count
        let baseline = try await RegisterBenchmarks.durableInserts(sales, rowSize: rowSize, in: scratch)
        let name = "7. Till offline pay (caja ui)"
        let big = "7. Till, 50,000 products"
        return [
            Result(benchmark: name, measure: "p50 latency, pay request → stored receipt", ours: Format.ms(small.pay.p50),
                   baseline: Format.ms(baseline.p50), ratio: Format.ratio(small.pay.p50 / baseline.p50), goal: "—", met: nil),
            Result(benchmark: name, measure: "p99 latency", ours: Format.ms(small.pay.p99), baseline: Format.ms(baseline.p99),
                   ratio: Format.ratio(small.pay.p99 / baseline.p99), goal: "< 50 ms", met: small.pay.p99 < 0.050),
            Result(benchmark: name, measure: "max latency", ours: Format.ms(small.pay.max), baseline: Format.ms(baseline.max),
                   ratio: "—", goal: "—", met: nil),
            Result(benchmark: name, measure: "add a line (p50 / p99)", ours: "\(Format.ms(small.add.p50)) / \(Format.ms(small.add.p99))",
                   baseline: "—", ratio: "—", goal: "—", met: nil),
            Result(benchmark: big, measure: "catalog decoded from the store (once per save)", ours: Format.ms(decode.p50),
                   baseline: "—", ratio: "—", goal: "—", met: nil),
            Result(benchmark: big, measure: "index built at start", ours: Format.ms(indexSeconds), baseline: "—", ratio: "—", goal: "—", met: nil),
            Result(benchmark: big, measure: "lookup by code, p99 (max)", ours: "\(Format.us(lookup.p99)) (\(Format.us(lookup.max)))",
                   baseline: "—", ratio: "—", goal: "< 1 ms", met: lookup.max < 0.001),
            Result(benchmark: big, measure: "search by name, p50 / p99 (max)",
                   ours: "\(Format.ms(search.p50)) / \(Format.ms(search.p99)) (\(Format.ms(search.max)))",
                   baseline: "—", ratio: "—", goal: "p99 < 20 ms", met: search.p99 < 0.020),
            Result(benchmark: big, measure: "search over HTTP (GET /api/products), p50 / p99",
                   ours: "\(Format.ms(searchHTTP.p50)) / \(Format.ms(searchHTTP.p99))", baseline: "—", ratio: "—",
                   goal: "p99 < 20 ms", met: searchHTTP.p99 < 0.020),
            Result(benchmark: big, measure: "offline pay p50 / p99 (max)",
                   ours: "\(Format.ms(large.pay.p50)) / \(Format.ms(large.pay.p99)) (\(Format.ms(large.pay.max)))",
                   baseline: "\(Format.ms(baseline.p50)) / \(Format.ms(baseline.p99))", ratio: Format.ratio(large.pay.p99 / baseline.p99),
                   goal: "p99 < 50 ms", met: large.pay.p99 < 0.050),
        ]
    }

    struct OfflineOn: Encodable { var reason: String; var accept: Bool }

    /// Products with names as a shop's catalog has them (a kind, a brand, a size), codes as
    /// EAN-13 barcodes.
    static func generatedProducts(_ count: Int) -> [Product] {
        let kinds = ["Café molido", "Arroz", "Leche Deslactosada", "Aceite vegetal", "Azúcar", "Frijoles rojos", "Atún en agua",
                     "Galletas de soda", "Jabón de baño", "Detergente", "Pasta larga", "Salsa de tomate", "Jugo de naranja",
                     "Harina de maíz", "Queso blanco", "Pan de molde", "Mantequilla", "Cereal", "Avena", "Papel higiénico"]
        let brands = ["Durán", "Estrella Azul", "Nestlé", "Bonlac", "La Chiricana", "Del Monte", "Sol", "Toledano", "Pascual", "Kiener"]
        let sizes = ["250 g", "500 g", "1 lb", "2 lb", "5 lb", "1 L", "2 L", "12 oz", "6 u", "24 u"]
        let rates: [ITBMSRate] = [.exempt, .general, .general, .reduced10]
        return (0..<count).map { index in
            let digits = String(9_000_000 + index)
            return Product(code: "750" + String(repeating: "0", count: 10 - digits.count) + digits,
                    name: "\(kinds[index % kinds.count]) \(brands[(index / kinds.count) % brands.count]) \(sizes[(index / 200) % sizes.count]) \(index)",
                    price: Money(cents: Int64(50 + index % 2000)), rate: rates[index % rates.count])
        }
    }
}

/// A till app serving on a free loopback port until stopped, and its answers.
struct RunningTill {
    let app: TillApp
    let task: Task<Void, Error>
    let url: String

    /// `probing`: as `caja ui` runs (``TillApp/run(bound:)``), with its background probe of
    /// the server; else the HTTP app alone, so a sale's timing has no probe beside it.
    init(_ app: TillApp, probing: Bool = false) async throws {
        self.app = app
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        if probing {
            task = Task { try await app.run { continuation.yield($0) } }
        } else {
            let application = app.makeApplication { continuation.yield($0) }
            task = Task { try await application.runService() }
        }
        guard let port = await ports.first(where: { _ in true }), port > 0 else { throw BenchError("the till did not start") }
        url = "http://127.0.0.1:\(port)"
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }

    @discardableResult
    func post<T: Encodable>(_ path: String, _ body: T) async throws -> ByteBuffer {
        var request = HTTPClientRequest(url: url + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
        return try await answer(request, path)
    }

    @discardableResult
    func get(_ path: String) async throws -> ByteBuffer { try await answer(HTTPClientRequest(url: url + path), path) }

    private func answer(_ request: HTTPClientRequest, _ path: String) async throws -> ByteBuffer {
        let response = try await TillBenchmark.http.execute(request, timeout: .seconds(60))
        let data = try await response.body.collect(upTo: 8 * 1024 * 1024)
        guard response.status == .ok else { throw BenchError("\(path) answered \(response.status.code): \(String(buffer: data))") }
        return data
    }

    struct Sale { var add = Samples(); var pay = Samples() }
    struct SaleView: Decodable { var receipt: String }

    /// `count` sales after 20 of warm-up, each one line added and paid cash.
    func sales(_ count: Int) async throws -> Sale {
        var sale = Sale()
        for index in 0..<(count + 20) {
            var add = Samples()
            var pay = Samples()
            try await add.time { try await post("/api/cart/items", ["code": "7504"]) }
            let body = try await pay.time { try await post("/api/pay", ["method": "cash"]) }
            guard !(try JSONDecoder().decode(SaleView.self, from: Data(body.readableBytesView))).receipt.isEmpty else {
                throw BenchError("a pay answered no receipt")
            }
            guard index >= 20 else { continue }
            sale.add.add(add.seconds[0])
            sale.pay.add(pay.seconds[0])
        }
        return sale
    }
}
