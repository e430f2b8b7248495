import CajaCore
import Foundation
import NIOCore

/// `GET /v1/catalog`'s body, written by hand: the same bytes `StrictJSON.encoder` writes
/// (sorted keys, slashes unescaped, absent optionals left out), about ten times faster for the
/// products, which are most of a supermarket's catalog (50,000 products, ~6 MB: issue 14,
/// Scale, the first download). The small parts (issuer, points, versions) still go through
/// the encoder. A test compares the bytes with the encoder's, with every field set, so a
/// field added to ``CatalogResponse`` or ``Product`` cannot be left out silently.
enum CatalogJSON {
    static func encode(_ catalog: CatalogResponse) throws -> ByteBuffer {
        let encoder = StrictJSON.encoder
        var out = ByteBuffer()
        out.reserveCapacity(256 + catalog.products.count * 128)
        out.writeStaticString("{\"companyID\":")
        out.writeBytes(try encoder.encode(catalog.companyID))
        if let delta = catalog.delta { out.writeStaticString(delta ? ",\"delta\":true" : ",\"delta\":false") }
        out.writeStaticString(",\"issuer\":")
        out.writeBytes(try encoder.encode(catalog.issuer))
        out.writeStaticString(",\"pointsOfSale\":")
        out.writeBytes(try encoder.encode(catalog.pointsOfSale))
        out.writeStaticString(",\"products\":[")
        for (index, product) in catalog.products.enumerated() {
            if index > 0 { out.writeStaticString(",") }
            write(product, to: &out)
        }
        out.writeStaticString("]")
        if let removed = catalog.removed {
            out.writeStaticString(",\"removed\":")
            out.writeBytes(try encoder.encode(removed))
        }
        if let since = catalog.since {
            out.writeStaticString(",\"since\":")
            writeString(since, to: &out)
        }
        if let version = catalog.version {
            out.writeStaticString(",\"version\":")
            writeString(version, to: &out)
        }
        out.writeStaticString("}")
        return out
    }

    /// One product, its keys in sorted order: barcode, code, name, price, rate, unit.
    static func write(_ product: Product, to out: inout ByteBuffer) {
        out.writeStaticString("{")
        if let barcode = product.barcode {
            out.writeStaticString("\"barcode\":")
            writeString(barcode, to: &out)
            out.writeStaticString(",")
        }
        out.writeStaticString("\"code\":")
        writeString(product.code, to: &out)
        out.writeStaticString(",\"name\":")
        writeString(product.name, to: &out)
        out.writeStaticString(",\"price\":\"")
        out.writeString(product.price.encoded)
        out.writeStaticString("\",\"rate\":\"")
        out.writeString(product.rate.rawValue)
        out.writeStaticString("\"")
        if let unit = product.unit {
            out.writeStaticString(",\"unit\":")
            writeString(unit, to: &out)
        }
        out.writeStaticString("}")
    }

    /// A JSON string as the encoder writes it (``JSONBytes/appendString(_:to:)``, shared with
    /// the documents' hand-written JSON).
    static func writeString(_ text: String, to out: inout ByteBuffer) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 8)
        JSONBytes.appendString(text, to: &bytes)
        out.writeBytes(bytes)
    }
}
