import CajaCore
import Foundation

/// The fields of a received rFE that the reception rules look at.
struct ReceivedDocument: Sendable {
    var cufe: String
    var environment: String
    var emissionType: String
    var contingencyStart: String?
    var contingencyReason: String?
    var type: String
    var number: String
    var point: String
    var securityCode: String
    var issuedAt: String
    var issuerRucKind: String
    var issuerRuc: String
    var issuerDV: String
    var branch: String
    var receiverKind: String
    var references: [String]
    var items: [(net: Money, itbms: Money, total: Money)]
    var totals: [String: Money]
    var payments: [Money]

    init(_ xml: String) throws(CajaError) {
        let f = try XMLFields(parsing: xml)
        func required(_ path: String) throws(CajaError) -> String {
            guard let value = f.first("rFE/\(path)") else { throw CajaError(.invalidXML, field: path, "missing \(path)") }
            return value
        }
        func money(_ text: String, _ path: String) throws(CajaError) -> Money {
            guard let value = Money(text) else { throw CajaError(.invalidAmount, field: path, "not an amount: \(text)") }
            return value
        }
        cufe = try required("dId")
        environment = try required("gDGen/iAmb")
        emissionType = try required("gDGen/iTpEmis")
        contingencyStart = f.first("rFE/gDGen/dFechaCont")
        contingencyReason = f.first("rFE/gDGen/dMotCont")
        type = try required("gDGen/iDoc")
        number = try required("gDGen/dNroDF")
        point = try required("gDGen/dPtoFacDF")
        securityCode = try required("gDGen/dSeg")
        issuedAt = try required("gDGen/dFechaEm")
        issuerRucKind = try required("gDGen/gEmis/gRucEmi/dTipoRuc")
        issuerRuc = try required("gDGen/gEmis/gRucEmi/dRuc")
        issuerDV = try required("gDGen/gEmis/gRucEmi/dDV")
        branch = try required("gDGen/gEmis/dSucEm")
        receiverKind = try required("gDGen/gDatRec/iTipoRec")
        references = f.all("rFE/gDGen/gDFRef/gDFRefNum/gDFRefFE/dCUFERef")
        let nets = f.all("rFE/gItem/gPrecios/dPrItem")
        let itemTotals = f.all("rFE/gItem/gPrecios/dValTotItem")
        let taxes = f.all("rFE/gItem/gITBMSItem/dValITBMS")
        guard nets.count == itemTotals.count, nets.count == taxes.count else {
            throw CajaError(.invalidXML, field: "gItem", "every gItem needs dPrItem, dValTotItem and dValITBMS")
        }
        var items: [(Money, Money, Money)] = []
        for index in nets.indices {
            items.append((try money(nets[index], "gItem"), try money(taxes[index], "gItem"), try money(itemTotals[index], "gItem")))
        }
        self.items = items
        var totals: [String: Money] = [:]
        for name in ["dTotNeto", "dTotITBMS", "dTotGravado", "dVTot", "dTotRec", "dVuelto", "dVTotItems"] {
            if let text = f.first("rFE/gTot/\(name)") { totals[name] = try money(text, "gTot/\(name)") }
        }
        self.totals = totals
        var payments: [Money] = []
        for text in f.all("rFE/gTot/gFormaPago/dVlrCuota") { payments.append(try money(text, "gFormaPago")) }
        self.payments = payments
    }

    /// The sequence key of rule 1513: issuer, type, point and number.
    var numberKey: String { "\(issuerRuc)|\(type)|\(point)|\(number)" }
}
