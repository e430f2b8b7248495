/// Where the journal's committed text ends: a segment and a byte offset in it.
struct JournalPosition: Codable, Sendable, Equatable, Comparable {
    var segment: Int
    var offset: Int64

    static func < (lhs: Self, rhs: Self) -> Bool { (lhs.segment, lhs.offset) < (rhs.segment, rhs.offset) }
}
