import CajaCore
import Foundation

/// The printed receipt of a document (tiquete), as lines of a fixed width: 32 characters on
/// 58 mm paper, 48 on 80 mm. ``text`` is for the screen and plain printers, ``ESCPOS`` turns
/// the same lines into thermal-printer bytes.
public struct Receipt: Sendable {
    public enum Paper: Int, Sendable {
        case mm58 = 58
        case mm80 = 80

        public var columns: Int { self == .mm58 ? 32 : 48 }
    }

    public static let contingencyNotice = "EMITIDO EN CONTINGENCIA — pendiente de autorización DGI"

    public let stored: StoredDocument
    public let paper: Paper

    public init(_ stored: StoredDocument, paper: Paper = .mm80) {
        self.stored = stored
        self.paper = paper
    }

    /// Where a customer checks the document: the server's QR URL once it signed it, else
    /// the DGI consultation by CUFE (the register holds no signing key, so an offline receipt
    /// cannot carry the signature digest).
    public var consultationURL: String {
        if let url = stored.qrURL { return url }
        let document = stored.document
        return "\(QRCode.productionBaseURL)?chFE=\(document.cufe.value)&iAmb=\(document.issuer.environment.dgiCode)"
    }

    var title: String {
        switch stored.document.draft.type {
        case .invoice: "FACTURA"
        case .creditNote: "NOTA DE CRÉDITO"
        case .genericCreditNote: "NOTA DE CRÉDITO GENÉRICA"
        }
    }

    /// The issuer's lines, centred: name (wrapped), RUC, branch and till.
    public var header: [String] {
        let document = stored.document
        let issuer = document.issuer
        return (wrap(issuer.name) + ["RUC \(issuer.taxID.ruc) DV \(issuer.taxID.dv)",
                                     "Sucursal \(issuer.branch) — Caja \(document.issuance.pointOfSale.code)"]).map(center)
    }

    /// The receipt's lines: the header, then the document.
    public var lines: [String] { header + body }

    /// Everything below the header.
    public var body: [String] {
        let document = stored.document
        let totals = document.totals
        let rule = String(repeating: "-", count: paper.columns)
        var out = [rule,
                   "\(title) No. \(document.issuance.number)",
                   "Fecha: \(PanamaTime.displayDateTime(document.issuance.issuedAt))"]
        if case .taxpayer(let customer) = document.draft.receiver {
            out += wrap("Cliente: \(customer.name) RUC \(customer.taxID.ruc) DV \(customer.taxID.dv)")
        } else {
            out.append("Cliente: CONSUMIDOR FINAL")
        }
        for reference in document.draft.references { out += wrap("Ref. CUFE: \(reference.cufe)") }
        out.append(rule)
        for line in document.draft.lines {
            let amounts = line.totals
            out += wrap("\(line.quantity) x \(line.description)")
            out.append(columns("  @\(line.unitPrice) ITBMS \(line.rate.percent)%", amounts.net.description))
        }
        out.append(rule)
        out.append(columns("Subtotal", totals.net.description))
        for rate in ITBMSRate.allCases where (totals.itbmsByRate[rate] ?? .zero) != .zero {
            out.append(columns("ITBMS \(rate.percent)%", (totals.itbmsByRate[rate] ?? .zero).description))
        }
        out.append(columns("TOTAL", "B/. \(totals.total)"))
        for payment in document.draft.payments {
            out.append(columns(payment.method.spanishName, payment.amount.description))
        }
        out.append(columns("Vuelto", totals.change.description))
        out.append(rule)
        out.append("CUFE:")
        out += chunks(document.cufe.value)
        out.append("Consulte en:")
        out += chunks(consultationURL)
        if let contingency = document.issuance.contingency {
            out.append(rule)
            out += wrap(Self.contingencyNotice)
            out += wrap("Contingencia desde \(PanamaTime.displayDateTime(contingency.start)): \(contingency.reason)")
        }
        return out
    }

    public var text: String { lines.joined(separator: "\n") + "\n" }

    // MARK: - Layout

    func center(_ text: String) -> String {
        guard text.count < paper.columns else { return String(text.prefix(paper.columns)) }
        return String(repeating: " ", count: (paper.columns - text.count) / 2) + text
    }

    func columns(_ left: String, _ right: String) -> String {
        let space = paper.columns - left.count - right.count
        return space >= 1 ? left + String(repeating: " ", count: space) + right : String(left.prefix(paper.columns - right.count - 1)) + " " + right
    }

    /// Word wrap to the paper's width.
    func wrap(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if current.isEmpty { current = String(word) } else if current.count + 1 + word.count <= paper.columns {
                current += " " + word
            } else {
                out.append(current)
                current = String(word)
            }
            while current.count > paper.columns {
                out.append(String(current.prefix(paper.columns)))
                current = String(current.dropFirst(paper.columns))
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// Hard breaks for long unbroken values (CUFE, URL).
    func chunks(_ text: String) -> [String] {
        stride(from: 0, to: text.count, by: paper.columns).map {
            let start = text.index(text.startIndex, offsetBy: $0)
            let end = text.index(start, offsetBy: min(paper.columns, text.count - $0))
            return String(text[start..<end])
        }
    }
}
