import AsyncHTTPClient
import CajaCore
import CajaRegister
import CajaServer
import Foundation
import NIOCore
import NIOHTTP1
import SQLKit

/// 8. A supermarket's catalog (issue 14): 50,000 products imported from one CSV file over HTTP
/// (goal < 10 s) on SQLite and PostgreSQL, against the same rows written by one bare multi-row
/// INSERT per 500 in one transaction (the database's own speed, no parsing, checks, words or
/// audit); the panel's product search p99 over that catalog (goal < 50 ms) against `GET /health`;
/// a register's catalog refresh after one price change — the register's own check
/// (`refreshCatalog`) into its real store: the request with its version, the answer (a delta
/// since issue 14, Scale), the decode and the store's write (goal < 100 ms) — against the same
/// check answered 304; the first full download (goal < 3 s), with where its time goes.
enum CatalogBenchmark {
    static func run(postgres: String?, products: Int, samples: Int) async throws -> [Result] {
        var results = try await one(postgres: nil, label: "SQLite", products: products, samples: samples)
        if let postgres { results += try await one(postgres: postgres, label: "PostgreSQL", products: products, samples: samples) }
        return results
    }

    static func csv(_ products: [Product]) -> String {
        let units = ["und", "kg", "lb", "l", "g"]
        var text = "codigo;codigo_barras;nombre;precio;itbms;unidad\n"
        for (index, product) in products.enumerated() {
            let price = product.price.description.replacingOccurrences(of: ".", with: ",")
            text += "\(product.code);\(index % 2 == 0 ? "77" + product.code.dropFirst(3) : "");\(product.name);\(price);\(product.rate.rawValue);\(units[index % units.count])\n"
        }
        return text
    }

    static func one(postgres: String?, label: String, products count: Int, samples: Int) async throws -> [Result] {
        let server = try await BenchServer(postgres: postgres)
        let company = try await ServerBenchmarks.benchCompany(server, points: 1)
        let database = server.app.database
        let users = try await database.read { db in
            try await db.raw("SELECT username, role FROM users WHERE company_id = \(bind: company.uuidString)").all()
        }
        let admin = try users.first { try $0.decode(column: "role", as: String.self) == "admin" }!.decode(column: "username", as: String.self)
        let cashier = try users.first { try $0.decode(column: "role", as: String.self) == "cashier" }!.decode(column: "username", as: String.self)
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let adminToken = try await ServerBenchmarks.post(http, server.url + "/v1/sessions", token: nil,
                                                         SessionRequest(user: admin, password: ServerBenchmarks.password), as: SessionResponse.self).token
        let cashierToken = try await ServerBenchmarks.post(http, server.url + "/v1/sessions", token: nil,
            try SessionRequest(user: cashier, password: ServerBenchmarks.password, pointOfSale: "001", device: "catalog")
                .signed(with: DeviceKey(), at: Date()), as: SessionResponse.self).token
        let catalog = TillBenchmark.generatedProducts(count)
        let file = csv(catalog)

        // The import, over HTTP, as an admin's script sends it.
        let importStart = ContinuousClock.now
        let imported = try await send(http, .POST, server.url + "/v1/admin/products/import", token: adminToken, body: file,
                                      contentType: "text/csv; charset=utf-8")
        let importSeconds = (ContinuousClock.now - importStart).seconds
        guard imported.status == 200 else { throw BenchError("import answered \(imported.status): \(imported.text.prefix(500))") }
        // Baseline: the same rows, bare.
        try await database.transaction { db in
            try await db.raw("CREATE TABLE bench_products (company_id TEXT, code TEXT, name TEXT, price_cents BIGINT, rate TEXT, PRIMARY KEY (company_id, code))").run()
        }
        let bareStart = ContinuousClock.now
        try await database.transaction { db in
            for start in stride(from: 0, to: catalog.count, by: 500) {
                var sql: SQLQueryString = "INSERT INTO bench_products (company_id, code, name, price_cents, rate) VALUES "
                for (index, product) in catalog[start..<min(start + 500, catalog.count)].enumerated() {
                    if index > 0 { sql += ", " }
                    sql += "(\(bind: company.uuidString), \(bind: product.code), \(bind: product.name), \(bind: product.price.cents), \(bind: product.rate.rawValue))"
                }
                try await db.raw(sql).run()
            }
        }
        let bareSeconds = (ContinuousClock.now - bareStart).seconds
        try await database.transaction { db in
            try await db.raw("DROP TABLE bench_products").run()
            if postgres != nil { try await db.raw("ANALYZE").run() }
        }

        // The panel's search, as the API answers it (the panel page makes the same one query).
        let queries = ["cafe", "duran 500", "750000900", "leche deslac", "arroz estrella 5", "77000091", "jabon", "zzzz", "atun sol 12",
                       "queso blanco kiener"].map { $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }
        var search = Samples(), health = Samples()
        for query in queries { _ = try await send(http, .GET, server.url + "/v1/admin/products?q=\(query)", token: adminToken) }
        for index in 0..<samples {
            let answer = try await search.time {
                try await send(http, .GET, server.url + "/v1/admin/products?q=\(queries[index % queries.count])", token: adminToken)
            }
            guard answer.status == 200 else { throw BenchError("search answered \(answer.status)") }
            _ = try await health.time { try await send(http, .GET, server.url + "/health", token: nil) }
        }

        // The first full download: GET + decode (the measure before deltas), timed in parts —
        // the server's own time (its Server-Timing: database read, JSON encode), the rest until
        // the answer's headers, the body's transfer, the register's decode — then the store's
        // write of that catalog as a login saves it (rows and the journal's snapshot).
        var full = Samples(), toHeaders = Samples(), transfer = Samples(), decode = Samples()
        var serverRead = Samples(), serverEncode = Samples()
        var downloaded: CatalogResponse?
        for _ in 0..<max(3, samples / 20) {
            var request = HTTPClientRequest(url: server.url + "/v1/catalog")
            request.headers.add(name: "Authorization", value: "Bearer \(cashierToken)")
            let start = ContinuousClock.now
            let response = try await http.execute(request, timeout: .seconds(120))
            let headed = ContinuousClock.now
            let body = try await response.body.collect(upTo: 128 * 1024 * 1024)
            let received = ContinuousClock.now
            let decoded = try CatalogDecoder.decode(Data(body.readableBytesView))   // as the register decodes it
            let done = ContinuousClock.now
            guard response.status == .ok, decoded.products.count == count + 1 else {
                throw BenchError("catalog answered \(response.status) with \(decoded.products.count) products")
            }
            full.add((done - start).seconds)
            toHeaders.add((headed - start).seconds)
            transfer.add((received - headed).seconds)
            decode.add((done - received).seconds)
            let timing = Self.serverTiming(response.headers.first(name: "Server-Timing"))
            if let read = timing["db"] { serverRead.add(read) }
            if let encode = timing["encode"] { serverEncode.add(encode) }
            downloaded = decoded
        }
        let scratch = Scratch()
        defer { scratch.remove() }
        let register = try Register(RegisterConfiguration(home: scratch.url.appendingPathComponent("register")))
        try await register.login(server: server.url, user: cashier, password: ServerBenchmarks.password, pointOfSale: "001",
                                 device: "catalog-register")
        guard let login = try register.store.login(), let downloaded else { throw BenchError("the register did not log in") }
        var store = Samples()
        for _ in 0..<3 { try await store.time { try register.store.saveLogin(login, catalog: downloaded) } }

        // A refresh after each price change, as the register does it on an online contact: its
        // own check (`refreshCatalog`) against its real store — the request, the decode and the
        // store's write (synchronous=FULL) — against the same check when nothing changed (304).
        var refresh = Samples(), unchanged = Samples()
        let refreshes = max(5, samples / 10)
        var last = catalog[0]
        for index in 0..<refreshes {
            var product = catalog[(index &* 7919) % catalog.count]
            product.price = Money(cents: product.price.cents + 1 + Int64(index))
            let changed = try await send(http, .PUT, server.url + "/v1/admin/products/\(product.code)", token: adminToken,
                                         body: String(decoding: try WireJSON.encoder.encode(product), as: UTF8.self), contentType: "application/json")
            guard changed.status == 200 else { throw BenchError("price change answered \(changed.status): \(changed.text)") }
            guard try await refresh.time({ try await register.refreshCatalog(force: true) }) else {
                throw BenchError("the refresh after a price change saved nothing")
            }
            guard try await !unchanged.time({ try await register.refreshCatalog(force: true) }) else {
                throw BenchError("an unchanged catalog was saved again")
            }
            last = product
        }
        guard let stored = try register.store.catalog(), stored.products.count == count + 1,
              stored.products.first(where: { $0.code == last.code })?.price == last.price else {
            throw BenchError("the register's store does not hold the last price")
        }
        try await http.shutdown()
        await server.stop()
        let name = "8. catalog (issue 14), \(count / 1000)k products, \(label)"
        let megabytes = Double(file.utf8.count) / 1_048_576
        return [
            Result(benchmark: name, measure: String(format: "CSV import, one file (%.1f MB) over HTTP", megabytes), ours: Format.ms(importSeconds),
                   baseline: "bare INSERTs \(Format.ms(bareSeconds))", ratio: Format.ratio(importSeconds / bareSeconds), goal: "< 10 s",
                   met: importSeconds < 10),
            Result(benchmark: name, measure: "product search, API (p99 of \(samples); p50 \(Format.ms(search.p50)))", ours: Format.ms(search.p99),
                   baseline: "GET /health p99 \(Format.ms(health.p99))", ratio: Format.ratio(search.p99 / health.p99), goal: "p99 < 50 ms",
                   met: search.p99 < 0.05),
            Result(benchmark: name, measure: "register refresh after one price change: its own check into its store (p99 of \(refreshes); p50 \(Format.ms(refresh.p50)))",
                   ours: Format.ms(refresh.p99), baseline: "304 unchanged, same check, p99 \(Format.ms(unchanged.p99))",
                   ratio: Format.ratio(refresh.p99 / unchanged.p99), goal: "< 100 ms", met: refresh.p99 < 0.1),
            Result(benchmark: name, measure: "first full download + decode (max of \(full.seconds.count))", ours: Format.ms(full.max),
                   baseline: "p50 \(Format.ms(full.p50))", ratio: "—", goal: "< 3 s", met: full.max < 3),
            Result(benchmark: name, measure: "first full download, where the time goes (p50)",
                   ours: "server read \(Format.ms(serverRead.p50)) + encode \(Format.ms(serverEncode.p50)); to headers \(Format.ms(toHeaders.p50)), "
                       + "body \(Format.ms(transfer.p50)), decode \(Format.ms(decode.p50)); store write \(Format.ms(store.p50))",
                   baseline: "—", ratio: "—", goal: "—", met: nil),
            Result(benchmark: name, measure: "first full download + decode + store write, as a login saves it (max)",
                   ours: Format.ms(full.max + store.max), baseline: "—", ratio: "—", goal: "< 3 s", met: full.max + store.max < 3),
        ]
    }

    /// `Server-Timing: db;dur=12.3, encode;dur=45.6` as seconds by name (empty from a server without it).
    static func serverTiming(_ header: String?) -> [String: Double] {
        var timing: [String: Double] = [:]
        for metric in (header ?? "").split(separator: ",") {
            let parts = metric.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let name = parts.first, let duration = parts.dropFirst().first(where: { $0.hasPrefix("dur=") }),
                  let milliseconds = Double(duration.dropFirst(4)) else { continue }
            timing[name] = milliseconds / 1000
        }
        return timing
    }

    struct Answer {
        var status: Int
        var body: ByteBuffer
        var etag: String?
        var text: String { String(buffer: body) }
    }

    static func send(_ http: HTTPClient, _ method: HTTPMethod, _ url: String, token: String?, body: String? = nil, contentType: String? = nil,
                     headers: [String: String] = [:]) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await http.execute(request, timeout: .seconds(120))
        let data = try await response.body.collect(upTo: 128 * 1024 * 1024)
        return Answer(status: Int(response.status.code), body: data, etag: response.headers.first(name: "ETag"))
    }
}
