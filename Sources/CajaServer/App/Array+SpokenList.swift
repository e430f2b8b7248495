extension Array where Element == String {
    /// "a, b, c or d" (with `conjunction` "or"; "o" in Spanish): how an error message lists
    /// the values a field accepts.
    func spokenList(_ conjunction: String) -> String {
        guard let last, count > 1 else { return last ?? "" }
        return dropLast().joined(separator: ", ") + " \(conjunction) " + last
    }
}
