import CajaCore
import Foundation
import Hummingbird

/// A stand-in for the PAC/DGI reception service: a real HTTP endpoint that receives the SOAP
/// `rEnviFe`, checks the signature, the CUFE and its check digit, the totals and the rules of
/// ``ReceptionRules``, and answers `rProtFe` with a protocol number or the rule codes.
///
/// It is idempotent by CUFE, like the service: a document sent again after its answer was
/// lost gets the same protocol, never a second authorization. State lives in memory for the
/// life of the process (a simulator, not a record).
public actor DGISimulator {
    /// Faults for tests and demos (flags of `caja-dgi-sim` and `POST /admin/faults`).
    public struct Faults: Codable, Sendable, Equatable {
        /// Added to every answer.
        public var latencyMilliseconds: Int = 0
        /// Share of receptions answered 503 without being processed (0...1).
        public var errorRate: Double = 0
        /// Share of receptions processed and then never answered: the connection is held
        /// until the client gives up (a lost answer).
        public var dropRate: Double = 0
        /// The service answers 503 to everything for this many seconds from when it is set.
        public var downSeconds: Double = 0

        public init(latencyMilliseconds: Int = 0, errorRate: Double = 0, dropRate: Double = 0, downSeconds: Double = 0) {
            self.latencyMilliseconds = latencyMilliseconds
            self.errorRate = errorRate
            self.dropRate = dropRate
            self.downSeconds = downSeconds
        }

        /// A knob left out keeps its default (no fault): `{"errorRate": 0.5}` is enough.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            latencyMilliseconds = try container.decodeIfPresent(Int.self, forKey: .latencyMilliseconds) ?? 0
            errorRate = try container.decodeIfPresent(Double.self, forKey: .errorRate) ?? 0
            dropRate = try container.decodeIfPresent(Double.self, forKey: .dropRate) ?? 0
            downSeconds = try container.decodeIfPresent(Double.self, forKey: .downSeconds) ?? 0
        }

        /// The largest latency a fault may add: a minute (more only blocks shutdowns).
        public static let maxLatencyMilliseconds = 60_000
        /// The longest outage a fault may stage: a day.
        public static let maxDownSeconds: Double = 86_400

        /// The first knob out of its range, named, or nil when all are valid.
        public var invalidKnob: String? {
            if !(0...Self.maxLatencyMilliseconds).contains(latencyMilliseconds) {
                return "latencyMilliseconds must be 0...\(Self.maxLatencyMilliseconds)"
            }
            if !errorRate.isFinite || !(0...1).contains(errorRate) { return "errorRate must be 0...1" }
            if !dropRate.isFinite || !(0...1).contains(dropRate) { return "dropRate must be 0...1" }
            if !downSeconds.isFinite || !(0...Self.maxDownSeconds).contains(downSeconds) {
                return "downSeconds must be 0...\(Int(Self.maxDownSeconds))"
            }
            return nil
        }
    }

    /// What the service has seen (`GET /admin/stats`).
    public struct Stats: Codable, Sendable, Equatable {
        public var received = 0
        public var authorized = 0
        public var rejected = 0
        /// Documents sent again after their authorization (answered with the same protocol).
        public var resent = 0
        public var failedOnPurpose = 0
        public var dropped = 0
    }

    struct Authorization {
        var protocolNumber: String
        var type: String
        var numberKey: String
        var digestValue: String
        var processedAt: String
    }

    public private(set) var faults: Faults
    private var downUntil: Date?
    private var authorizations: [String: Authorization] = [:]   // by CUFE
    private var numbers: [String: String] = [:]                 // number key -> CUFE
    private var nextProtocol: UInt64 = 1
    private(set) var stats = Stats()
    let clock: @Sendable () -> Date
    /// How long a dropped request is held before the connection is closed.
    let dropHold: Duration
    /// The bearer token the admin routes (faults, stats) require; nil leaves them closed.
    let adminToken: String?

    /// - Parameter adminToken: required as `Authorization: Bearer …` by the admin routes;
    ///   without one they answer 403 (the simulator is a development tool, never open).
    public init(faults: Faults = Faults(), clock: @escaping @Sendable () -> Date = { Date() }, dropHold: Duration = .seconds(30),
                adminToken: String? = nil) {
        self.faults = faults
        self.clock = clock
        self.dropHold = dropHold
        self.adminToken = adminToken.flatMap { $0.isEmpty ? nil : $0 }   // an empty token would open the routes
        if faults.downSeconds > 0 { downUntil = clock().addingTimeInterval(faults.downSeconds) }
    }

    /// Sets the fault knobs (already validated: see ``Faults/invalidKnob``).
    public func setFaults(_ faults: Faults) {
        self.faults = faults
        downUntil = faults.downSeconds > 0 ? clock().addingTimeInterval(faults.downSeconds) : nil
    }

    public func currentStats() -> Stats { stats }

    /// The protocol number the service gave a CUFE, if it authorized it.
    public func authorization(of cufe: String) -> String? { authorizations[cufe]?.protocolNumber }

    enum Decision {
        case answer(String)
        case unavailable
        case drop(String)
    }

    /// Decides what happens to one reception (faults first, then the rules).
    func receive(_ body: String) -> Decision {
        if let downUntil, clock() < downUntil { return .unavailable }
        if faults.errorRate > 0, Double.random(in: 0..<1) < faults.errorRate {
            stats.failedOnPurpose += 1
            return .unavailable
        }
        stats.received += 1
        let answer = DGIMessages.response(process(body))
        if faults.dropRate > 0, Double.random(in: 0..<1) < faults.dropRate {
            stats.dropped += 1
            return .drop(answer)
        }
        return .answer(answer)
    }

    private func process(_ body: String) -> DGIMessages.Answer {
        let now = clock()
        let processedAt = PanamaTime.dgiTimestamp(now)
        func rejected(_ id: String, _ environment: String, cufe: String?, _ results: [DGIMessages.Result]) -> DGIMessages.Answer {
            stats.rejected += 1
            return DGIMessages.Answer(messageID: id, environment: environment, cufe: cufe, processedAt: processedAt,
                                        authorization: nil, digestValue: nil, results: results)
        }
        let reception: DGIMessages.Reception
        do { reception = try DGIMessages.parseRequest(body) } catch {
            return rejected("0", "2", cufe: nil, [.init(code: "0101", message: "Mensaje no legible: \(error.detail)")])
        }
        let document: ReceivedDocument
        do { document = try ReceivedDocument(reception.signedXML) } catch {
            return rejected(reception.messageID, reception.environment, cufe: nil,
                            [.init(code: "0101", message: "rFE no legible: \(error.detail)")])
        }
        let verified: FEVerifier.Result
        do { verified = try FEVerifier.verify(reception.signedXML) } catch {
            return rejected(reception.messageID, reception.environment, cufe: document.cufe,
                            [.init(code: "0102", message: "Firma electrónica inválida: \(error.detail)")])
        }
        if let earlier = authorizations[document.cufe], earlier.digestValue == verified.digestValue {
            stats.resent += 1
            return DGIMessages.Answer(messageID: reception.messageID, environment: reception.environment, cufe: document.cufe,
                                        processedAt: earlier.processedAt, authorization: earlier.protocolNumber,
                                        digestValue: earlier.digestValue,
                                        results: [.init(code: DGIMessages.authorizedCode, message: "Autorizado el uso de la FE")])
        }
        var violations = ReceptionRules.violations(of: document, receivedAt: now) { [authorizations] cufe in authorizations[cufe]?.type }
        if let holder = numbers[document.numberKey], holder != document.cufe {
            violations.append(.init(code: "1513", message: "Número de documento fiscal duplicado"))
        }
        guard violations.isEmpty else {
            return rejected(reception.messageID, reception.environment, cufe: document.cufe, violations)
        }
        let protocolNumber = String(format: "%015llu", 202_600_000_000_000 + nextProtocol)
        nextProtocol += 1
        authorizations[document.cufe] = Authorization(protocolNumber: protocolNumber, type: document.type,
                                                      numberKey: document.numberKey, digestValue: verified.digestValue,
                                                      processedAt: processedAt)
        numbers[document.numberKey] = document.cufe
        stats.authorized += 1
        return DGIMessages.Answer(messageID: reception.messageID, environment: reception.environment, cufe: document.cufe,
                                    processedAt: processedAt, authorization: protocolNumber, digestValue: verified.digestValue,
                                    results: [.init(code: DGIMessages.authorizedCode, message: "Autorizado el uso de la FE")])
    }
}
