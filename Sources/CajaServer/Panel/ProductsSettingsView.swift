import CajaCore

/// *Configuración › Productos*: one page of the catalog found by a search, an edit form for the
/// product picked, the form for a new one, and the CSV import (pasted) and export.
struct ProductsSettingsView: Sendable {
    struct Row: Sendable {
        var code: String
        /// `code` for a URL path.
        var codePath: String
        var name: String
        var barcode: String
        var price: String
        var rate: String
        var unit: String
        var active: Bool
        var editHref: String
    }

    /// The product being edited, with what the form shows.
    struct Edit: Sendable {
        var code: String
        var codePath: String
        var name: String
        var barcode: String
        var price: String
        var unit: String
        var rateOptions: [DocumentsView.Option]
    }

    var products: [Row]
    var query: String
    /// The next page's link ("Siguientes"), or nil on the last.
    var nextHref: String?
    /// Back to the first page, when this is not it.
    var firstHref: String?
    var empty: Bool
    var edit: Edit?
    /// The DGI's units of measure, for the forms' list.
    var units: [DocumentsView.Option]
    var rateOptions: [DocumentsView.Option]
    var newCode: String
    var newName: String
    var newPrice: String
    var newBarcode: String
    var newUnit: String
    /// The CSV pasted in the import form, kept when refused.
    var csv: String
    /// A refused import's problems, row by row.
    var problems: [ProductImportProblem]

    /// Stored, not computed: the templates read values by reflection.
    var hasProblems = false
    var searched = false
}
