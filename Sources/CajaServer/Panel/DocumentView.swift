import CajaCore
import Foundation

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
    /// False until the DGI queue signed it: the XML download waits for the signature.
    var signed: Bool
}
