import CajaCore
import CajaTestSupport
import Foundation
import Testing

@Suite("QR code of the consultation URL")
struct QRMatrixTests {
    /// The code as a PBM image (4 px per module, 4-module quiet zone) for zbarimg.
    static func pbm(_ code: QRMatrix, scale: Int = 4) -> String {
        let border = 4
        let side = (code.size + 2 * border) * scale
        var out = "P1\n\(side) \(side)\n"
        for py in 0..<side {
            let y = py / scale - border
            var row: [String] = []
            for px in 0..<side {
                let x = px / scale - border
                let dark = (0..<code.size).contains(x) && (0..<code.size).contains(y) && code.modules[y][x]
                row.append(dark ? "1" : "0")
            }
            out += row.joined(separator: " ") + "\n"
        }
        return out
    }

    @Test("zbarimg reads back exactly what was encoded, from version 1 to a full QR URL", arguments: [
        "A", "https://dgi-fep.mef.gob.pa", String(repeating: "FE01200001557", count: 6),
        "https://dgi-fep.mef.gob.pa/Consultas/FacturasPorQR?chFE=FE0120000155704849-2-2021-3200012026112900000000010010425955342789&iAmb=2"
            + "&digestValue=%2BVdzGQVLSgbzKb3eZoNq50ERVluRA%2BmI6JBUt4TdilA%3D&jwt=" + String(repeating: "eyJhbGciOiJIUzI1NiIsInR5cCI6", count: 8),
        "ñandú — pendiente de autorización DGI",
    ])
    func roundTrip(_ text: String) throws {
        let code = try #require(QRMatrix(text))
        #expect(code.size == code.version * 4 + 17)
        let file = try XMLTools.write(Self.pbm(code), name: "qr")
        let image = file.deletingPathExtension().appendingPathExtension("pbm")
        try FileManager.default.moveItem(at: file, to: image)
        defer { try? FileManager.default.removeItem(at: image.deletingLastPathComponent()) }
        let decoded = try XMLTools.run("zbarimg", ["--quiet", "--raw", "-Sbinary", image.path], standardErrorToo: false)
        #expect(decoded.status == 0, "zbarimg: \(decoded.output)")
        #expect(decoded.output == text || decoded.output == text + "\n", "decoded \(decoded.output)")
    }

    @Test("the SVG has one dark path and the quiet zone; text too long for version 40 gives none")
    func svg() {
        let svg = QRMatrix.svg("https://example.com")
        #expect(svg.hasPrefix("<svg") && svg.contains("<path d=\"M"))
        #expect(QRMatrix(String(repeating: "x", count: 3000)) == nil)
    }
}
