/// What a CSV import of products did (`POST /v1/admin/products/import`): all rows stored, or none.
public struct ProductImportResult: Codable, Sendable, Equatable {
    /// Rows whose code was new.
    public var created: Int
    /// Rows that changed an existing product of the same code.
    public var updated: Int
    /// Rows equal to the product already stored: not written again.
    public var unchanged: Int

    public init(created: Int, updated: Int, unchanged: Int = 0) {
        self.created = created
        self.updated = updated
        self.unchanged = unchanged
    }
}

/// One refused cell or row of a CSV import, for the per-row report of a 422 `IMPORT_REFUSED`.
public struct ProductImportProblem: Codable, Sendable, Equatable, Error {
    /// The file's line number, the header being 1.
    public var row: Int
    /// The header's name of the column, or nil when the row as a whole is wrong.
    public var column: String?
    /// In Spanish, for the person who fixes the file.
    public var message: String

    public init(row: Int, column: String?, message: String) {
        self.row = row
        self.column = column
        self.message = message
    }
}

/// The body of a refused import: the contract's error, and the problems of each row.
public struct ProductImportRefusedBody: Codable, Sendable, Equatable {
    public var error: APIErrorBody.Detail
    public var rows: [ProductImportProblem]

    public init(error: APIErrorBody.Detail, rows: [ProductImportProblem]) {
        self.error = error
        self.rows = rows
    }
}
