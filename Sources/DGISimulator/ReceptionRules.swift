import CajaCore
import Foundation

/// The checks of the reception service, each answering with the DGI's rule code.
/// Codes 1505-1513 and 1705-1712 are the validator codes of PANAMA-FE.md; the three checks
/// that have no published code use the simulator's own: 0101 (XML not readable), 0102
/// (signature), 0103 (CUFE and check digit), 0104 (totals).
enum ReceptionRules {
    static let contingencyLimit: TimeInterval = 72 * 3600

    /// Every rule the document breaks (empty: it may be authorized). `knownTypes` answers
    /// the document type of a CUFE the service has authorized (for 1712).
    static func violations(of document: ReceivedDocument, receivedAt now: Date,
                           knownType: (String) -> String?) -> [DGIMessages.Result] {
        var out: [DGIMessages.Result] = []
        func add(_ code: String, _ message: String) { out.append(.init(code: code, message: message)) }

        checkCUFE(document, add)
        checkTotals(document, add)

        let contingency = document.emissionType == "02" || document.emissionType == "04"
        let later = document.emissionType == "03" || document.emissionType == "04"
        if later && document.receiverKind == "01" {
            add("1505", "Autorización posterior no permitida para un receptor contribuyente")
        }
        if contingency {
            if document.contingencyStart?.isEmpty ?? true { add("1506", "Falta la fecha de inicio de la contingencia (dFechaCont)") }
            if document.contingencyReason?.isEmpty ?? true { add("1509", "Falta el motivo de la contingencia (dMotCont)") }
            if let start = document.contingencyStart.flatMap(PanamaTime.parseDGITimestamp),
               let issued = PanamaTime.parseDGITimestamp(document.issuedAt) {
                if start > issued { add("1507", "La fecha de inicio de la contingencia es posterior a la de emisión") }
                if now.timeIntervalSince(start) > contingencyLimit {
                    add("1508", "Tiempo excesivo en contingencia (más de 72 horas)")
                }
            }
        }
        let creditOrDebit = ["04", "05"].contains(document.type)
        let generic = ["06", "07"].contains(document.type)
        if creditOrDebit && document.references.isEmpty {
            add("1705", "La nota debe referirse a un documento fiscal")
        }
        if generic && !document.references.isEmpty {
            add("1706", "Una nota genérica no puede referirse a una FE")
        }
        if document.type == "04" || document.type == "06" {
            for reference in document.references {
                let referencedType = knownType(reference) ?? (try? CUFE(parsing: reference))?.documentType
                if let referencedType, ["04", "05", "06", "07"].contains(referencedType) {
                    add("1712", "Una nota de crédito no puede referirse a otra nota")
                }
            }
        }
        return out
    }

    private static func checkCUFE(_ document: ReceivedDocument, _ add: (String, String) -> Void) {
        guard let cufe = try? CUFE(parsing: document.cufe) else {
            add("0103", "El CUFE no tiene el formato correcto o su dígito verificador no corresponde")
            return
        }
        let compactDate = PanamaTime.parseDGITimestamp(document.issuedAt).map(PanamaTime.compactDate) ?? ""
        let expected = [cufe.documentType == document.type, cufe.dv == document.issuerDV.leftPadded(2),
                        cufe.branch == document.branch, cufe.compactDate == compactDate, cufe.number == document.number,
                        cufe.pointOfSale == document.point, cufe.emissionType == document.emissionType,
                        cufe.environment == document.environment, cufe.securityCode == document.securityCode,
                        cufe.paddedRUC.hasSuffix(document.issuerRuc)]
        if expected.contains(false) { add("0103", "El CUFE no corresponde a los datos del documento") }
    }

    private static func checkTotals(_ document: ReceivedDocument, _ add: (String, String) -> Void) {
        let net = document.items.map(\.net).sum()
        let itbms = document.items.map(\.itbms).sum()
        let itemsTotal = document.items.map(\.total).sum()
        let t = document.totals
        let consistent = t["dTotNeto"] == net && t["dTotITBMS"] == itbms && t["dTotGravado"] == itbms
            && t["dVTot"] == net + itbms && t["dVTotItems"] == itemsTotal
            && document.items.allSatisfy { $0.net + $0.itbms == $0.total }
            && t["dTotRec"] == document.payments.sum()
        if !consistent { add("0104", "Los totales del documento no corresponden a la suma de sus ítems") }
    }
}
