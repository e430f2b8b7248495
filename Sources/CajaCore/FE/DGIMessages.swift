import Foundation

/// The reception service's messages (feRecepFE), in the SOAP 1.2 envelope the service uses:
/// the request `rEnviFe` carries the signed rFE as text in `xFe`; the answer `rProtFe`
/// carries the protocol (`dProAut`) or the rule codes (`gResProc`).
public enum DGIMessages {
    public static let soapNamespace = "http://www.w3.org/2003/05/soap-envelope"
    public static let serviceNamespace = "http://dgi-fep.mef.gob.pa/wsdl/FeRecepFE"
    /// dCodRes of an authorization.
    public static let authorizedCode = "0260"

    /// One result line (gResProc).
    public struct Result: Sendable, Hashable, Codable {
        public var code: String
        public var message: String

        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    /// The answer (rProtFe/gInfProt).
    public struct Answer: Sendable, Hashable, Codable {
        public var messageID: String
        public var environment: String
        public var cufe: String?
        public var processedAt: String
        /// dProAut: present when authorized.
        public var authorization: String?
        public var digestValue: String?
        public var results: [Result]

        public init(messageID: String, environment: String, cufe: String?, processedAt: String, authorization: String?,
                    digestValue: String?, results: [Result]) {
            self.messageID = messageID
            self.environment = environment
            self.cufe = cufe
            self.processedAt = processedAt
            self.authorization = authorization
            self.digestValue = digestValue
            self.results = results
        }

        public var isAuthorized: Bool { authorization != nil }
    }

    // MARK: - Request

    /// The SOAP request for one signed rFE. `messageID` is dId of rEnviFe (1-15 digits).
    public static func request(signedXML: String, environment: String, messageID: UInt64) -> String {
        var xml = CanonicalXMLBuilder()
        xml.group("soap12:Envelope", ["xmlns:soap12": soapNamespace]) { xml in
            xml.group("soap12:Header") { xml in
                xml.group("feHeaderMsg", ["xmlns": serviceNamespace]) { xml in xml.element("dVerForm", "1.00") }
            }
            xml.group("soap12:Body") { xml in
                xml.group("feDatosMsg", ["xmlns": serviceNamespace]) { xml in
                    xml.group("rEnviFe") { xml in
                        xml.element("dVerForm", "1.00")
                        xml.element("dId", String(messageID % 1_000_000_000_000_000))
                        xml.element("iAmb", environment)
                        xml.element("xFe", signedXML)
                    }
                }
            }
        }
        return xml.output
    }

    /// What the service reads from a request: the message id, environment and the rFE text.
    public struct Reception: Sendable {
        public var messageID: String
        public var environment: String
        public var signedXML: String
    }

    public static func parseRequest(_ text: String) throws(CajaError) -> Reception {
        let fields = try XMLFields(parsing: text)
        guard let xFe = fields.first(endingWith: "rEnviFe/xFe"), let id = fields.first(endingWith: "rEnviFe/dId"),
              let environment = fields.first(endingWith: "rEnviFe/iAmb") else {
            throw CajaError(.invalidXML, field: "rEnviFe", "the message has no rEnviFe with dId, iAmb and xFe")
        }
        return Reception(messageID: id, environment: environment, signedXML: xFe)
    }

    // MARK: - Answer

    public static func response(_ answer: Answer) -> String {
        var xml = CanonicalXMLBuilder()
        xml.group("soap12:Envelope", ["xmlns:soap12": soapNamespace]) { xml in
            xml.group("soap12:Body") { xml in
                xml.group("feRecepFEResult", ["xmlns": serviceNamespace]) { xml in
                    xml.group("rProtFe", ["xmlns": ""]) { xml in
                        xml.element("dVerForm", "1.00")
                        xml.group("gInfProt") { xml in
                            xml.element("dId", answer.messageID)
                            xml.element("iAmb", answer.environment)
                            xml.element("dVerApl", "1.00")
                            if let cufe = answer.cufe { xml.element("dCUFE", cufe) }
                            xml.element("dFecProc", answer.processedAt)
                            if let authorization = answer.authorization { xml.element("dProAut", authorization) }
                            if let digest = answer.digestValue { xml.element("dDigVal", digest) }
                            for result in answer.results {
                                xml.group("gResProc") { xml in
                                    xml.element("dCodRes", result.code)
                                    xml.element("dMsgRes", result.message)
                                }
                            }
                        }
                    }
                }
            }
        }
        return xml.output
    }

    public static func parseResponse(_ text: String) throws(CajaError) -> Answer {
        let fields = try XMLFields(parsing: text)
        let prefix = fields.values.first { $0.path.hasSuffix("rProtFe/gInfProt/iAmb") }?.path.dropLast("iAmb".count)
        guard let prefix, let processedAt = fields.first("\(prefix)dFecProc") else {
            throw CajaError(.invalidXML, field: "rProtFe", "the answer has no rProtFe/gInfProt")
        }
        let codes = fields.all("\(prefix)gResProc/dCodRes")
        let messages = fields.all("\(prefix)gResProc/dMsgRes")
        return Answer(messageID: fields.first("\(prefix)dId") ?? "", environment: fields.first("\(prefix)iAmb") ?? "",
                        cufe: fields.first("\(prefix)dCUFE"), processedAt: processedAt,
                        authorization: fields.first("\(prefix)dProAut").flatMap { $0.isEmpty ? nil : $0 },
                        digestValue: fields.first("\(prefix)dDigVal"),
                        results: zip(codes, messages).map { Result(code: $0, message: $1) })
    }
}
