import CajaCore
import Foundation
import Hummingbird

/// *Configuración › Productos* (issue 14): search the catalog a page at a time (a GET form,
/// "Siguientes" link), add, edit every field, deactivate, import a pasted CSV, export the CSV.
extension PanelController {
    func productsPage(_ context: AppContext, _ outcome: SettingsOutcome = .init()) async throws -> Response {
        try await productsPage(context, outcome, problems: [])
    }

    func productsPage(_ context: AppContext, _ outcome: SettingsOutcome, problems: [ProductImportProblem]) async throws -> Response {
        let identity = try context.requireIdentity()
        let (query, after) = (outcome.typed("q"), outcome.typed("after"))
        let page = try await settings.productPage(of: identity, query: query, after: after.isEmpty ? nil : after)
        func rates(_ selected: ITBMSRate) -> [DocumentsView.Option] {
            ITBMSRate.allCases.map { DocumentsView.Option(value: $0.rawValue, label: "\($0.percent) %", selected: $0 == selected) }
        }
        func href(_ fields: [(String, String)]) -> String {
            var components = URLComponents()
            components.path = "/panel/configuracion/productos"
            components.queryItems = fields.filter { !$0.1.isEmpty }.map { URLQueryItem(name: $0.0, value: $0.1) }
            return components.string ?? components.path
        }
        var edit: ProductsSettingsView.Edit?
        let editing = outcome.typed("editar")
        if !editing.isEmpty, let product = try await settings.product(editing, of: identity)?.product {
            let refused = outcome.error != nil
            func value(_ field: String, _ stored: String) -> String { refused ? outcome.typed(field, or: stored) : stored }
            edit = .init(code: product.code, codePath: Self.pathSegment(product.code), name: value("nombre", product.name),
                         barcode: value("codigo_barras", product.barcode ?? ""), price: value("precio", product.price.description),
                         unit: value("unidad", product.unit ?? ""),
                         rateOptions: rates(ITBMSRate(rawValue: value("tasa", product.rate.rawValue)) ?? product.rate))
        }
        var view = ProductsSettingsView(
            products: page.items.map {
                .init(code: $0.product.code, codePath: Self.pathSegment($0.product.code), name: $0.product.name,
                      barcode: $0.product.barcode ?? "", price: PanelFormat.money($0.product.price), rate: "\($0.product.rate.percent) %",
                      unit: $0.product.unit ?? "", active: $0.active,
                      editHref: href([("q", query), ("after", after), ("editar", $0.product.code)]))
            },
            query: query,
            nextHref: page.next.map { href([("q", query), ("after", $0)]) },
            firstHref: after.isEmpty ? nil : href([("q", query)]),
            empty: page.items.isEmpty, edit: edit,
            units: UnitOfMeasure.catalog.map { DocumentsView.Option(value: $0.code, label: $0.name, selected: false) },
            rateOptions: rates(outcome.typed["tasa"].flatMap(ITBMSRate.init(rawValue:)) ?? .general),
            newCode: outcome.typed("codigo"), newName: edit == nil ? outcome.typed("nombre") : "",
            newPrice: edit == nil ? outcome.typed("precio") : "", newBarcode: edit == nil ? outcome.typed("codigo_barras") : "",
            newUnit: edit == nil ? outcome.typed("unidad") : "", csv: outcome.typed("csv"), problems: problems)
        (view.hasProblems, view.searched) = (!problems.isEmpty, !query.isEmpty)
        return try settingsPage("Productos", "/panel/configuracion/productos", context, outcome, view)
    }

    func addProductSettingsRoutes(to panel: RouterGroup<AppContext>) {
        panel.get("configuracion/productos") { request, context in
            try await guarded(context) {
                let query = request.uri.queryParameters
                let typed = ["q", "after", "editar"].reduce(into: [String: String]()) { $0[$1] = query[Substring($1)].map(String.init) }
                return try await productsPage(context, SettingsOutcome(typed: typed))
            }
        }
        panel.get("configuracion/productos.csv") { _, context in
            try await guarded(context) {
                let csv = try await settings.exportProducts(of: try context.requireIdentity())
                return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                                       .contentDisposition: "attachment; filename=\"productos.csv\""],
                                body: .init(byteBuffer: ByteBuffer(string: csv)))
            }
        }
        panel.post("configuracion/productos") { request, context in
            try await guarded(context) {
                try await settingsForm(request, context, done: "Producto agregado.", page: productsPage) { form, identity in
                    _ = try await settings.save(try Self.product(form, code: form["codigo"] ?? "", keeping: nil), creating: true, by: identity)
                }
            }
        }
        panel.post("configuracion/productos/importar") { request, context in
            try await guarded(context) { try await importForm(request, context) }
        }
        panel.post("configuracion/productos/:code") { request, context in
            try await guarded(context) {
                let code = try context.parameters.require("code")
                return try await settingsForm(request, context, done: "Producto \(code) guardado.", page: productsPage) { form, identity in
                    let stored = try await settings.product(code, of: identity)
                    guard let stored else { throw CajaError.notFound("product") }
                    _ = try await settings.save(try Self.product(form, code: code, keeping: stored.product), creating: false, by: identity)
                }
            }
        }
        panel.post("configuracion/productos/:code/desactivar") { request, context in
            try await guarded(context) {
                let code = try context.parameters.require("code")
                return try await settingsForm(request, context, done: "Producto \(code) desactivado.", page: productsPage) { form, identity in
                    try Self.requireConfirmation(form)
                    _ = try await settings.deactivate(product: code, by: identity)
                }
            }
        }
    }

    /// The CSV chosen as a file (`archivo`, a multipart form) or pasted (`csv`): imported whole,
    /// or refused with every row's problems listed on the page.
    func importForm(_ request: Request, _ context: AppContext) async throws -> Response {
        var form: [String: String]
        var file: [UInt8]?
        if (request.headers[.contentType] ?? "").lowercased().hasPrefix("multipart/form-data") {
            var request = request
            let multipart: MultipartForm
            do {
                let buffer: ByteBuffer
                do { buffer = try await request.collectBody(upTo: SettingsController.importBodyLimit) } catch {
                    throw CajaError(.bodyTooLarge, field: "archivo", "the form is larger than \(SettingsController.importBodyLimit) bytes")
                }
                multipart = try MultipartForm.parse(Array(buffer: buffer), contentType: request.headers[.contentType] ?? "")
            } catch let error as CajaError {
                return try await productsPage(context, SettingsOutcome(error: error, status: error.status))
            }
            form = multipart.fields
            file = multipart.content("archivo")
        } else {
            form = try await PanelSession.form(request, limit: SettingsController.importBodyLimit * 3)
        }
        try checkCSRF(form, context)
        do {
            if let file { form["csv"] = try SettingsController.csvText(file) }
            let result = try await settings.importProducts(csv: form["csv"] ?? "", by: try context.requireIdentity())
            return try await productsPage(context, SettingsOutcome(
                notice: "Importación hecha: \(result.created) productos nuevos, \(result.updated) cambiados, \(result.unchanged) sin cambios."))
        } catch let refusal as ProductImportRefusal {
            return try await productsPage(context, SettingsOutcome(error: refusal.error, typed: ["csv": form["csv"] ?? ""],
                                                                   status: refusal.error.status), problems: refusal.problems)
        } catch let error as CajaError where error.kind != .forbidden {
            return try await productsPage(context, SettingsOutcome(error: error, typed: ["csv": form["csv"] ?? ""], status: error.status))
        }
    }

    /// A product form: code, name, barcode, price (comma or point decimals), ITBMS rate, unit.
    /// A field the form does not carry keeps `stored`'s value; an empty one clears an optional field.
    static func product(_ form: [String: String], code: String, keeping stored: Product?) throws -> Product {
        func field(_ name: String) -> String? { form[name].map { $0.trimmingCharacters(in: .whitespaces) } }
        var price = stored?.price ?? .zero
        if let text = field("precio") ?? (stored == nil ? "" : nil) {
            guard let parsed = ProductCSV.parsePrice(text) else {
                throw CajaError(.invalidAmount, field: "precio", "price '\(text)' is not an amount")
            }
            price = parsed
        }
        var rate = stored?.rate ?? .general
        if let text = field("tasa") ?? (stored == nil ? "" : nil) {
            guard let parsed = ITBMSRate(rawValue: text) else { throw CajaError.invalidRequest("tasa must be 00, 01, 02 or 03", field: "tasa") }
            rate = parsed
        }
        var unit = stored?.unit
        if let text = field("unidad") {
            guard text.isEmpty || UnitOfMeasure.code(matching: text) != nil else {
                throw CajaError(.invalidUnit, field: "unidad", "unit '\(text)' is not in the DGI's catalog")
            }
            unit = text.isEmpty ? nil : UnitOfMeasure.code(matching: text)
        }
        let barcode = field("codigo_barras").map { $0.isEmpty ? nil : $0 } ?? stored?.barcode
        return Product(code: code.trimmingCharacters(in: .whitespaces), name: field("nombre") ?? stored?.name ?? "",
                       price: price, rate: rate, barcode: barcode, unit: unit)
    }

    /// `text` as one percent-encoded URL path segment.
    static func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? text
    }
}
