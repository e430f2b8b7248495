import CajaCore
import CajaRegister

/// What a sale prints: the receipt, or the document's fields with `--json`.
struct SaleOutput: Encodable {
    var document: IssuedDocument
    var receipt: String

    func encode(to encoder: any Encoder) throws { try document.encode(to: encoder) }

    init(_ stored: StoredDocument, paper: Receipt.Paper) {
        document = IssuedDocument(stored)
        receipt = Receipt(stored, paper: paper).text
    }
}
