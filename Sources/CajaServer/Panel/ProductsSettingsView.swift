/// *Configuración › Productos*: the catalog with a price form per product, and the form for a new one.
struct ProductsSettingsView: Sendable {
    struct Row: Sendable {
        var code: String
        var name: String
        var price: String
        var priceInput: String
        var rate: String
        var rateOptions: [DocumentsView.Option]
        var active: Bool
    }

    var products: [Row]
    var rateOptions: [DocumentsView.Option]
    var newCode: String
    var newName: String
    var newPrice: String
}
