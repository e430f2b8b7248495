import CajaCore

/// A CSV import refused (issue 14, item 2): every problem found, by row and column. Nothing was
/// stored. The API answers it as a 422 `IMPORT_REFUSED` with the rows; the panel lists them.
struct ProductImportRefusal: Error, Sendable {
    var problems: [ProductImportProblem]

    init(_ problems: [ProductImportProblem]) { self.problems = problems }

    var error: CajaError { CajaError(.importRefused, "\(problems.count) problem(s) in the file; nothing was stored") }
}
