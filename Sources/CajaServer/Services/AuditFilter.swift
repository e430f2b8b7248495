import CajaCore
import Foundation

/// Filters of the bitácora (`GET /v1/admin/audit` and *Configuración › Bitácora*): one action
/// (`product.update`) or one area (`product`: every product change), who made it, and a time
/// range (`from` inclusive, `to` exclusive; a bare date means its start in Panama).
struct AuditFilter: Sendable {
    var action: String?
    var area: String?
    var actor: String?
    var from: Date?
    var to: Date?
    var limit = 200

    /// The areas a change belongs to, by the prefix of its action, with their Spanish names.
    static let areas: [(String, String)] = [("company", "Empresa"), ("certificate", "Certificado"), ("point", "Puntos de facturación"),
                                            ("user", "Usuarios"), ("product", "Productos"), ("device", "Cajas")]

    /// Reads the query; a bad value is a 400 naming it.
    static func parse(_ value: (String) -> String?) throws(CajaError) -> AuditFilter {
        var filter = AuditFilter()
        filter.action = value("action")
        if let area = value("area") {
            guard areas.contains(where: { $0.0 == area }) else {
                throw CajaError.invalidRequest("area must be " + areas.map(\.0).spokenList("or"), field: "area")
            }
            filter.area = area
        }
        filter.actor = value("actor")
        for name in ["from", "to"] {
            guard let text = value(name) else { continue }
            guard let date = DocumentController.parseDate(text) else {
                throw CajaError.invalidRequest("\(name) must be ISO 8601 (2026-03-14T10:30:00-05:00) or a date (2026-03-14)", field: name)
            }
            // A bare date in `to` means the whole day.
            if name == "from" { filter.from = date } else { filter.to = text.count == 10 ? PanamaTime.BusinessDay(containing: date).end : date }
        }
        if let limit = value("limit") {
            guard let n = Int(limit), (1...500).contains(n) else { throw CajaError.invalidRequest("limit must be 1...500", field: "limit") }
            filter.limit = n
        }
        return filter
    }
}
