import CajaCore
import Foundation
import SQLKit

/// ``NumberingRepository`` in SQLKit. Every counter move is one `UPDATE … RETURNING`, whose
/// row lock holds until the caller's transaction commits: no number is handed out twice,
/// across connections and server processes.
struct SQLNumberingRepository: NumberingRepository {
    private struct BlockRow: Decodable {
        var id: String
        var companyId: String
        var deviceId: String
        var point: String
        var docType: DocumentType
        var firstNumber: Int64
        var lastNumber: Int64
        var issuedAt: Int64
        var signature: String

        static let columns = "id, company_id, device_id, point, doc_type, first_number, last_number, issued_at, signature"

        var grant: SignedNumberBlock {
            get throws {
                let block = NumberBlock(id: try UUID(uuidString: id).orThrow("block id"),
                                        companyID: try UUID(uuidString: companyId).orThrow("company id"),
                                        deviceID: try UUID(uuidString: deviceId).orThrow("device id"),
                                        pointOfSale: try PointOfSale(point), type: docType, first: firstNumber, last: lastNumber,
                                        issuedAt: Date(millis: issuedAt))
                return SignedNumberBlock(block: block, signature: signature)
            }
        }
    }

    private enum Status: String {
        case active
        case closed
    }

    func advance(_ count: Int64, point: PointOfSale, type: DocumentType, company: UUID, db: any SQLDatabase) async throws -> Int64? {
        try await db.raw("""
            UPDATE sequences SET next_number = next_number + \(bind: count)
            WHERE company_id = \(bind: company.uuidString) AND point = \(bind: point.code) AND doc_type = \(bind: type.rawValue)
            RETURNING next_number
            """).first(decodingColumn: "next_number", as: Int64.self)
    }

    func createSequence(point: PointOfSale, type: DocumentType, company: UUID, db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO sequences (company_id, point, doc_type, next_number)
            VALUES (\(bind: company.uuidString), \(bind: point.code), \(bind: type.rawValue), 1)
            ON CONFLICT (company_id, point, doc_type) DO NOTHING
            """).run()
    }

    func blocksWithUnusedNumbers(device: UUID, point: PointOfSale, type: DocumentType, company: UUID, db: any SQLDatabase) async throws -> Int {
        try await db.raw("""
            SELECT COUNT(*) AS n FROM number_blocks b
            WHERE b.company_id = \(bind: company.uuidString) AND b.device_id = \(bind: device.uuidString)
              AND b.point = \(bind: point.code) AND b.doc_type = \(bind: type.rawValue) AND b.status = \(bind: Status.active.rawValue)
              AND (SELECT COUNT(*) FROM documents d WHERE d.company_id = b.company_id AND d.point = b.point
                     AND d.doc_type = b.doc_type AND d.number BETWEEN b.first_number AND b.last_number)
                  < b.last_number - b.first_number + 1
            """).row(Count.self)?.n ?? 0
    }

    func insert(_ grant: SignedNumberBlock, db: any SQLDatabase) async throws {
        let block = grant.block
        try await db.raw("""
            INSERT INTO number_blocks (id, company_id, device_id, point, doc_type, first_number, last_number, issued_at, signature, status)
            VALUES (\(bind: block.id.uuidString), \(bind: block.companyID.uuidString), \(bind: block.deviceID.uuidString),
                    \(bind: block.pointOfSale.code), \(bind: block.type.rawValue), \(bind: block.first), \(bind: block.last),
                    \(bind: block.issuedAt.millis), \(bind: grant.signature), \(bind: Status.active.rawValue))
            """).run()
    }

    func blocks(device: UUID, company: UUID, includingClosed: Bool, db: any SQLDatabase) async throws -> [SignedNumberBlock] {
        var sql = SQLQueryString("""
            SELECT \(unsafeRaw: BlockRow.columns) FROM number_blocks
            WHERE company_id = \(bind: company.uuidString) AND device_id = \(bind: device.uuidString)
            """)
        if !includingClosed { sql.appendInterpolation(unsafeRaw: " AND status = "); sql.appendInterpolation(bind: Status.active.rawValue) }
        sql.appendInterpolation(unsafeRaw: " ORDER BY doc_type, first_number")
        return try await db.raw(sql).rows(BlockRow.self).map { try $0.grant }
    }

    func close(block: UUID, at time: Date, db: any SQLDatabase) async throws {
        try await db.raw("""
            UPDATE number_blocks SET status = \(bind: Status.closed.rawValue), closed_at = \(bind: time.millis) WHERE id = \(bind: block.uuidString)
            """).run()
    }

    func void(_ range: VoidedRange, db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO voided_ranges (id, company_id, point, doc_type, first_number, last_number, block_id, reason, created_at)
            VALUES (\(bind: range.id), \(bind: range.companyId), \(bind: range.point), \(bind: range.docType.rawValue),
                    \(bind: range.firstNumber), \(bind: range.lastNumber), \(bind: range.blockId), \(bind: range.reason), \(bind: range.createdAt))
            """).run()
    }

    func sequences(company: UUID, db: any SQLDatabase) async throws -> [SequenceState] {
        try await db.raw("""
            SELECT point, doc_type, next_number FROM sequences WHERE company_id = \(bind: company.uuidString) ORDER BY point, doc_type
            """).rows(SequenceState.self)
    }

    func heldBlocks(company: UUID, db: any SQLDatabase) async throws -> [HeldBlock] {
        try await db.raw("""
            SELECT b.device_id, d.name AS device, b.point, b.doc_type, b.first_number, b.last_number,
              (SELECT COUNT(*) FROM documents x WHERE x.company_id = b.company_id AND x.point = b.point AND x.doc_type = b.doc_type
                 AND x.number BETWEEN b.first_number AND b.last_number) AS used
            FROM number_blocks b JOIN devices d ON d.id = b.device_id
            WHERE b.company_id = \(bind: company.uuidString) AND b.status = \(bind: Status.active.rawValue)
            ORDER BY b.point, b.doc_type, b.first_number
            """).rows(HeldBlock.self)
    }

    func voidedRanges(company: UUID, db: any SQLDatabase) async throws -> [VoidedRange] {
        try await db.raw("""
            SELECT id, company_id, point, doc_type, first_number, last_number, block_id, reason, created_at FROM voided_ranges
            WHERE company_id = \(bind: company.uuidString) ORDER BY created_at DESC LIMIT 200
            """).rows(VoidedRange.self)
    }

    func grantKey(candidate: String, db: any SQLDatabase) async throws -> String {
        let name = "grant-ed25519"
        try await db.raw("INSERT INTO server_keys (name, value) VALUES (\(bind: name), \(bind: candidate)) ON CONFLICT (name) DO NOTHING").run()
        return try await db.raw("SELECT value FROM server_keys WHERE name = \(bind: name)").first(decodingColumn: "value", as: String.self)
            .orThrow("grant key")
    }
}
