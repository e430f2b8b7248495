/// Writes a ``FiscalDocument`` as the body of an rFE v1.00 (namespace
/// `http://dgi-fep.mef.gob.pa`), element order exactly as `FE_v1.00.xsd`.
///
/// The XML element names of the DGI appear here and in the signer only. The output is
/// canonical XML (see ``CanonicalXMLBuilder``) and stops after `gTot`: the signer appends
/// `Signature` and `gNoFirm` and closes the root.
public enum RFEWriter {
    static let namespace = "http://dgi-fep.mef.gob.pa"

    /// The open `rFE` element and every child up to and including `gTot`.
    /// The rFE up to and including gTot, unclosed: what ``FESigner/sign(rawBody:cufe:environment:)`` takes.
    public static func unsignedBody(of document: FiscalDocument) -> String {
        var xml = CanonicalXMLBuilder()
        writeBody(of: document, into: &xml)
        return xml.output
    }

    static func writeBody(of document: FiscalDocument, into xml: inout CanonicalXMLBuilder) {
        xml.open("rFE", ["xmlns": namespace])
        xml.element("dVerForm", "1.00")
        xml.element("dId", document.cufe.value)
        writeGeneral(document, into: &xml)
        for (index, line) in document.draft.lines.enumerated() {
            writeItem(line, sequence: index + 1, into: &xml)
        }
        writeTotals(document, into: &xml)
    }

    /// gDGen: general data, issuer, receiver, references.
    private static func writeGeneral(_ document: FiscalDocument, into xml: inout CanonicalXMLBuilder) {
        let issuance = document.issuance
        xml.group("gDGen") { xml in
            xml.element("iAmb", document.issuer.environment.dgiCode)
            xml.element("iTpEmis", issuance.emissionType.dgiCode)
            if let contingency = issuance.contingency {
                xml.element("dFechaCont", PanamaTime.dgiTimestamp(contingency.start))
                xml.element("dMotCont", contingency.reason)
            }
            xml.element("iDoc", document.draft.type.dgiCode)
            xml.element("dNroDF", issuance.number.description)
            xml.element("dPtoFacDF", issuance.pointOfSale.code)
            xml.element("dSeg", issuance.securityCode.value)
            xml.element("dFechaEm", PanamaTime.dgiTimestamp(issuance.issuedAt))
            xml.element("iNatOp", document.draft.type.natureOfOperation)
            xml.element("iTipoOp", "1")      // 1: sale (salida o venta)
            xml.element("iDest", "1")        // 1: Panama
            xml.element("iFormCAFE", "1")    // 1: no CAFE generated (receipt printed by the till)
            xml.element("iEntCAFE", "1")     // 1: no CAFE delivered
            xml.element("dEnvFE", "1")       // 1: normal delivery
            xml.element("iProGen", "1")      // 1: issuer's own system
            writeIssuer(document.issuer, into: &xml)
            writeReceiver(document.draft.receiver, into: &xml)
            for reference in document.draft.references { writeReference(reference, into: &xml) }
        }
    }

    private static func writeTaxID(_ group: String, _ id: TaxpayerID, into xml: inout CanonicalXMLBuilder) {
        xml.group(group) { xml in
            xml.element("dTipoRuc", id.kind.rawValue)
            xml.element("dRuc", id.ruc)
            xml.element("dDV", id.dv)
        }
    }

    private static func writeLocation(_ group: String, _ location: Location, into xml: inout CanonicalXMLBuilder) {
        xml.group(group) { xml in
            xml.element("dCodUbi", location.code)
            xml.element("dCorreg", location.corregimiento)
            xml.element("dDistr", location.district)
            xml.element("dProv", location.province)
        }
    }

    private static func writeIssuer(_ issuer: Issuer, into xml: inout CanonicalXMLBuilder) {
        xml.group("gEmis") { xml in
            writeTaxID("gRucEmi", issuer.taxID, into: &xml)
            xml.element("dNombEm", issuer.name)
            xml.element("dSucEm", issuer.branch)
            xml.element("dCoordEm", issuer.coordinates)
            xml.element("dDirecEm", issuer.address)
            writeLocation("gUbiEm", issuer.location, into: &xml)
            for phone in issuer.phones { xml.element("dTfnEm", phone) }
            if let email = issuer.email { xml.element("dCorElectEmi", email) }
        }
    }

    private static func writeReceiver(_ receiver: Receiver, into xml: inout CanonicalXMLBuilder) {
        xml.group("gDatRec") { xml in
            xml.element("iTipoRec", receiver.dgiCode)
            switch receiver {
            case .finalConsumer(let name):
                if let name { xml.element("dNombRec", name) }
            case .taxpayer(let taxpayer):
                writeTaxID("gRucRec", taxpayer.taxID, into: &xml)
                xml.element("dNombRec", taxpayer.name)
                xml.element("dDirecRec", taxpayer.address)
                writeLocation("gUbiRec", taxpayer.location, into: &xml)
            }
            xml.element("cPaisRec", "PA")
        }
    }

    private static func writeReference(_ reference: DocumentReference, into xml: inout CanonicalXMLBuilder) {
        xml.group("gDFRef") { xml in
            writeTaxID("gRucEmDFRef", reference.issuerTaxID, into: &xml)
            xml.element("dNombEmRef", reference.issuerName)
            xml.element("dFechaDFRef", PanamaTime.dgiTimestamp(reference.issuedAt))
            xml.group("gDFRefNum") { xml in
                xml.group("gDFRefFE") { xml in xml.element("dCUFERef", reference.cufe) }
            }
        }
    }

    private static func writeItem(_ line: LineItem, sequence: Int, into xml: inout CanonicalXMLBuilder) {
        let totals = line.totals
        xml.group("gItem") { xml in
            xml.element("dSecItem", String(sequence))
            xml.element("dDescProd", line.description)
            if let code = line.code { xml.element("dCodProd", code) }
            if let unit = line.unit { xml.element("cUnidad", unit) }
            xml.element("dCantCodInt", line.quantity.description)
            xml.group("gPrecios") { xml in
                xml.element("dPrUnit", line.unitPrice.description)
                if line.unitDiscount != .zero { xml.element("dPrUnitDesc", line.unitDiscount.description) }
                xml.element("dPrItem", totals.net.description)
                xml.element("dValTotItem", totals.total.description)
            }
            xml.group("gITBMSItem") { xml in
                xml.element("dTasaITBMS", line.rate.dgiCode)
                xml.element("dValITBMS", totals.itbms.description)
            }
        }
    }

    private static func writeTotals(_ document: FiscalDocument, into xml: inout CanonicalXMLBuilder) {
        let totals = document.totals
        xml.group("gTot") { xml in
            xml.element("dTotNeto", totals.net.description)
            xml.element("dTotITBMS", totals.itbms.description)
            xml.element("dTotGravado", totals.taxed.description)
            xml.element("dVTot", totals.total.description)
            xml.element("dTotRec", totals.received.description)
            if totals.change != .zero { xml.element("dVuelto", totals.change.description) }
            xml.element("iPzPag", totals.paymentTerm)
            xml.element("dNroItems", String(totals.itemCount))
            xml.element("dVTotItems", totals.itemsTotal.description)
            for payment in document.draft.payments {
                xml.group("gFormaPago") { xml in
                    xml.element("iFormaPago", payment.method.dgiCode)
                    if let text = payment.description { xml.element("dFormaPagoDesc", text) }
                    xml.element("dVlrCuota", payment.amount.description)
                }
            }
        }
    }
}
