/// Who the document is issued to (receptor, gDatRec).
public enum Receiver: Hashable, Codable, Sendable {
    /// Consumidor final (iTipoRec 02): no identification; a name is optional.
    case finalConsumer(name: String?)
    /// Contribuyente (iTipoRec 01): RUC, DV, name, address and location.
    case taxpayer(Taxpayer)

    public struct Taxpayer: Hashable, Codable, Sendable {
        public var taxID: TaxpayerID
        /// dNombRec, 2-100 characters.
        public var name: String
        /// dDirecRec, 1-100 characters.
        public var address: String
        public var location: Location

        public init(taxID: TaxpayerID, name: String, address: String, location: Location) {
            self.taxID = taxID
            self.name = name
            self.address = address
            self.location = location
        }
    }

    /// iTipoRec
    public var dgiCode: String {
        switch self {
        case .finalConsumer: "02"
        case .taxpayer: "01"
        }
    }

    public var isFinalConsumer: Bool {
        if case .finalConsumer = self { return true }
        return false
    }

    func validate() throws(CajaError) {
        switch self {
        case .finalConsumer(let name):
            if let name { try TextRule.check(name, field: "receiver.name", length: 2...100) }
        case .taxpayer(let taxpayer):
            try taxpayer.taxID.validate(field: "receiver.taxID")
            try TextRule.check(taxpayer.name, field: "receiver.name", length: 2...100)
            try TextRule.check(taxpayer.address, field: "receiver.address", length: 1...100)
            try taxpayer.location.validate(field: "receiver.location")
        }
    }
}
