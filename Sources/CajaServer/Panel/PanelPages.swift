import CajaCore
import Foundation

/// What every page shows around its body: the company, the user, the menu, the CSRF token
/// its forms carry. Templates read these by name (swift-mustache reflects the structs).
struct PanelPage<Body>: Sendable where Body: Sendable {
    struct NavItem: Sendable {
        var label: String
        var href: String
        var active: Bool
    }

    var title: String
    var company: String
    var user: String
    var role: String
    var csrf: String
    var nav: [NavItem]
    var body: Body

    static func nav(active: String) -> [NavItem] {
        [("Inicio", "/panel"), ("Documentos", "/panel/documentos"), ("Sesiones offline", "/panel/sesiones"),
         ("Numeración", "/panel/numeracion"), ("Reportes Z", "/panel/reportes-z"), ("Cola DGI", "/panel/cola-dgi")]
            .map { NavItem(label: $0.0, href: $0.1, active: $0.1 == active) }
    }
}

struct LoginView: Sendable {
    var csrf: String
    var error: String?
    var user: String
}

struct MessageView: Sendable {
    var heading: String
    var message: String
}

struct HomeView: Sendable {
    struct PointLine: Sendable {
        var point: String
        var count: Int
        var total: String
    }

    var day: String
    var count: Int
    var total: String
    var points: [PointLine]
    var onlineShare: String
    var offlineShare: String
    var offlineCount: Int
    var pending: Int
    var sent: Int
    var rejected: Int
    var hasRejected: Bool { rejected > 0 }
    var chart: String
}

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

struct DocumentsView: Sendable {
    struct Option: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    var from: String
    var to: String
    var points: [Option]
    var types: [Option]
    var statuses: [Option]
    var emissions: [Option]
    var rows: [DocumentRow]
    var empty: Bool
    var nextURL: String?
    var csvURL: String
    var error: String?
}

struct DocumentView: Sendable {
    struct Line: Sendable {
        var description: String
        var code: String
        var quantity: String
        var unitPrice: String
        var rate: String
        var net: String
        var itbms: String
        var total: String
    }

    struct Amount: Sendable {
        var label: String
        var amount: String
    }

    var row: DocumentRow
    var cufe: String
    var receiver: String
    var lines: [Line]
    var totals: [Amount]
    var payments: [Amount]
    var change: String
    var qrSVG: String
    var qrURL: String
    var dgiProtocol: String?
    var dgiAuthorizedAt: String?
    var dgiCode: String?
    var dgiMessage: String?
    var dgiAttempts: Int
    var dgiLastError: String?
    var flags: [String]
    var hasFlags: Bool { !flags.isEmpty }
    var session: SessionRow?
    var references: [String]
}

struct SessionRow: Sendable {
    var id: String
    var device: String
    var reason: String
    var acceptedBy: String
    var acceptedAt: String
    var termsVersion: String
    var start: String
    var end: String
    var documents: Int
    var synced: String
    var flagged: Int
    var hasFlags: Bool
    var documentsURL: String

    init(_ session: OfflineSessionOverview) {
        id = session.id
        device = session.device
        reason = session.reason
        acceptedBy = session.acceptedBy
        acceptedAt = PanelFormat.dateTime(Date(millis: session.acceptedAt))
        termsVersion = session.termsVersion
        start = PanelFormat.dateTime(Date(millis: session.activatedAt))
        end = session.endedAt.map { PanelFormat.dateTime(Date(millis: $0)) } ?? "abierta"
        documents = session.documents
        synced = session.lastSynced.map { PanelFormat.dateTime(Date(millis: $0)) } ?? "—"
        flagged = session.flagged
        hasFlags = session.flagged > 0
        documentsURL = "/panel/documentos?emission=contingency&session=\(session.id)"
    }
}

struct SessionsView: Sendable {
    var sessions: [SessionRow]
    var empty: Bool
}

struct NumberingView: Sendable {
    struct SequenceRow: Sendable {
        var point: String
        var type: String
        var lastNumber: String
    }

    struct BlockRow: Sendable {
        var device: String
        var point: String
        var type: String
        var range: String
        var used: Int
        var size: Int64
        var percent: Int
        /// Hours of offline selling the device's unused numbers of this type cover at its
        /// busiest pace (N2), or why that is not known.
        var covers: String
    }

    struct VoidedRow: Sendable {
        var point: String
        var type: String
        var range: String
        var reason: String
        var createdAt: String
    }

    struct ConflictRow: Sendable {
        var kind: String
        var code: String
        var message: String
        var where_: String
        var device: String
        var receivedAt: String
        var incoming: String
        var existing: String?
    }

    var sequences: [SequenceRow]
    var blocks: [BlockRow]
    var voided: [VoidedRow]
    var conflicts: [ConflictRow]
}

struct ZListView: Sendable {
    struct Row: Sendable {
        var id: String
        var number: Int64
        var point: String
        var day: String
        var documents: Int
        var net: String
        var contingency: Int
        var late: Int
        var hasLate: Bool { late > 0 }
        var createdBy: String
    }

    var rows: [Row]
    var empty: Bool
}

struct ZDetailView: Sendable {
    struct Line: Sendable {
        var label: String
        var count: String
        var amount: String
        var extra: String
    }

    var number: Int64
    var point: String
    var day: String
    var createdAt: String
    var createdBy: String
    var byType: [Line]
    var byRate: [Line]
    var byPayment: [Line]
    var change: String
    var net: String
    var contingency: [DocumentRow]
    var late: [DocumentRow]
}

struct QueueView: Sendable {
    struct Row: Sendable {
        var documentID: String
        var document: String
        var state: String
        var stateClass: String
        var attempts: Int
        var detail: String
        var nextAttempt: String
        var retryable: Bool
    }

    var counts: [DocumentsView.Option]
    var rows: [Row]
    var empty: Bool
    var notice: String?
}
