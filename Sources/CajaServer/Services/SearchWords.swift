import Foundation

/// The words a product is found by in the panel's search (issue 14): its code, barcode and
/// name folded — no case, no accents (`Café` is `cafe`), ASCII letters and digits only, any
/// other character a separator. A search word matches a product word it begins (a prefix),
/// so "caf" finds "Café molido" and "7501" finds code 75012.
///
/// Only `[0-9a-z]` ever reaches the database, an alphabet that sorts the same in SQLite's byte
/// order and in any PostgreSQL collation, so a prefix is one range on an index on both.
///
/// Each text is folded once, and an ASCII text (most codes, barcodes and names) by its bytes:
/// Foundation's locale folding costs about 10 µs a call, which made the words of a 50,000-row
/// import 3 s of its time (issue 14, Scale).
enum SearchWords {
    static let maxLength = 40
    private static let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")

    /// The words of `text`, in order, without repeats.
    static func words(_ text: String) -> [String] {
        var seen = Set<String>(), words: [String] = []
        for word in folded(text) where seen.insert(word).inserted { words.append(word) }
        return words
    }

    /// What a product is indexed by: the words of its code, barcode and name, and its code and
    /// barcode each as one word too (so "7501-A" is found by "7501a" as by "7501").
    static func of(code: String, barcode: String?, name: String) -> [String] {
        let codeWords = folded(code), barcodeWords = folded(barcode ?? "")
        var all = codeWords + barcodeWords + folded(name)
        all += [codeWords.joined(), barcodeWords.joined()].filter { !$0.isEmpty }.map { String($0.prefix(maxLength)) }
        var seen = Set<String>()
        return all.filter { seen.insert($0).inserted }
    }

    /// The folded words of `text` in order, repeats kept, each cut to ``maxLength``.
    private static func folded(_ text: String) -> [String] {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiWords(text.utf8) }
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "es_PA"))
        return folded.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) })
            .map { String($0.lowercased().prefix(maxLength)) }
    }

    /// The words of an ASCII text: runs of letters and digits, lowercased.
    private static func asciiWords(_ bytes: String.UTF8View) -> [String] {
        var words: [String] = [], word: [UInt8] = []
        func end() {
            if !word.isEmpty { words.append(String(decoding: word.prefix(maxLength), as: UTF8.self)) }
            word.removeAll(keepingCapacity: true)
        }
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"): word.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte + 32)
            default: end()
            }
        }
        end()
        return words
    }

    /// The first word after every word that begins with `prefix`, in the alphabet's order, or
    /// nil when none is (a prefix of only `z`s): the range's end is `< successor`.
    static func successor(of prefix: String) -> String? {
        var characters = Array(prefix)
        while let last = characters.last {
            if let index = alphabet.firstIndex(of: last), index + 1 < alphabet.count {
                characters[characters.count - 1] = alphabet[index + 1]
                return String(characters)
            }
            characters.removeLast()
        }
        return nil
    }
}
