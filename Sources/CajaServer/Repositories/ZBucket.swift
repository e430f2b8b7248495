import Foundation

/// A Z bucket (`z_buckets`): the documents of one point and business day stored between two
/// Reportes Z, with their running figures (`z_running`). At most one bucket of a point and day
/// is open (no Z yet); a Z takes every open bucket of its point up to its day, and a document
/// stored after that goes to a new open bucket, which the next Z takes.
struct ZBucket: Sendable, Decodable {
    /// The bucket's key in the storing order (company, point, business day).
    struct Key: Sendable, Hashable, Comparable {
        var company: String
        var point: String
        var day: String

        static func < (lhs: Key, rhs: Key) -> Bool { (lhs.company, lhs.point, lhs.day) < (rhs.company, rhs.point, rhs.day) }
    }

    /// The id of the document that opened it (unique within the company).
    var id: String
    /// `AAAA-MM-DD`
    var businessDay: String
    var documentCount: Int64
}
