import CajaCore
import CajaRegister
import Foundation

/// The JSON the till's page and its API exchange (under `/api/`). Amounts are strings with
/// two decimals (``Money``), times are `dd/mm/aaaa hh:mm` in Panama time for display.
enum TillAPI {
    struct LoginRequest: Decodable {
        var server: String
        var user: String
        var password: String
        var pos: String
        var device: String?
    }

    /// `CODE`, `CODE*QTY` or `QTY*CODE` as typed or scanned.
    struct AddRequest: Decodable { var code: String }

    struct PaymentInput: Decodable {
        /// cash, card (crédito), debit, transfer
        var method: String
        var amount: String
    }

    struct CustomerInput: Decodable {
        var ruc: String
        var dv: String
        var name: String
        /// "1" persona natural, "2" persona jurídica (default).
        var kind: String?
    }

    struct PayRequest: Decodable {
        /// "01" (default), "04" (credit note by CUFE) or "06" (generic credit note).
        var document: String?
        /// cash (default), card, debit, transfer or mixed (then `payments`).
        var method: String?
        /// Cash received (cash only); the exact total when absent.
        var cash: String?
        var payments: [PaymentInput]?
        /// Factura completa to a taxpayer (online only, O4/O5).
        var customer: CustomerInput?
        /// CUFE of the invoice a 04 corrects.
        var reference: String?
    }

    struct OfflineOnRequest: Decodable {
        var reason: String
        /// The cashier ticked "Acepto las condiciones" (O2).
        var accept: Bool?
    }

    struct CartLineView: Encodable {
        var id: UUID
        var code: String
        var description: String
        var quantity: String
        var unitPrice: Money
        var percent: Int
        var net: Money
        var itbms: Money
        var total: Money
    }

    struct RateView: Encodable {
        var percent: Int
        var itbms: Money
    }

    struct CartView: Encodable {
        var lines: [CartLineView]
        var net: Money
        var itbms: Money
        var byRate: [RateView]
        var total: Money
        var count: Int
    }

    struct ProductView: Encodable {
        var code: String
        var name: String
        var price: Money
        var percent: Int
    }

    struct NumbersView: Encodable {
        var type: String
        var remaining: Int64
        var hours: String
    }

    struct ProblemView: Encodable {
        var type: String
        var number: Int64
        var status: String
        var code: String?
        var message: String?
    }

    struct SyncView: Encodable {
        var running: Bool
        var at: String?
        var sent: Int
        var conflicts: Int
        var rejected: Int
        var error: String?
    }

    struct StatusView: Encodable {
        var loggedIn: Bool
        var user: String?
        var company: String?
        var pointOfSale: String?
        var server: String?
        /// online, offline or offline-blocked (O8: the 24 h are over, or the clock moved).
        var mode: String
        var offline: Bool
        var blocked: Bool
        var blockedReason: String?
        var offlineSince: String?
        var secondsLeft: Int?
        var timeLeft: String?
        var reason: String?
        var pending: Int
        var conflicts: Int
        var rejected: Int
        var problems: [ProblemView]
        var numbers: [NumbersView]
        /// ok, down or unknown: the last contact attempt with the server.
        var connection: String
        var lastContact: String?
        var sync: SyncView
        var printer: String?
        var drawer: Bool
        var banner: String
        var now: String
    }

    struct SaleView: Encodable {
        var document: IssuedDocument
        var title: String
        var receipt: String
        var printed: Bool
        var printError: String?
        var cart: CartView
    }

    struct ReceiptSummary: Encodable {
        var type: String
        var number: Int64
        var date: String
        var total: Money
        var status: String
        var emission: String
    }

    struct PrintView: Encodable {
        var printed: Bool
        var printError: String?
        var receipt: String
    }

    struct ZView: Encodable {
        var report: ZReport
        var text: String
        var printed: Bool
        var printError: String?
    }

    struct TermsView: Encodable {
        var text: String
        var version: String
        var reasons: [String]
    }

    struct OK: Encodable { var ok = true }
}
