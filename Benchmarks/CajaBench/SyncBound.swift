import CajaCore
import Crypto
import Foundation

/// The measured bound of item 2 (issue 16's "done when": a goal still missed gets its bound).
/// A sync must, per document, code its JSON three times as built — the register cuts the
/// upload from the stored document's bytes (``SyncRequest/wireJSON(stored:sessions:grants:)``),
/// the server decodes the upload (Foundation's decoder, as `StrictJSON` does) and writes the
/// stored `document_json` (by hand, ``FiscalDocument/wireJSON``) — and the server must check it (N4: the CUFE and the totals
/// recomputed; the rFE and its QR's body digest written). Timed here alone, one document
/// after another on one core, on the sync's own documents, with the coders the product uses.
/// Adding one batch-inserted row's time and dividing the machine's two cores among it gives
/// the rate no sync built this way can pass on this machine; the HTTP, the sessions' checks
/// and the answers come on top.
enum SyncBound {
    struct Parts {
        var json: Double
        var check: Double
    }

    static func measure(_ documents: [FiscalDocument], sessionID: UUID) throws -> Parts {
        let signer = FESigner(credentials: try SigningCredentials.selfSigned(commonName: "Bench", organization: "Bench", now: Date()),
                              qrCode: QRCode(secret: SymmetricKey(size: .bits256)))
        let stored = try documents.map { try WireJSON.encoder.encode($0) }   // the register's stored text, not timed
        var start = ContinuousClock.now
        var bytes = 0
        for (text, document) in zip(stored, documents) {
            let upload = try SyncRequest.wireJSON(stored: [StoredUpload(json: text, sessionID: sessionID, total: document.totals.total.encoded)],
                                                  sessions: [], grants: [])                                 // register: upload cut from its row
            let received = try WireJSON.decoder.decode(SyncRequest.self, from: upload)                       // server: upload
            bytes += document.wireJSON.count + received.documents.count                                      // server: document_json
        }
        let json = (ContinuousClock.now - start).seconds / Double(documents.count)
        start = ContinuousClock.now
        for batch in stride(from: 0, to: documents.count, by: 500) {
            // As the server's check: the issuer once per batch (CheckedIssuer), the rest per document.
            let slice = documents[batch..<min(documents.count, batch + 500)]
            guard let first = slice.first else { continue }
            let issuer = try CheckedIssuer(first.issuer)
            let rebuilt = try slice.map { try FiscalDocument(draft: $0.draft, issuer: issuer, issuance: $0.issuance) }
            bytes += signer.prepare(rebuilt).count
        }
        let check = (ContinuousClock.now - start).seconds / Double(documents.count)
        precondition(bytes > 0)
        return Parts(json: json, check: check)
    }

    /// The rows of the bound, `insert` being one batch-inserted row's time in the same run.
    static func results(_ parts: Parts, insert: Double, measured: Double, label: String, count: Int) -> [Result] {
        let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
        let bound = cores / (parts.json + parts.check + insert)
        let name = "2. Sync \(count) documents (\(label))"
        return [
            Result(benchmark: name, measure: "bound: JSON a sync codes per document (register cuts the upload from its row; server: 1 Foundation decode, 1 write by hand), one core", ours: Format.us(parts.json),
                   baseline: "\(Format.us(insert)) one batch-inserted row", ratio: Format.ratio(parts.json / insert), goal: "—", met: nil),
            Result(benchmark: name, measure: "bound: the server's check per document (CUFE, totals, rFE and QR digest), one core",
                   ours: Format.us(parts.check), baseline: "\(Format.us(insert)) one batch-inserted row", ratio: Format.ratio(parts.check / insert),
                   goal: "—", met: nil),
            Result(benchmark: name, measure: "bound: \(Int(cores)) cores ÷ (JSON + check + insert) per document; the sync measured against it",
                   ours: Format.rate(measured), baseline: "\(Format.rate(bound)) bound (\(Format.ratio(bound * insert)) of the batch insert)",
                   ratio: Format.ratio(measured / bound), goal: "—", met: nil),
        ]
    }
}
