import ArgumentParser
import CajaCore
import CajaRegister
import Foundation

/// Options of every command that issues a document.
struct SaleOptions: ParsableArguments {
    @Argument(help: "Artículos: CÓDIGO o CÓDIGO*CANTIDAD.") var items: [String]
    @Option(name: .customLong("width"), help: "Ancho del recibo en mm: 58 u 80.") var width: Int = 80

    func saleItems() throws(RegisterError) -> [SaleItem] {
        guard !items.isEmpty else { throw invalid("Indique al menos un artículo.") }
        return try items.map { text throws(RegisterError) in try SaleItem(parsing: text) }
    }

    func paper() throws(RegisterError) -> Receipt.Paper {
        guard let paper = Receipt.Paper(rawValue: width) else { throw invalid("Ancho de recibo no válido: \(width). Use 58 u 80.") }
        return paper
    }
}

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

struct Sell: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Venta rápida (caja registradora) a consumidor final, en efectivo.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var sale: SaleOptions
    @Option(help: "Efectivo recibido (por defecto, el total exacto).") var cash: String?

    func run() async throws {
        try await global.run({ register throws(RegisterError) in
            let paper = try sale.paper()
            return SaleOutput(try await register.sell(try sale.saleItems(), cash: try money(cash, option: "--cash")), paper: paper)
        }, text: \.receipt)
    }
}

struct Invoice: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Factura completa a un contribuyente (solo en línea).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var sale: SaleOptions
    @Option(name: .customLong("customer-ruc")) var ruc: String
    @Option(name: .customLong("customer-dv")) var dv: String
    @Option(name: .customLong("customer-name")) var name: String
    @Option(name: .customLong("customer-kind"), help: "1 persona natural, 2 persona jurídica.") var kind: String = "2"
    @Option(name: .customLong("customer-address"), help: "Dirección (por defecto la del emisor).") var address: String?
    @Option(name: .customLong("pay"), help: "Pago METODO:MONTO (efectivo, tarjeta-credito, tarjeta-debito, transferencia). Repetible.")
    var pays: [String] = []

    func run() async throws {
        try await global.run({ register throws(RegisterError) in
            let paper = try sale.paper()
            guard let kind = TaxpayerID.Kind(rawValue: kind) else { throw invalid("Tipo de contribuyente no válido: \(kind).") }
            guard let issuer = try? register.store.catalog()?.issuer else { throw RegisterError.notLoggedInError }
            // The register keeps no address book: the customer's location defaults to the
            // issuer's (the DGI requires one for a taxpayer), the address to --customer-address.
            let customer = Receiver.Taxpayer(taxID: TaxpayerID(kind: kind, ruc: ruc, dv: dv), name: name,
                                             address: address ?? issuer.address, location: issuer.location)
            let payments = try pays.map { text throws(RegisterError) in try Self.payment(text) }
            return SaleOutput(try await register.invoice(try sale.saleItems(), customer: customer, payments: payments), paper: paper)
        }, text: \.receipt)
    }

    static func payment(_ text: String) throws(RegisterError) -> Payment {
        let parts = text.split(separator: ":").map(String.init)
        let methods: [String: Payment.Method] = ["efectivo": .cash, "tarjeta-credito": .creditCard, "tarjeta-debito": .debitCard,
                                                 "transferencia": .transfer, "cash": .cash, "card": .creditCard, "transfer": .transfer]
        guard parts.count == 2, let method = methods[parts[0].lowercased()] else {
            throw invalid("Pago no válido: «\(text)». Use METODO:MONTO, p. ej. efectivo:20.00")
        }
        guard let amount = try money(parts[1], option: "--pay") else { throw invalid("Falta el monto en «\(text)».") }
        return Payment(method: method, amount: amount)
    }
}

struct CreditNote: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credit-note", abstract: "Nota de crédito: genérica (06) con --generic, o referida a una factura (04) con --ref CUFE.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var sale: SaleOptions
    @Flag(help: "Nota de crédito genérica (06).") var generic = false
    @Option(help: "CUFE de la factura que se corrige (04).") var ref: String?
    @Option(help: "Efectivo devuelto (por defecto el total).") var cash: String?

    func run() async throws {
        try await global.run({ register throws(RegisterError) in
            let paper = try sale.paper()
            let items = try sale.saleItems()
            let amount = try money(cash, option: "--cash")
            switch (generic, ref) {
            case (true, nil): return SaleOutput(try await register.genericCreditNote(items, cash: amount), paper: paper)
            case (false, let ref?): return SaleOutput(try await register.creditNote(items, referencing: ref, cash: amount), paper: paper)
            default: throw invalid("Use --generic o --ref CUFE (uno de los dos).")
            }
        }, text: \.receipt)
    }
}

struct ReceiptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "receipt", abstract: "Vuelve a imprimir el recibo de un documento.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Número del documento.") var number: Int64
    @Option(help: "Tipo: 01, 04 o 06.") var type: String = "01"
    @Option(help: "text o escpos (bytes para impresora térmica).") var format: String = "text"
    @Option(help: "Ancho en mm: 58 u 80.") var width: Int = 80

    func run() async throws {
        var bytes: Data?
        try await global.run({ register throws(RegisterError) in
            guard let type = DocumentType(rawValue: type) else { throw invalid("Tipo de documento no válido: \(type).") }
            guard let paper = Receipt.Paper(rawValue: width) else { throw invalid("Ancho no válido: \(width). Use 58 u 80.") }
            guard ["text", "escpos"].contains(format) else { throw invalid("Formato no válido: \(format). Use text o escpos.") }
            guard let stored = try? register.store.document(number: number, type: type) else {
                throw invalid("No hay un documento \(type.dgiCode) número \(number) en esta caja.")
            }
            let output = SaleOutput(stored, paper: paper)
            if format == "escpos" { bytes = Receipt(stored, paper: paper).escpos }
            return output
        }, text: { output in bytes == nil ? output.receipt : "" })
        if let bytes, !global.json { FileHandle.standardOutput.write(bytes) }
    }
}

struct CUFECommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cufe", abstract: "Decodifica y verifica un CUFE.")
    @OptionGroup var global: GlobalOptions
    @Argument var cufe: String

    func run() async throws {
        try await global.run({ _ throws(RegisterError) in
            do throws(CajaError) { return CUFEOutput(try CUFE(parsing: cufe)) } catch { throw RegisterError(error) }
        }, text: { output in
            "CUFE válido (dígito verificador correcto)\nTipo: \(output.type)  RUC: \(output.ruc) DV \(output.dv)  Sucursal: \(output.branch)\n"
                + "Fecha: \(output.date)  Número: \(output.number)  Punto: \(output.point)  Emisión: \(output.emission)  Ambiente: \(output.environment)\n"
        })
    }
}

struct CUFEOutput: Codable {
    var valid = true
    var type, ruc, dv, branch, date, number, point, emission, environment, securityCode: String

    init(_ cufe: CUFE) {
        type = cufe.documentType
        ruc = String(cufe.paddedRUC.drop { $0 == "0" })
        dv = cufe.dv
        branch = cufe.branch
        date = cufe.compactDate
        number = cufe.number
        point = cufe.pointOfSale
        emission = cufe.emissionType
        environment = cufe.environment
        securityCode = cufe.securityCode
    }
}
