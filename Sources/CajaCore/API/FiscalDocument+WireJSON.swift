import Foundation

extension FiscalDocument {
    /// The bytes `WireJSON.encoder.encode(self)` writes (sorted keys, slashes unescaped, ISO
    /// 8601 dates in whole seconds, absent optionals left out), written by hand.
    ///
    /// Why: a document's JSON is written on every sale (the register's store and journal),
    /// on every stored document at the server (`document_json`), and Foundation's encoder
    /// was the largest single cost of a sync after the decoders (issue 16, items 1–3:
    /// `SyncBound` in the benchmarks measures it). The decoders stay Foundation's, so what is
    /// read back is still validated by the types. `WireJSONTests` compares these bytes with
    /// the encoder's on random documents with every variant, so a field added to a document
    /// type without being added here fails a test instead of going missing.
    public var wireJSON: Data {
        var out = JSONBytes()
        out.bytes.reserveCapacity(1_024 + draft.lines.count * 160)
        out.document(self)
        return Data(out.bytes)
    }
}

extension SyncRequest {
    /// The bytes `WireJSON.encoder.encode(self)` writes: the documents by hand (most of a
    /// sync's body: up to 500 of them), the sessions and grants by the encoder, spliced in.
    public func wireJSON() throws -> Data {
        try Self.wireJSON(sessions: sessions, grants: grants, documents: documents) { $0.upload($1) }
    }

    /// The body of a sync of documents as the register stored them: the same bytes as
    /// `SyncRequest(sessions:grants:documents:)` of the decoded documents encodes to, each
    /// document's `cufe`, `draft` and `issuance` cut from its stored JSON as they are
    /// (``JSONMembers``) instead of decoded and written again (issue 16, item 2: that decode
    /// was the register's largest cost in a sync). A document stored without its total, or
    /// whose bytes do not cut, is decoded and written as before; one that does not decode
    /// throws the decoder's error. `WireJSONTests` compares both ways byte for byte.
    ///
    /// The cut parts go out as stored, so a field ever removed from ``DocumentDraft`` or
    /// ``Issuance`` has to leave the register's stored rows too (a migration), or the
    /// server's strict check refuses the old rows it would then meet.
    public static func wireJSON(stored: [StoredUpload], sessions: [OfflineSession], grants: [SignedNumberBlock]) throws -> Data {
        enum Part { case cut(StoredUpload, Range<Int>, total: String), decoded(SyncDocument) }
        let parts = try stored.map { item -> Part in
            if let total = item.total, let range = item.uploadRange() { return .cut(item, range, total: total) }
            let document = try WireJSON.decoder.decode(FiscalDocument.self, from: item.json)
            return .decoded(SyncDocument(sessionID: item.sessionID, document: document))
        }
        return try wireJSON(sessions: sessions, grants: grants, documents: parts) { out, part in
            switch part {
            case .decoded(let upload): out.upload(upload)
            case .cut(let item, let range, let total):
                out.object {
                    // `"cufe":…,"draft":…,"issuance":…` as stored: the upload's first three keys, sorted.
                    $0.key("cufe") { out in item.json.withUnsafeBytes { out.bytes.append(contentsOf: $0[range]) } }
                    $0.key("sessionID") { $0.string(item.sessionID.uuidString) }
                    $0.key("total") { $0.string(total) }
                }
            }
        }
    }

    private static func wireJSON<D>(sessions: [OfflineSession], grants: [SignedNumberBlock], documents: [D],
                                    _ document: (inout JSONBytes, D) -> Void) throws -> Data {
        let (grants, sessions) = (try WireJSON.encoder.encode(grants), try WireJSON.encoder.encode(sessions))
        var out = JSONBytes()
        out.bytes.reserveCapacity(grants.count + sessions.count + documents.count * 1_200)
        out.object {
            $0.key("documents") { $0.array(documents, document) }
            $0.key("grants") { $0.bytes.append(contentsOf: grants) }
            $0.key("sessions") { $0.bytes.append(contentsOf: sessions) }
        }
        return Data(out.bytes)
    }
}

/// A pending document as the register's store keeps it: its JSON as stored
/// (``FiscalDocument/wireJSON``'s bytes), its offline session, and its total as stored
/// beside it (nil for a row stored before the total was), for
/// ``SyncRequest/wireJSON(stored:sessions:grants:)``.
public struct StoredUpload: Sendable {
    public var json: Data
    public var sessionID: UUID
    public var total: String?

    public init(json: Data, sessionID: UUID, total: String?) {
        self.json = json
        self.sessionID = sessionID
        self.total = total
    }

    /// From the value of `cufe` to the end of the value of `issuance`: the stored document's
    /// first three members (`cufe`, `draft`, `issuance`, then `issuer`, sorted), which are
    /// the upload's first three; nil when the bytes do not cut so.
    func uploadRange() -> Range<Int>? {
        json.withUnsafeBytes { bytes -> Range<Int>? in
            guard let members = try? JSONMembers.of(bytes, in: 0..<bytes.count), members.count == 4, members[0].key == "cufe",
                  members[1].key == "draft", members[2].key == "issuance", members[3].key == "issuer" else { return nil }
            return members[0].value.lowerBound..<members[2].value.upperBound
        }
    }
}

extension DocumentDetail: WireJSONBody {
    /// The bytes `WireJSON.encoder.encode(self)` writes, by hand: the answer of every online
    /// document (`POST /v1/documents`) and of a document's page in the API.
    public func wireJSON() throws -> Data {
        var out = JSONBytes()
        out.bytes.reserveCapacity(1_600 + document.draft.lines.count * 160)
        out.object {
            $0.key("deviceID", ifPresent: deviceID) { $0.string($1.uuidString) }
            $0.key("dgi", ifPresent: dgi) { out, dgi in
                out.object {
                    $0.key("attempts") { $0.integer(Int64(dgi.attempts)) }
                    $0.key("authorizedAt", ifPresent: dgi.authorizedAt) { $0.string($1) }
                    $0.key("code", ifPresent: dgi.code) { $0.string($1) }
                    $0.key("lastError", ifPresent: dgi.lastError) { $0.string($1) }
                    $0.key("message", ifPresent: dgi.message) { $0.string($1) }
                    $0.key("protocolNumber", ifPresent: dgi.protocolNumber) { $0.string($1) }
                    $0.key("status") { $0.string(dgi.status.rawValue) }
                }
            }
            $0.key("document") { $0.document(document) }
            $0.key("flags") { $0.array(flags) { $0.string($1.rawValue) } }
            $0.key("offlineSessionID", ifPresent: offlineSessionID) { $0.string($1.uuidString) }
            $0.key("qrURL") { $0.string(qrURL) }
            $0.key("summary") { $0.summary(summary) }
        }
        return Data(out.bytes)
    }
}

extension SyncResponse: WireJSONBody {
    /// The bytes `WireJSON.encoder.encode(self)` writes, by hand: a sync's answer, one result
    /// per document of the batch (issue 16, item 2).
    public func wireJSON() throws -> Data {
        var out = JSONBytes()
        out.bytes.reserveCapacity(16 + results.count * 120)
        out.object {
            $0.key("results") {
                $0.array(results) { out, result in
                    out.object {
                        $0.key("code", ifPresent: result.code) { $0.string($1) }
                        $0.key("document", ifPresent: result.document) { $0.summary($1) }
                        $0.key("flags") { $0.array(result.flags) { $0.string($1.rawValue) } }
                        $0.key("id") { $0.string(result.id.uuidString) }
                        $0.key("message", ifPresent: result.message) { $0.string($1) }
                        $0.key("status") { $0.string(result.status.rawValue) }
                    }
                }
            }
        }
        return Data(out.bytes)
    }
}

/// A body sent as bytes Caja writes itself, the same bytes as `WireJSON.encoder`'s: the
/// register's sync (``SyncRequest/wireJSON()``), the server's document answers
/// (``DocumentDetail/wireJSON()``) and sync answers (``SyncResponse/wireJSON()``).
public protocol WireJSONBody {
    func wireJSON() throws -> Data
}

extension SyncRequest: WireJSONBody {}

/// JSON written into bytes the way `WireJSON.encoder` writes it. Each object's keys are
/// written in sorted (byte) order by its caller.
public struct JSONBytes {
    var bytes: [UInt8] = []
    private var first = true

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func object(_ body: (inout JSONBytes) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        first = true
        body(&self)
        bytes.append(UInt8(ascii: "}"))
        first = false
    }

    mutating func array<S: Sequence>(_ elements: S, _ body: (inout JSONBytes, S.Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (index, element) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            body(&self, element)
        }
        bytes.append(UInt8(ascii: "]"))
        first = false
    }

    /// `"key":` then the value `body` writes; a comma before it unless it is the object's first.
    mutating func key(_ name: StaticString, _ body: (inout JSONBytes) -> Void) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        raw("\":")
        body(&self)
        first = false
    }

    /// Leaves the key out when the value is nil (the encoder's `encodeIfPresent`).
    mutating func key<T>(_ name: StaticString, ifPresent value: T?, _ body: (inout JSONBytes, T) -> Void) {
        guard let value else { return }
        key(name) { body(&$0, value) }
    }

    mutating func string(_ text: String) { JSONBytes.appendString(text, to: &bytes) }

    mutating func integer(_ value: Int64) { bytes.append(contentsOf: String(value).utf8) }

    /// ISO 8601 in UTC to the second, as `.iso8601` writes it (fractions dropped).
    mutating func date(_ date: Date) {
        let c = PanamaTime.components(date, offset: 0)
        bytes.append(UInt8(ascii: "\""))
        digits(c.year, 4); bytes.append(UInt8(ascii: "-")); digits(c.month, 2); bytes.append(UInt8(ascii: "-")); digits(c.day, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(c.hour, 2); bytes.append(UInt8(ascii: ":")); digits(c.minute, 2); bytes.append(UInt8(ascii: ":")); digits(c.second, 2)
        raw("Z\"")
    }

    private mutating func digits(_ value: Int64, _ width: Int) {
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }

    /// A JSON string as the encoder writes it: `"` and `\` escaped, the control characters as
    /// `\b \t \n \f \r` or `\u00xx`, everything else (slashes, non-ASCII) as its UTF-8 bytes.
    public static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                out.append(contentsOf: utf8[start..<index])
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
                case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
                case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                            hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
                }
                start = index + 1
            }
            out.append(contentsOf: utf8[start..<utf8.count])
        }
        out.append(UInt8(ascii: "\""))
    }

    // MARK: - The document's types, each one's keys in sorted order

    mutating func summary(_ summary: DocumentSummary) {
        object {
            $0.key("cufe") { $0.string(summary.cufe) }
            $0.key("dgiStatus") { $0.string(summary.dgiStatus.rawValue) }
            $0.key("emission") { $0.string(summary.emission.rawValue) }
            $0.key("id") { $0.string(summary.id.uuidString) }
            $0.key("issuedAt") { $0.string(summary.issuedAt) }
            $0.key("number") { $0.integer(summary.number) }
            $0.key("point") { $0.string(summary.point) }
            $0.key("total") { $0.string(summary.total.encoded) }
            $0.key("type") { $0.string(summary.type.rawValue) }
        }
    }

    mutating func upload(_ upload: SyncDocument) {
        object {
            $0.key("cufe") { $0.string(upload.cufe) }
            $0.key("draft") { $0.draft(upload.draft) }
            $0.key("issuance") { $0.issuance(upload.issuance) }
            $0.key("sessionID") { $0.string(upload.sessionID.uuidString) }
            $0.key("total") { $0.string(upload.total.encoded) }
        }
    }

    mutating func document(_ document: FiscalDocument) {
        object {
            $0.key("cufe") { $0.string(document.cufe.value) }
            $0.key("draft") { $0.draft(document.draft) }
            $0.key("issuance") { $0.issuance(document.issuance) }
            $0.key("issuer") { $0.issuer(document.issuer) }
        }
    }

    mutating func draft(_ draft: DocumentDraft) {
        object {
            $0.key("billingMethod") { $0.string(draft.billingMethod.rawValue) }
            $0.key("id") { $0.string(draft.id.uuidString) }
            $0.key("lines") { $0.array(draft.lines) { $0.line($1) } }
            $0.key("payments") { $0.array(draft.payments) { $0.payment($1) } }
            $0.key("receiver") { $0.receiver(draft.receiver) }
            $0.key("references") { $0.array(draft.references) { $0.reference($1) } }
            $0.key("type") { $0.string(draft.type.rawValue) }
        }
    }

    mutating func line(_ line: LineItem) {
        object {
            $0.key("code", ifPresent: line.code) { $0.string($1) }
            $0.key("description") { $0.string(line.description) }
            $0.key("quantity") { $0.string(line.quantity.encoded) }
            $0.key("rate") { $0.string(line.rate.rawValue) }
            $0.key("unit", ifPresent: line.unit) { $0.string($1) }
            $0.key("unitDiscount") { $0.string(line.unitDiscount.encoded) }
            $0.key("unitPrice") { $0.string(line.unitPrice.encoded) }
        }
    }

    mutating func payment(_ payment: Payment) {
        object {
            $0.key("amount") { $0.string(payment.amount.encoded) }
            $0.key("description", ifPresent: payment.description) { $0.string($1) }
            $0.key("method") { $0.string(payment.method.rawValue) }
        }
    }

    /// The encoder's form of an enum with associated values: the case's name, then its
    /// labelled values (`_0` for an unlabelled one).
    mutating func receiver(_ receiver: Receiver) {
        object {
            switch receiver {
            case .finalConsumer(let name):
                $0.key("finalConsumer") { $0.object { $0.key("name", ifPresent: name) { $0.string($1) } } }
            case .taxpayer(let taxpayer):
                $0.key("taxpayer") {
                    $0.object {
                        $0.key("_0") {
                            $0.object {
                                $0.key("address") { $0.string(taxpayer.address) }
                                $0.key("location") { $0.location(taxpayer.location) }
                                $0.key("name") { $0.string(taxpayer.name) }
                                $0.key("taxID") { $0.taxID(taxpayer.taxID) }
                            }
                        }
                    }
                }
            }
        }
    }

    mutating func reference(_ reference: DocumentReference) {
        object {
            $0.key("cufe") { $0.string(reference.cufe) }
            $0.key("issuedAt") { $0.date(reference.issuedAt) }
            $0.key("issuerName") { $0.string(reference.issuerName) }
            $0.key("issuerTaxID") { $0.taxID(reference.issuerTaxID) }
        }
    }

    mutating func taxID(_ id: TaxpayerID) {
        object {
            $0.key("dv") { $0.string(id.dv) }
            $0.key("kind") { $0.string(id.kind.rawValue) }
            $0.key("ruc") { $0.string(id.ruc) }
        }
    }

    mutating func location(_ location: Location) {
        object {
            $0.key("code") { $0.string(location.code) }
            $0.key("corregimiento") { $0.string(location.corregimiento) }
            $0.key("district") { $0.string(location.district) }
            $0.key("province") { $0.string(location.province) }
        }
    }

    mutating func issuance(_ issuance: Issuance) {
        object {
            $0.key("contingency", ifPresent: issuance.contingency) { out, contingency in
                out.object {
                    $0.key("reason") { $0.string(contingency.reason) }
                    $0.key("start") { $0.date(contingency.start) }
                }
            }
            $0.key("issuedAt") { $0.date(issuance.issuedAt) }
            $0.key("number") { $0.integer(issuance.number.value) }
            $0.key("pointOfSale") { $0.string(issuance.pointOfSale.encoded) }
            $0.key("securityCode") { $0.string(issuance.securityCode.encoded) }
        }
    }

    mutating func issuer(_ issuer: Issuer) {
        object {
            $0.key("address") { $0.string(issuer.address) }
            $0.key("branch") { $0.string(issuer.branch) }
            $0.key("coordinates") { $0.string(issuer.coordinates) }
            $0.key("email", ifPresent: issuer.email) { $0.string($1) }
            $0.key("environment") { $0.string(issuer.environment.rawValue) }
            $0.key("location") { $0.location(issuer.location) }
            $0.key("name") { $0.string(issuer.name) }
            $0.key("phones") { $0.array(issuer.phones) { $0.string($1) } }
            $0.key("taxID") { $0.taxID(issuer.taxID) }
        }
    }
}
