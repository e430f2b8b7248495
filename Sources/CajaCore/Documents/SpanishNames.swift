/// The Spanish names of the domain's fixed sets, in one place: the panel, the receipts, the
/// till and the command line show these.
extension DocumentType {
    public var spanishName: String {
        switch self {
        case .invoice: "Factura"
        case .creditNote: "Nota de crédito"
        case .genericCreditNote: "Nota de crédito genérica"
        }
    }
}

extension DGIState {
    public var spanishName: String {
        switch self {
        case .pending: "Pendiente"
        case .sent: "Enviado"
        case .authorized: "Autorizado"
        case .rejected: "Rechazado"
        case .unsigned: "Sin firmar"
        case .certificateExpired: "Certificado vencido: suba uno nuevo"
        }
    }
}

extension Emission {
    public var spanishName: String {
        switch self {
        case .normal: "Normal"
        case .contingency: "Contingencia (offline)"
        }
    }
}

extension Payment.Method {
    public var spanishName: String {
        switch self {
        case .cash: "Efectivo"
        case .creditCard: "Tarjeta de crédito"
        case .debitCard: "Tarjeta de débito"
        case .transfer: "Transferencia"
        case .other: "Otro"
        }
    }
}

extension Role {
    public var spanishName: String {
        switch self {
        case .admin: "administrador"
        case .supervisor: "supervisor"
        case .cashier: "cajero"
        }
    }
}
