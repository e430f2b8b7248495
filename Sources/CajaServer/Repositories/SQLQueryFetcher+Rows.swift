import SQLKit

extension SQLQueryFetcher {
    /// Every row decoded as `Row` (a `Decodable` struct whose properties are the columns in
    /// camel case: `issuedAt` reads `issued_at`).
    func rows<Row: Decodable>(_ type: Row.Type) async throws -> [Row] {
        try await all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// The first row decoded as `Row`, or nil.
    func row<Row: Decodable>(_ type: Row.Type) async throws -> Row? {
        try await first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
    }
}
