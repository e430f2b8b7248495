import SQLKit

extension SQLQueryString {
    /// Appends `(?, ?, …)` with each value bound: the right-hand side of `IN`. `values` must
    /// not be empty (callers page by 500 at most).
    mutating func appendList(_ values: some Sequence<String>) {
        appendInterpolation(unsafeRaw: "(")
        for (index, value) in values.enumerated() {
            if index > 0 { appendInterpolation(unsafeRaw: ", ") }
            appendInterpolation(bind: value)
        }
        appendInterpolation(unsafeRaw: ")")
    }
}
