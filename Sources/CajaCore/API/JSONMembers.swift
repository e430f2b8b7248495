import Foundation

/// The members of one JSON object: each key with the byte range of its value, found by one
/// pass over the bytes that decodes nothing (issue 16, item 2). For JSON Caja wrote itself
/// (``FiscalDocument/wireJSON``): the register cuts a stored document's parts into its sync
/// upload (``SyncRequest/wireJSON(stored:sessions:grants:)``) and reads a journal line's
/// document id to prune it, where a full decode was most of a sync's time on the register.
///
/// It checks the structure it walks (strings closed, brackets matched outside strings, the
/// object closed at the end with nothing after it), not the values: what it passes over is
/// sent to, or was written by, a decoder that checks them. A key with an escape in it is
/// refused as ``Malformed`` (Caja's keys have none), so the caller can fall back to the full
/// decoder, which knows what to make of it.
public enum JSONMembers {
    public struct Malformed: Error {}

    /// The members of the object that `bytes[range]` holds, in the order written.
    public static func of(_ bytes: UnsafeRawBufferPointer, in range: Range<Int>) throws(Malformed) -> [(key: String, value: Range<Int>)] {
        var walker = Walker(bytes: bytes, index: range.lowerBound, end: range.upperBound)
        let members = try walker.object()
        walker.skipWhitespace()
        guard walker.index == range.upperBound else { throw Malformed() }
        return members
    }

    /// The value of `key` among `members`.
    public static func value(_ key: String, in members: [(key: String, value: Range<Int>)]) throws(Malformed) -> Range<Int> {
        guard let member = members.first(where: { $0.key == key }) else { throw Malformed() }
        return member.value
    }

    /// The text of a string value with no escape in it (an id, a code).
    public static func plainString(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(Malformed) -> String {
        guard range.count >= 2, bytes[range.lowerBound] == UInt8(ascii: "\""), bytes[range.upperBound - 1] == UInt8(ascii: "\"") else {
            throw Malformed()
        }
        let inner = UnsafeRawBufferPointer(rebasing: bytes[(range.lowerBound + 1)..<(range.upperBound - 1)])
        guard !inner.contains(UInt8(ascii: "\\")) else { throw Malformed() }
        return String(decoding: inner, as: UTF8.self)
    }

    private struct Walker {
        let bytes: UnsafeRawBufferPointer
        var index: Int
        let end: Int

        mutating func skipWhitespace() {
            while index < end, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 { index += 1 }
        }

        mutating func expect(_ byte: UInt8) throws(Malformed) {
            skipWhitespace()
            guard index < end, bytes[index] == byte else { throw Malformed() }
            index += 1
        }

        mutating func object() throws(Malformed) -> [(key: String, value: Range<Int>)] {
            try expect(UInt8(ascii: "{"))
            var members: [(key: String, value: Range<Int>)] = []
            skipWhitespace()
            if index < end, bytes[index] == UInt8(ascii: "}") { index += 1; return members }
            while true {
                skipWhitespace()
                let keyStart = index
                try skipString()
                let key = try JSONMembers.plainString(bytes, keyStart..<index)
                try expect(UInt8(ascii: ":"))
                skipWhitespace()
                let valueStart = index
                try skipValue()
                members.append((key, valueStart..<index))
                skipWhitespace()
                guard index < end else { throw Malformed() }
                let next = bytes[index]
                index += 1
                if next == UInt8(ascii: "}") { return members }
                guard next == UInt8(ascii: ",") else { throw Malformed() }
            }
        }

        /// One value passed over: a string, a container up to its matching bracket, or a
        /// number or literal up to the next delimiter.
        mutating func skipValue() throws(Malformed) {
            guard index < end else { throw Malformed() }
            switch bytes[index] {
            case UInt8(ascii: "\""): try skipString()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var closers: [UInt8] = []
                repeat {
                    guard index < end else { throw Malformed() }
                    let byte = bytes[index]
                    switch byte {
                    case UInt8(ascii: "\""): try skipString(); continue
                    case UInt8(ascii: "{"): closers.append(UInt8(ascii: "}"))
                    case UInt8(ascii: "["): closers.append(UInt8(ascii: "]"))
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        guard closers.popLast() == byte else { throw Malformed() }
                    default: break
                    }
                    index += 1
                } while !closers.isEmpty
            default:
                let start = index
                while index < end {
                    switch bytes[index] {
                    case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09: break
                    default: index += 1; continue
                    }
                    break
                }
                guard index > start else { throw Malformed() }
            }
        }

        /// A string from its opening quote to past its closing one (an escape's next byte is
        /// never the end).
        mutating func skipString() throws(Malformed) {
            guard index < end, bytes[index] == UInt8(ascii: "\"") else { throw Malformed() }
            index += 1
            while index < end {
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "\"") { return }
                if byte == UInt8(ascii: "\\") { index += 1 }
                if byte < 0x20 { throw Malformed() }
            }
            throw Malformed()
        }
    }
}
