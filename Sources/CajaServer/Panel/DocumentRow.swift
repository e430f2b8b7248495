import CajaCore
import Foundation

struct DocumentRow: Sendable {
    var id: String
    var type: String
    var number: String
    var point: String
    var issuedAt: String
    var total: String
    var emission: String
    var contingency: Bool
    var dgiStatus: String
    var dgiClass: String

    init(_ summary: DocumentSummary) {
        id = summary.id.uuidString
        type = summary.type.spanishName
        number = String(format: "%010lld", summary.number)
        point = summary.point
        issuedAt = PanamaTime.parseDGITimestamp(summary.issuedAt).map(PanelFormat.dateTime) ?? summary.issuedAt
        total = PanelFormat.money(summary.total)
        emission = summary.emission.spanishName
        contingency = summary.emission == .contingency
        dgiStatus = summary.dgiStatus.spanishName
        dgiClass = summary.dgiStatus.rawValue
    }
}
