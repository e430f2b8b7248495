import CajaCore
import CajaRegister
import Foundation

extension TillService {
    func cart() throws(TillError) -> TillAPI.CartView {
        view(of: try stored { try Cart.load(store) })
    }

    /// Adds what was typed or scanned: `CODE`, `CODE*QTY` or `QTY*CODE` (the till's quantity
    /// key). An unknown code or a bad quantity is refused naming it; nothing is added.
    func add(_ typed: String) throws(TillError) -> TillAPI.CartView {
        let text = typed.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw TillError(.invalidItem, "Escriba o escanee un código de producto.") }
        guard text.count <= 60 else { throw TillError(.invalidItem, "El código es demasiado largo.") }
        let parts = text.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        // `3*7501` (quantity first, as a till's quantity key types it) and `7501*3` (as
        // `caja sell` takes it) are both read; the catalog decides which side is the code.
        let normalized = parts.count == 2 && product(parts[0]) == nil && product(parts[1]) != nil ? "\(parts[1])*\(parts[0])" : text
        let item: SaleItem
        do { item = try SaleItem(parsing: normalized) } catch { throw TillError(error) }
        guard product(item.code) != nil else {
            throw TillError(.unknownProduct, "Producto desconocido: «\(item.code)». Búsquelo por nombre (F2).")
        }
        guard item.quantity <= Quantity(9999) else {
            throw TillError(.invalidQuantity, "Cantidad no válida en «\(text)» (máximo 9999).")
        }
        var cart = try stored { try Cart.load(store) }
        cart.lines.append(CartLine(id: UUID(), code: item.code, quantity: item.quantity))
        try stored { try cart.save(store) }
        return view(of: cart)
    }

    func void(line id: UUID) throws(TillError) -> TillAPI.CartView {
        var cart = try stored { try Cart.load(store) }
        guard cart.lines.contains(where: { $0.id == id }) else {
            throw TillError(.lineNotFound, "Esa línea ya no está en la venta.")
        }
        cart.lines.removeAll { $0.id == id }
        try stored { try cart.save(store) }
        return view(of: cart)
    }

    func clearCart() throws(TillError) -> TillAPI.CartView {
        try stored { try Cart().save(store) }
        return view(of: Cart())
    }

    /// The catalog's product with this code (what a scan looks up).
    package func product(_ code: String) -> Product? { products[code] }

    /// Products whose name (or code) contains every word typed, accents and case ignored.
    package func search(_ query: String) -> [TillAPI.ProductView] {
        let words = Self.fold(query).split(separator: " ").map { Array($0.utf8) }.filter { !$0.isEmpty }
        guard !words.isEmpty else { return [] }
        var found: [TillAPI.ProductView] = []
        for entry in searchIndex where words.allSatisfy({ Self.contains(entry.folded, $0) }) {
            found.append(TillAPI.ProductView(code: entry.product.code, name: entry.product.name, price: entry.product.price,
                                             percent: entry.product.rate.percent))
            if found.count == 20 { break }
        }
        return found
    }

    /// Whether `word` occurs in `text`, both folded UTF-8. A byte match is a text match:
    /// a word starts with a lead byte, which never equals a continuation byte.
    static func contains(_ text: [UInt8], _ word: [UInt8]) -> Bool {
        guard let first = word.first, word.count <= text.count else { return false }
        return text.withUnsafeBufferPointer { text in
            word.withUnsafeBufferPointer { word in
                var index = text.startIndex
                while index <= text.count - word.count {
                    if text[index] == first, memcmp(text.baseAddress! + index, word.baseAddress!, word.count) == 0 { return true }
                    index += 1
                }
                return false
            }
        }
    }

    /// The catalog's lines for the cart (the same rounding the document will have).
    func lineItems(_ cart: Cart) -> [(CartLine, LineItem)] {
        cart.lines.compactMap { line in
            guard let product = product(line.code) else { return nil }
            return (line, LineItem(code: product.code, description: product.name, quantity: line.quantity,
                                   unitPrice: product.price, rate: product.rate, unit: product.unit))
        }
    }

    func view(of cart: Cart) -> TillAPI.CartView {
        let lines = lineItems(cart)
        let totals = DocumentTotals(lines: lines.map(\.1), payments: [])
        return TillAPI.CartView(
            lines: lines.map { line, item in
                let amounts = item.totals
                return TillAPI.CartLineView(id: line.id, code: line.code, description: item.description,
                                            quantity: item.quantity.description, unitPrice: item.unitPrice, percent: item.rate.percent,
                                            net: amounts.net, itbms: amounts.itbms, total: amounts.total)
            },
            net: totals.net, itbms: totals.itbms,
            byRate: ITBMSRate.allCases.compactMap { rate in
                guard let amount = totals.itbmsByRate[rate], amount != .zero else { return nil }
                return TillAPI.RateView(percent: rate.percent, itbms: amount)
            },
            total: totals.total, count: lines.count)
    }
}
