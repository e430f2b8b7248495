import Foundation

extension StringProtocol {
    /// The first occurrence of `needle` within `bounds` (all of the text when nil), compared
    /// by UTF-8 bytes: no locale, no Unicode normalization. For ASCII markup (an XML tag, a
    /// query key) it finds what Foundation's `range(of:)` finds, since an ASCII byte never
    /// occurs inside a multi-byte character — at a fraction of the cost: Foundation's search
    /// of a signed rFE was several percent of a sync's CPU (issue 16, item 2).
    func byteRange(of needle: String, in bounds: Range<Index>? = nil) -> Range<Index>? {
        let view = utf8
        let lower = bounds?.lowerBound ?? startIndex, upper = bounds?.upperBound ?? endIndex
        let start = view.distance(from: view.startIndex, to: lower), end = view.distance(from: view.startIndex, to: upper)
        let pattern = Array(needle.utf8)
        guard let first = pattern.first, end - start >= pattern.count else { return pattern.isEmpty ? lower..<lower : nil }
        let found: Int?? = view.withContiguousStorageIfAvailable { bytes -> Int? in
            var position = start
            while position <= end - pattern.count {
                guard let hit = bytes[position...(end - pattern.count)].firstIndex(of: first) else { return nil }
                if bytes[hit..<(hit + pattern.count)].elementsEqual(pattern) { return hit }
                position = hit + 1
            }
            return nil
        }
        let offset: Int?
        if let found {
            offset = found
        } else {   // a bridged or non-contiguous text: the generic search, the same answer
            offset = view[lower..<upper].firstRange(of: pattern).map { view.distance(from: view.startIndex, to: $0.lowerBound) }
        }
        guard let offset else { return nil }
        let from = view.index(view.startIndex, offsetBy: offset)
        return from..<view.index(from, offsetBy: pattern.count)
    }
}

extension String {
    /// `self` with each byte that `replacement` maps (only ASCII bytes should be) replaced by
    /// the bytes it gives, the empty text dropping it; `self` itself when no byte is mapped.
    /// By bytes, where `unicodeScalars` appends cost several percent of a sync (issue 16, item 2).
    @inline(__always)
    func replacingBytes(_ replacement: (UInt8) -> String?) -> String {
        guard let first = utf8.firstIndex(where: { replacement($0) != nil }) else { return self }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 32)
        out.append(contentsOf: utf8[..<first])
        for byte in utf8[first...] {
            if let text = replacement(byte) { out.append(contentsOf: text.utf8) } else { out.append(byte) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
