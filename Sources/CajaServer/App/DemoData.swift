import CajaCore

/// The demo company seeded on first start. Demo-only data: the RUC is made up and the
/// certificate self-signed; the start-up banner says so.
enum DemoData {
    static let adminUser = ("admin", "admin1234")
    static let cashierUser = ("cajero", "cajero1234")
    /// For the panel: sees everything of the company, cannot change credentials.
    static let supervisorUser = ("supervisor", "supervisor1234")

    static var setup: CompanySetup {
        CompanySetup(
            name: "Abarrotes La Esquina (DEMO)",
            issuer: Issuer(
                taxID: TaxpayerID(kind: .legalEntity, ruc: "155704849-2-2021", dv: "32"),
                name: "Abarrotes La Esquina, S.A. (DEMO)",
                branch: "0001",
                coordinates: "+8.9824,-79.5199",
                address: "Calle 50 y Vía España, Bella Vista",
                location: Location(code: "8-8-7", corregimiento: "BELLA VISTA", district: "PANAMÁ", province: "PANAMÁ"),
                phones: ["507-1234"],
                environment: .test),
            pointsOfSale: ["001", "002"],
            products: [
                Product(code: "7501", name: "Arroz 5 lb", price: Money(cents: 425), rate: .exempt),
                Product(code: "7502", name: "Leche descremada 1 L", price: Money(cents: 135), rate: .exempt),
                Product(code: "7503", name: "Pan de molde", price: Money(cents: 250), rate: .exempt),
                Product(code: "7504", name: "Café molido 1 lb", price: Money(cents: 599), rate: .general),
                Product(code: "7505", name: "Detergente 2 kg", price: Money(cents: 875), rate: .general),
                Product(code: "7506", name: "Jabón de baño", price: Money(cents: 110), rate: .general),
                Product(code: "7507", name: "Papel higiénico 4 rollos", price: Money(cents: 340), rate: .general),
                Product(code: "7508", name: "Refresco 2 L", price: Money(cents: 195), rate: .general),
                Product(code: "7509", name: "Cerveza nacional 355 ml", price: Money(cents: 95), rate: .reduced10),
                Product(code: "7510", name: "Ron añejo 750 ml", price: Money(cents: 1450), rate: .reduced10),
                Product(code: "7511", name: "Cigarrillos, cajetilla", price: Money(cents: 510), rate: .tobacco),
                Product(code: "7512", name: "Tabaco para pipa 50 g", price: Money(cents: 825), rate: .tobacco),
            ],
            users: [
                (adminUser.0, adminUser.1, .admin),
                (cashierUser.0, cashierUser.1, .cashier),
                (supervisorUser.0, supervisorUser.1, .supervisor),
            ])
    }
}
