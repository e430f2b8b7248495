import CajaCore
import CajaRegister
import Foundation

extension TillService {
    /// Pays the open sale through the register's own methods (the same the command line
    /// calls), so the offline rules refuse here exactly as there. The receipt is built and
    /// printed only after the register has stored the document (N1); a printer failure is
    /// reported, never a failed sale. The lines sold leave the cart in the transaction that
    /// stores the document (lines added meanwhile stay); the cart keeps them when the sale fails.
    func pay(_ request: TillAPI.PayRequest) async throws(TillError) -> TillAPI.SaleView {
        guard !paying else {
            throw TillError(.paymentInProgress, "Ya se está cobrando esta venta: espere la respuesta.")
        }
        paying = true
        defer { paying = false }
        let cart = try stored { try Cart.load(store) }
        guard !cart.lines.isEmpty else { throw TillError(.emptyCart, "La venta no tiene artículos: escanee un código.") }
        if let missing = cart.lines.first(where: { product($0.code) == nil }) {
            throw TillError(.unknownProduct, "El producto «\(missing.code)» ya no está en el catálogo: anule esa línea.")
        }
        try checkBootWindow()
        let items = cart.items
        let total = DocumentTotals(lines: lineItems(cart).map(\.1), payments: []).total
        let cash = try Self.amount(request.cash, field: "efectivo")
        let method = request.method ?? "cash"
        let payments = try Self.payments(method: method, cash: cash, total: total, given: request.payments)
        let sold = Set(cart.lines.map(\.id))
        let emptied = TillValueUpdate.update(Cart.self, Cart.key) { current in
            var remaining = current ?? Cart()
            remaining.lines.removeAll { sold.contains($0.id) }
            return remaining
        }
        let document: StoredDocument
        do throws(RegisterError) {
            switch request.document ?? "01" {
            case "01":
                if let customer = request.customer {
                    document = try await register.invoice(items, customer: try taxpayer(customer), payments: payments, alongside: emptied)
                } else if method == "cash" {
                    document = try await register.sell(items, cash: cash, alongside: emptied)
                } else {
                    document = try await register.sell(items, payments: payments, alongside: emptied)
                }
            case "06":
                guard method == "cash" else { throw Self.cashOnlyNote }
                document = try await register.genericCreditNote(items, cash: cash, alongside: emptied)
            case "04":
                guard method == "cash" else { throw Self.cashOnlyNote }
                guard let reference = request.reference?.trimmingCharacters(in: .whitespaces), !reference.isEmpty else {
                    throw RegisterError(.missingReference)
                }
                document = try await register.creditNote(items, referencing: reference, cash: cash, alongside: emptied)
            default:
                throw RegisterError(.invalidDocumentType)
            }
        } catch {
            throw noting(error).forScreen(offline: (try? store.activeSession()) != nil)
        }
        // Stored, and the cart without the lines sold with it.
        let remaining = try stored { try Cart.load(store) }
        if document.status == .sent { noteContact() }
        let receipt = Receipt(document, paper: configuration.paper)
        let cashSale = document.document.draft.payments.contains { $0.method == .cash }
        var bytes = receipt.escpos
        if configuration.drawer, cashSale { bytes += ReceiptPrinter.drawerPulse }
        let printError = await print(bytes)
        return TillAPI.SaleView(document: IssuedDocument(document), title: Self.title(document), receipt: receipt.text,
                                printed: printer != nil && printError == nil, printError: printError, cart: view(of: remaining))
    }

    static let cashOnlyNote = RegisterError(.invalidPayment, "Las notas de crédito se pagan (devuelven) en efectivo.")

    /// Sends bytes to the printer; nil when they went out (or there is no printer).
    func print(_ bytes: Data) async -> String? {
        guard let printer else { return nil }
        let error = await printer.send(bytes)
        if let error { logger.warning("receipt not printed: \(error)") }
        return error
    }

    static func title(_ stored: StoredDocument) -> String {
        let name = switch stored.document.draft.type {
        case .invoice: "Factura"
        case .creditNote: "Nota de crédito"
        case .genericCreditNote: "Nota de crédito genérica"
        }
        return "\(name) No. \(stored.document.issuance.number.value)"
    }

    static func amount(_ text: String?, field: String) throws(TillError) -> Money? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let value = Money(text.replacingOccurrences(of: ",", with: ".")), !value.isNegative else {
            throw TillError(.invalidAmount, "Monto no válido (\(field)): «\(text)». Use por ejemplo 20.00")
        }
        return value
    }

    static let methods: [String: Payment.Method] = ["cash": .cash, "card": .creditCard, "debit": .debitCard, "transfer": .transfer]

    /// The payments of a sale: one method for the whole total (cash: what was received), or
    /// the list of a mixed payment.
    static func payments(method: String, cash: Money?, total: Money, given: [TillAPI.PaymentInput]?) throws(TillError) -> [Payment] {
        if method == "mixed" {
            guard let given, !given.isEmpty else {
                throw TillError(.invalidPayment, "Indique los montos del pago mixto.")
            }
            return try given.map { input throws(TillError) in
                guard let kind = methods[input.method] else {
                    throw TillError(.invalidPayment, "Forma de pago no válida: «\(input.method)».")
                }
                guard let amount = try amount(input.amount, field: input.method) else {
                    throw TillError(.invalidAmount, "Falta el monto de \(input.method).")
                }
                return Payment(method: kind, amount: amount)
            }
        }
        guard let kind = methods[method] else { throw TillError(.invalidPayment, "Forma de pago no válida: «\(method)».") }
        return [Payment(method: kind, amount: kind == .cash ? (cash ?? total) : total)]
    }

    func taxpayer(_ input: TillAPI.CustomerInput) throws(RegisterError) -> Receiver.Taxpayer {
        guard let kind = TaxpayerID.Kind(rawValue: input.kind ?? "2") else {
            throw RegisterError(.invalidCustomer)
        }
        guard let issuer = try? store.catalogHeader()?.issuer else {
            throw RegisterError.notLoggedIn
        }
        // As `caja invoice`: the customer's address and location default to the issuer's.
        return Receiver.Taxpayer(taxID: TaxpayerID(kind: kind, ruc: input.ruc.trimmingCharacters(in: .whitespaces),
                                                   dv: input.dv.trimmingCharacters(in: .whitespaces)),
                                 name: input.name.trimmingCharacters(in: .whitespaces), address: issuer.address, location: issuer.location)
    }

    // MARK: - Receipts

    func receipts() throws(TillError) -> [TillAPI.ReceiptSummary] {
        try stored { try store.documents() }.suffix(50).reversed().map {
            TillAPI.ReceiptSummary(type: $0.document.draft.type.dgiCode, number: $0.document.issuance.number.value,
                                   date: DisplayTime.text($0.document.issuance.issuedAt), total: $0.document.totals.total,
                                   status: $0.status.rawValue, emission: $0.emission)
        }
    }

    func reprint(type: String, number: Int64) async throws(TillError) -> TillAPI.PrintView {
        guard let kind = DocumentType(rawValue: type) else {
            throw TillError(.invalidDocumentType, "Tipo de documento no válido: «\(type)».")
        }
        guard let document = try stored({ try store.document(number: number, type: kind) }) else {
            throw TillError(.documentNotFound, "No hay un documento \(type) número \(number) en esta caja.")
        }
        let receipt = Receipt(document, paper: configuration.paper)
        let error = printer == nil ? "No hay impresora configurada (caja ui --printer …)." : await print(receipt.escpos)
        return TillAPI.PrintView(printed: error == nil, printError: error, receipt: receipt.text)
    }

    // MARK: - Reporte Z

    /// `caja z-report` (O9): online only; pending documents go first so the Z includes them.
    func zReport() async throws(TillError) -> TillAPI.ZView {
        let report: ZReport
        do { report = try await register.zReport() } catch { throw noting(error).forScreen(offline: (try? store.activeSession()) != nil) }
        noteContact()
        let text = Self.text(of: report)
        var bytes = Data([0x1B, 0x40])
        bytes += text.data(using: .windowsCP1252, allowLossyConversion: true) ?? Data(text.utf8)
        bytes += Data([0x1B, 0x64, 4, 0x1D, 0x56, 66, 0])
        let error = printer == nil ? nil : await print(bytes)
        return TillAPI.ZView(report: report, text: text, printed: printer != nil && error == nil, printError: error)
    }

    static func text(of report: ZReport) -> String {
        let day = report.day.split(separator: "-").reversed().joined(separator: "/")   // AAAA-MM-DD → DD/MM/AAAA
        var text = "REPORTE Z No. \(report.number)\nPunto \(report.pointOfSale) — día \(day)\n"
        text += "Documentos: \(report.documentCount)\n"
        for line in report.byType {
            text += "\(typeName(line.type)): \(line.count) doc., del \(line.firstNumber) al \(line.lastNumber), total B/. \(line.total)\n"
        }
        for line in report.byRate { text += "ITBMS \(line.percent)%: base B/. \(line.net), impuesto B/. \(line.itbms)\n" }
        for line in report.byPayment { text += "\(paymentName(line.method)): B/. \(line.amount)\n" }
        text += "Vuelto: B/. \(report.change)\nTotal neto: B/. \(report.netTotal)\n"
        text += "En contingencia (offline): \(report.contingency.count)\n"
        return text
    }

    static func typeName(_ code: String) -> String {
        switch DocumentType(rawValue: code) {
        case .invoice: "Facturas (01)"
        case .creditNote: "Notas de crédito (04)"
        case .genericCreditNote: "Notas de crédito genéricas (06)"
        case nil: "Tipo \(code)"
        }
    }

    static func paymentName(_ code: String) -> String {
        switch Payment.Method(rawValue: code) {
        case .cash: "Efectivo"
        case .creditCard: "Tarjeta de crédito"
        case .debitCard: "Tarjeta de débito"
        case .transfer: "Transferencia"
        case .other: "Otro"
        case nil: "Pago \(code)"
        }
    }
}
