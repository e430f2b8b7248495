/// A QR code (ISO/IEC 18004, model 2) for the consultation URL: byte mode, error correction
/// level M, the smallest version from 1 to 40 that fits, the mask with the lowest penalty.
/// The panel draws it as SVG; the thermal printer draws its own from the same URL.
public struct QRMatrix: Sendable {
    public let size: Int
    public let version: Int
    /// `modules[y][x]`: true is dark.
    public private(set) var modules: [[Bool]]
    private var isFunction: [[Bool]]

    // Level M, index = version (0 unused). From the standard's table of error correction
    // characteristics.
    static let eccCodewordsPerBlock = [-1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28,
                                       28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28]
    static let errorCorrectionBlocks = [-1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21,
                                        23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49]

    /// The code for `text` (UTF-8 bytes), or nil if it does not fit version 40.
    public init?(_ text: String) {
        let data = Array(text.utf8)
        guard let version = (1...40).first(where: { Self.dataCapacityBits($0) >= 4 + ($0 < 10 ? 8 : 16) + data.count * 8 }) else { return nil }
        self.version = version
        size = version * 4 + 17
        modules = Array(repeating: Array(repeating: false, count: size), count: size)
        isFunction = modules
        drawFunctionPatterns()
        let codewords = Self.addErrorCorrection(Self.dataCodewords(data, version: version), version: version)
        drawCodewords(codewords)
        var best: (mask: Int, penalty: Int)?
        for mask in 0..<8 {
            applyMask(mask)
            drawFormatBits(mask)
            let penalty = penaltyScore()
            if best == nil || penalty < best!.penalty { best = (mask, penalty) }
            applyMask(mask)   // XOR again undoes it
        }
        applyMask(best!.mask)
        drawFormatBits(best!.mask)
    }

    /// The code as an SVG image (dark modules as one path, a four-module quiet zone).
    public static func svg(_ text: String, moduleSize: Int = 4) -> String {
        guard let code = QRMatrix(text) else { return "" }
        let border = 4
        let dimension = (code.size + border * 2) * moduleSize
        var path = ""
        for y in 0..<code.size {
            for x in 0..<code.size where code.modules[y][x] {
                path += "M\((x + border) * moduleSize),\((y + border) * moduleSize)h\(moduleSize)v\(moduleSize)h-\(moduleSize)z"
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" width=\"\(dimension)\" height=\"\(dimension)\" "
            + "viewBox=\"0 0 \(dimension) \(dimension)\" role=\"img\" aria-label=\"Código QR\">"
            + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path d=\"\(path)\" fill=\"#000\"/></svg>"
    }

    // MARK: - Data

    static func rawDataModules(_ version: Int) -> Int {
        var result = (16 * version + 128) * version + 64
        if version >= 2 {
            let alignments = version / 7 + 2
            result -= (25 * alignments - 10) * alignments - 55
            if version >= 7 { result -= 36 }
        }
        return result
    }

    static func dataCodewordCount(_ version: Int) -> Int {
        rawDataModules(version) / 8 - eccCodewordsPerBlock[version] * errorCorrectionBlocks[version]
    }

    static func dataCapacityBits(_ version: Int) -> Int { dataCodewordCount(version) * 8 }

    static func dataCodewords(_ data: [UInt8], version: Int) -> [UInt8] {
        var bits: [Bool] = []
        func append(_ value: Int, _ count: Int) { for i in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> i) & 1 == 1) } }
        append(0b0100, 4)                                   // byte mode
        append(data.count, version < 10 ? 8 : 16)
        for byte in data { append(Int(byte), 8) }
        let capacity = dataCapacityBits(version)
        append(0, min(4, capacity - bits.count))            // terminator
        append(0, (8 - bits.count % 8) % 8)
        var codewords = stride(from: 0, to: bits.count, by: 8).map { start in
            (0..<8).reduce(UInt8(0)) { $0 << 1 | (bits[start + $1] ? 1 : 0) }
        }
        var pad: UInt8 = 0xEC
        while codewords.count < capacity / 8 {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    static func addErrorCorrection(_ data: [UInt8], version: Int) -> [UInt8] {
        let blockCount = errorCorrectionBlocks[version]
        let eccLength = eccCodewordsPerBlock[version]
        let raw = rawDataModules(version) / 8
        let shortBlocks = blockCount - raw % blockCount
        let shortLength = raw / blockCount
        let divisor = reedSolomonDivisor(eccLength)
        var blocks: [[UInt8]] = []
        var offset = 0
        for index in 0..<blockCount {
            let length = shortLength - eccLength + (index < shortBlocks ? 0 : 1)
            var block = Array(data[offset..<offset + length])
            offset += length
            let ecc = reedSolomonRemainder(block, divisor)
            if index < shortBlocks { block.append(0) }
            blocks.append(block + ecc)
        }
        var result: [UInt8] = []
        for i in 0..<blocks[0].count {
            for (index, block) in blocks.enumerated() where i != shortLength - eccLength || index >= shortBlocks {
                result.append(block[i])
            }
        }
        return result
    }

    static func reedSolomonDivisor(_ degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                result[j] = multiply(result[j], root)
                if j + 1 < degree { result[j] ^= result[j + 1] }
            }
            root = multiply(root, 0x02)
        }
        return result
    }

    static func reedSolomonRemainder(_ data: [UInt8], _ divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for byte in data {
            let factor = byte ^ result.removeFirst()
            result.append(0)
            for i in 0..<result.count { result[i] ^= multiply(divisor[i], factor) }
        }
        return result
    }

    /// Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1.
    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var z = 0
        for i in stride(from: 7, through: 0, by: -1) {
            z = (z << 1) ^ ((z >> 7) * 0x11D)
            z ^= ((Int(y) >> i) & 1) * Int(x)
        }
        return UInt8(z & 0xFF)
    }

    // MARK: - Drawing

    private mutating func set(_ x: Int, _ y: Int, _ dark: Bool) {
        modules[y][x] = dark
        isFunction[y][x] = true
    }

    private mutating func drawFunctionPatterns() {
        for i in 0..<size {
            set(6, i, i % 2 == 0)
            set(i, 6, i % 2 == 0)
        }
        drawFinder(3, 3)
        drawFinder(size - 4, 3)
        drawFinder(3, size - 4)
        let positions = alignmentPositions()
        for (i, a) in positions.enumerated() {
            for (j, b) in positions.enumerated() {
                let corner = (i == 0 && j == 0) || (i == 0 && j == positions.count - 1) || (i == positions.count - 1 && j == 0)
                if !corner { drawAlignment(a, b) }
            }
        }
        drawFormatBits(0)   // reserves the format areas; redrawn with the chosen mask
        drawVersion()
    }

    private mutating func drawFinder(_ x: Int, _ y: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let distance = max(abs(dx), abs(dy))
                let xx = x + dx, yy = y + dy
                if (0..<size).contains(xx) && (0..<size).contains(yy) { set(xx, yy, distance != 2 && distance != 4) }
            }
        }
    }

    private mutating func drawAlignment(_ x: Int, _ y: Int) {
        for dy in -2...2 { for dx in -2...2 { set(x + dx, y + dy, max(abs(dx), abs(dy)) != 1) } }
    }

    private func alignmentPositions() -> [Int] {
        guard version > 1 else { return [] }
        let count = version / 7 + 2
        let step = version == 32 ? 26 : (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2
        var result = [6]
        var position = size - 7
        while result.count < count {
            result.insert(position, at: 1)
            position -= step
        }
        return result
    }

    private mutating func drawFormatBits(_ mask: Int) {
        let data = 0 << 3 | mask   // level M is 00
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = (data << 10 | remainder) ^ 0x5412
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        for i in 0...5 { set(8, i, bit(i)) }
        set(8, 7, bit(6))
        set(8, 8, bit(7))
        set(7, 8, bit(8))
        for i in 9..<15 { set(14 - i, 8, bit(i)) }
        for i in 0..<8 { set(size - 1 - i, 8, bit(i)) }
        for i in 8..<15 { set(8, size - 15 + i, bit(i)) }
        set(8, size - 8, true)
    }

    private mutating func drawVersion() {
        guard version >= 7 else { return }
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        let bits = version << 12 | remainder
        for i in 0..<18 {
            let dark = (bits >> i) & 1 == 1
            let a = size - 11 + i % 3, b = i / 3
            set(a, b, dark)
            set(b, a, dark)
        }
    }

    private mutating func drawCodewords(_ data: [UInt8]) {
        var i = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vertical in 0..<size {
                for j in 0..<2 {
                    let x = right - j
                    let upward = (right + 1) & 2 == 0
                    let y = upward ? size - 1 - vertical : vertical
                    if !isFunction[y][x] && i < data.count * 8 {
                        modules[y][x] = (data[i >> 3] >> (7 - (i & 7))) & 1 == 1
                        i += 1
                    }
                }
            }
            right -= 2
        }
    }

    private mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y][x] {
                let invert: Bool = switch mask {
                case 0: (x + y) % 2 == 0
                case 1: y % 2 == 0
                case 2: x % 3 == 0
                case 3: (x + y) % 3 == 0
                case 4: (x / 3 + y / 2) % 2 == 0
                case 5: x * y % 2 + x * y % 3 == 0
                case 6: (x * y % 2 + x * y % 3) % 2 == 0
                default: ((x + y) % 2 + x * y % 3) % 2 == 0
                }
                if invert { modules[y][x].toggle() }
            }
        }
    }

    /// The standard's penalty: long runs, 2×2 blocks, finder-like patterns, dark balance.
    private func penaltyScore() -> Int {
        var penalty = 0
        func runs(_ line: [Bool]) -> Int {
            var score = 0, run = 1
            for i in 1..<line.count {
                if line[i] == line[i - 1] { run += 1 } else {
                    if run >= 5 { score += 3 + run - 5 }
                    run = 1
                }
            }
            if run >= 5 { score += 3 + run - 5 }
            let pattern: [Bool] = [true, false, true, true, true, false, true]
            for i in 0...(line.count - 7) where Array(line[i..<i + 7]) == pattern {
                let before = i >= 4 && !line[i - 4..<i].contains(true)
                let after = i + 11 <= line.count && !line[i + 7..<i + 11].contains(true)
                if before || after { score += 40 }
            }
            return score
        }
        for y in 0..<size { penalty += runs(modules[y]) }
        for x in 0..<size { penalty += runs((0..<size).map { modules[$0][x] }) }
        for y in 0..<size - 1 {
            for x in 0..<size - 1 {
                let c = modules[y][x]
                if c == modules[y][x + 1] && c == modules[y + 1][x] && c == modules[y + 1][x + 1] { penalty += 3 }
            }
        }
        let dark = modules.reduce(0) { $0 + $1.filter { $0 }.count }
        let total = size * size
        let k = (abs(dark * 20 - total * 10) + total - 1) / total - 1
        return penalty + max(0, k) * 10
    }
}
