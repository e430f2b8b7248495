import Foundation

/// Position in the document list: the (issued_at, id) of the last item seen, opaque to clients.
struct DocumentCursor: Sendable {
    var issuedAt: Int64
    var id: String

    init(record: DocumentRecord) {
        issuedAt = record.document.issuance.issuedAt.millis
        id = record.document.id.uuidString
    }

    init?(encoded: String) {
        guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "|")
        guard parts.count == 2, let millis = Int64(parts[0]), UUID(uuidString: String(parts[1])) != nil else { return nil }
        issuedAt = millis
        id = String(parts[1])
    }

    var encoded: String { Data("\(issuedAt)|\(id)".utf8).base64EncodedString() }
}
