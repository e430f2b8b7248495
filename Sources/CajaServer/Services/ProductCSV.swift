import CajaCore
import Foundation

/// The products' CSV file (issue 14, item 2): read for an import, written for an export.
///
/// Read: UTF-8 with or without a BOM; the separator is the header's (`;` or `,`); quoted fields
/// as RFC 4180 (`""` is a quote, a quoted field may hold the separator or a line break). A price
/// takes a point or a comma as its decimal mark — with `,` as separator a comma price must be
/// quoted (`"1,25"`). The ITBMS column takes the DGI's code (`00`–`03`, or `0`–`3` when a
/// spreadsheet dropped the zero) or the percentage (`7`, `10 %`). Every problem of every row is
/// reported, with the file's line number (the header is line 1) and the column's name.
///
/// Written: the header `codigo,codigo_barras,nombre,precio,itbms,unidad`, `,` as separator, point
/// decimals (Panama's), a BOM so spreadsheets take it as UTF-8 — the import reads it back as is.
enum ProductCSV {
    enum Column: String, CaseIterable {
        case code = "codigo", barcode = "codigo_barras", name = "nombre", price = "precio", rate = "itbms", unit = "unidad"

        /// Other spellings a header may use for the column (folded: no case, no accents, `_` for spaces).
        var aliases: [String] {
            switch self {
            case .code: ["codigo", "code", "cod", "codigo_interno"]
            case .barcode: ["codigo_barras", "codigo_de_barras", "barcode", "ean", "gtin"]
            case .name: ["nombre", "name", "descripcion", "producto"]
            case .price: ["precio", "price", "precio_unitario"]
            case .rate: ["itbms", "tasa", "tasa_itbms", "rate"]
            case .unit: ["unidad", "unit", "unidad_de_medida", "unidad_medida"]
            }
        }

        static let required: [Column] = [.code, .name, .price, .rate]

        /// The field of ``Product`` that ``SettingsService/validate(_:)`` names.
        var field: String {
            switch self {
            case .code: "code"
            case .barcode: "barcode"
            case .name: "name"
            case .price: "price"
            case .rate: "rate"
            case .unit: "unit"
            }
        }
    }

    /// At most this many problems are listed; the import is refused all the same.
    static let maxProblems = 500

    /// The products of `text`, in file order, or every problem found.
    static func read(_ text: String) -> Result<[(row: Int, product: Product)], ProductImportRefusal> {
        var text = Substring(text)
        if text.unicodeScalars.first == "\u{FEFF}" { text = Substring(text.unicodeScalars.dropFirst()) }
        let headerLine = text.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
        let separator: Character = headerLine.filter { $0 == ";" }.count >= headerLine.filter { $0 == "," }.count ? ";" : ","
        let records = split(text, separator: separator)
        guard let header = records.first else { return .failure(.init([.init(row: 1, column: nil, message: "El archivo está vacío.")])) }
        var problems: [ProductImportProblem] = []
        var index: [Column: Int] = [:]
        for (position, name) in header.fields.enumerated() {
            let folded = fold(name)
            guard let column = Column.allCases.first(where: { $0.aliases.contains(folded) }) else {
                problems.append(.init(row: header.line, column: name, message: "Columna desconocida «\(name)»: use \(Column.allCases.map(\.rawValue).joined(separator: ", "))."))
                continue
            }
            if index[column] != nil { problems.append(.init(row: header.line, column: name, message: "La columna \(column.rawValue) está dos veces.")) }
            index[column] = position
        }
        for column in Column.required where index[column] == nil {
            problems.append(.init(row: header.line, column: column.rawValue, message: "Falta la columna \(column.rawValue) en la primera fila."))
        }
        guard problems.isEmpty else { return .failure(.init(problems)) }
        var products: [(row: Int, product: Product)] = []
        var codes: [String: Int] = [:], barcodes: [String: Int] = [:]
        for record in records.dropFirst() {
            guard problems.count < maxProblems else { break }
            let row = record.line
            guard record.fields.count == header.fields.count else {
                problems.append(.init(row: row, column: nil,
                                      message: "La fila tiene \(record.fields.count) columnas y la primera fila \(header.fields.count)."))
                continue
            }
            func cell(_ column: Column) -> String {
                index[column].map { trimmed(record.fields[$0]) } ?? ""
            }
            var rowProblems: [ProductImportProblem] = []
            func problem(_ column: Column, _ message: String) { rowProblems.append(.init(row: row, column: column.rawValue, message: message)) }
            let price = parsePrice(cell(.price))
            if price == nil { problem(.price, "«\(cell(.price))» no es un precio: use un número con hasta dos decimales (1.25 o 1,25).") }
            let rate = parseRate(cell(.rate))
            if rate == nil { problem(.rate, "«\(cell(.rate))» no es una tasa de ITBMS: use 00, 01, 02 o 03 (0 %, 7 %, 10 %, 15 %).") }
            let unit = cell(.unit).isEmpty ? nil : UnitOfMeasure.code(matching: cell(.unit))
            if !cell(.unit).isEmpty, unit == nil { problem(.unit, "«\(cell(.unit))» no está en el catálogo de unidades de la DGI (por ejemplo und, kg, lb, l).") }
            let barcode = cell(.barcode).isEmpty ? nil : cell(.barcode)
            let product = Product(code: cell(.code), name: cell(.name), price: price ?? .zero, rate: rate ?? .exempt, barcode: barcode, unit: unit)
            if let error = refusal(of: product) {
                let column = Column.allCases.first { $0.field == error.field } ?? .code
                problem(column, message(for: error, column: column))
            }
            if let first = codes[product.code] {
                problem(.code, "El código \(product.code) ya está en la fila \(first).")
            } else if !product.code.isEmpty { codes[product.code] = row }
            if let barcode {
                if let first = barcodes[barcode] { problem(.barcode, "El código de barras \(barcode) ya está en la fila \(first).") }
                else { barcodes[barcode] = row }
            }
            problems += rowProblems
            if rowProblems.isEmpty { products.append((row, product)) }
        }
        if problems.isEmpty && products.isEmpty {
            problems.append(.init(row: 2, column: nil, message: "El archivo no tiene productos después de la primera fila."))
        }
        return problems.isEmpty ? .success(products) : .failure(.init(Array(problems.prefix(maxProblems))))
    }

    /// `products` as a CSV file the import reads back unchanged.
    static func write(_ products: [Product]) -> String {
        var out = "\u{FEFF}" + Column.allCases.map(\.rawValue).joined(separator: ",") + "\r\n"
        out.reserveCapacity(products.count * 64)
        for product in products {
            let fields = [product.code, product.barcode ?? "", product.name, product.price.description, product.rate.rawValue, product.unit ?? ""]
            out += fields.map(quoted).joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// What ``SettingsService/validate(_:)`` refuses in `product`, or nil.
    static func refusal(of product: Product) -> CajaError? {
        do throws(CajaError) {
            try SettingsService.validate(product)
            return nil
        } catch {
            return error
        }
    }

    /// A refused field of a row, in Spanish.
    static func message(for error: CajaError, column: Column) -> String {
        switch (error.code, column) {
        case (.invalidText, .code): "El código debe tener de 1 a 20 caracteres, sin espacios al inicio ni al final."
        case (.invalidText, .name): "El nombre debe tener de 1 a 100 caracteres, sin espacios al inicio ni al final."
        case (.invalidText, .barcode): "El código de barras debe tener de 1 a 20 caracteres, sin espacios."
        case (.invalidAmount, _): "El precio debe estar entre 0 y 99999999.99."
        default: error.spanishMessage
        }
    }

    // MARK: - Pieces

    struct Record {
        var line: Int
        var fields: [String]
    }

    /// The records of `text`, each with the line it starts on. Read by UTF-8 bytes: every byte
    /// the format gives a meaning (separator, quote, line break) is ASCII, so no multi-byte
    /// character can hold one, and a field is decoded once, whole — iterating `Character`s cost
    /// 1.2–1.6 s of a 50,000-row import (issue 14, Scale).
    static func split(_ text: Substring, separator: Character) -> [Record] {
        let bytes = Array(text.utf8), count = bytes.count
        let separator = separator.asciiValue ?? UInt8(ascii: ";")
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriage = UInt8(ascii: "\r")
        var records: [Record] = [], fields: [String] = [], field: [UInt8] = []
        var line = 1, start = 1, quoted = false, atFieldStart = true
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRecord() {
            endField()
            records.append(Record(line: start, fields: fields))
            fields = []; atFieldStart = true
        }
        var index = 0
        while index < count {
            let byte = bytes[index]
            index += 1
            if quoted {
                if byte == quote {
                    if index < count, bytes[index] == quote { field.append(quote); index += 1 } else { quoted = false }
                } else {
                    // "\r\n" is one line break, as a lone "\r" or "\n" is.
                    if byte == carriage || (byte == newline && (index < 2 || bytes[index - 2] != carriage)) { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case quote where atFieldStart && field.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }):
                field.removeAll(keepingCapacity: true); quoted = true; atFieldStart = false
            case separator:
                endField(); atFieldStart = true
            case newline, carriage:
                if byte == carriage, index < count, bytes[index] == newline { index += 1 }
                endRecord(); line += 1; start = line
            default:
                field.append(byte); atFieldStart = false
            }
        }
        if !fields.isEmpty || !field.isEmpty || quoted { endRecord() }
        return records.filter { !($0.fields.count == 1 && $0.fields[0].isEmpty) }
    }

    /// A price with a point or a comma as decimal mark: `1.25`, `1,25`, `3`. A number with both
    /// marks (`1.234,50`) is refused rather than guessed.
    static func parsePrice(_ text: String) -> Money? {
        let comma = text.utf8.contains(UInt8(ascii: ","))
        guard !(comma && text.utf8.contains(UInt8(ascii: "."))) else { return nil }
        guard let price = Money(comma ? text.replacingOccurrences(of: ",", with: ".") : text), !price.isNegative else { return nil }
        return price
    }

    static func parseRate(_ text: String) -> ITBMSRate? {
        if let rate = ITBMSRate(rawValue: text) { return rate }
        let text = text.replacingOccurrences(of: " ", with: "")
        if let rate = ITBMSRate(rawValue: text) { return rate }
        if text.hasSuffix("%") { return Int(text.dropLast()).flatMap(ITBMSRate.init(percent:)) }
        switch text {
        case "1", "2", "3": return ITBMSRate(rawValue: "0" + text)
        default: return Int(text).flatMap(ITBMSRate.init(percent:))
        }
    }

    /// `text` without the spaces around it; a cell with none (nearly all) is not copied.
    static func trimmed(_ text: String) -> String {
        func isSpace(_ byte: UInt8?) -> Bool { byte.map { $0 == 0x20 || $0 == 0x09 || $0 >= 0x80 } ?? false }
        guard isSpace(text.utf8.first) || isSpace(text.utf8.last) else { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }

    static func fold(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespaces)
            .folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "es_PA"))
            .replacingOccurrences(of: " ", with: "_")
    }

    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == ";" || $0 == "\"" || $0.isNewline }) || field.first?.isWhitespace == true else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
