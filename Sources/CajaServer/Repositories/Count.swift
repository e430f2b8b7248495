/// A `SELECT COUNT(*) AS n` row.
struct Count: Decodable {
    var n: Int
}
