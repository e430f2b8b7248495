import CajaCore
import Foundation
import SQLKit

/// The one place that hands out fiscal numbers (N2). Each (company, point, type) has one
/// counter; a block takes a range of it for a device, an online document takes the next
/// number. Both move the same counter forward with a single `UPDATE … RETURNING`, so an
/// online number is always above every block handed out before it and no number is ever
/// handed out twice — across requests, connections and server processes.
struct NumberingService: Sendable {
    let database: any DatabaseDriver
    let grantKey: GrantKey
    let configuration: ServerConfiguration

    /// Takes `count` numbers from the counter inside the caller's transaction and returns
    /// the first. Refuses to pass the schema's 10-digit limit.
    static func take(_ count: Int64, company: UUID, point: PointOfSale, type: DocumentType, db: any SQLDatabase) async throws -> Int64 {
        // The counter row exists after a sequence's first number, so the UPDATE comes first
        // and the INSERT only when it found no row (one statement per document, not two).
        var next = try await advance(count, company: company, point: point, type: type, db: db)
        if next == nil {
            try await db.raw("""
                INSERT INTO sequences (company_id, point, doc_type, next_number)
                VALUES (\(bind: company.uuidString), \(bind: point.code), \(bind: type.dgiCode), 1)
                ON CONFLICT (company_id, point, doc_type) DO NOTHING
                """).run()
            next = try await advance(count, company: company, point: point, type: type, db: db)
        }
        guard let next else { throw APIError(.conflict, code: "SEQUENCE_MISSING", message: "the number sequence of \(point.code)/\(type.dgiCode) could not be created") }
        let first = next - count
        guard next - 1 <= DocumentNumber.range.upperBound else {
            throw APIError(.conflict, code: "SEQUENCE_EXHAUSTED", message: "the number sequence of \(point.code)/\(type.dgiCode) is exhausted")
        }
        return first
    }

    /// Moves the counter by `count` and returns its new value; nil when the row does not exist yet.
    private static func advance(_ count: Int64, company: UUID, point: PointOfSale, type: DocumentType, db: any SQLDatabase) async throws -> Int64? {
        try await db.raw("""
            UPDATE sequences SET next_number = next_number + \(bind: count)
            WHERE company_id = \(bind: company.uuidString) AND point = \(bind: point.code) AND doc_type = \(bind: type.dgiCode)
            RETURNING next_number
            """).first(decodingColumn: "next_number", as: Int64.self)
    }

    /// Reserves a block of numbers for the calling device (`POST /v1/blocks`).
    func reserveBlock(for identity: Identity, request: BlockRequest) async throws -> SignedNumberBlock {
        let (device, point) = try identity.requireDevice()
        guard request.type == .invoice || request.type == .genericCreditNote else {
            throw APIError(.unprocessableContent, code: ErrorCode.offlineDocumentType.rawValue,
                           message: "blocks exist only for the offline types 01 and 06", field: "type")
        }
        if let size = request.size, !(1...configuration.maxBlockSize).contains(size) {
            throw APIError(.unprocessableContent, code: "INVALID_BLOCK_SIZE",
                           message: "size must be 1...\(configuration.maxBlockSize)", field: "size")
        }
        let now = configuration.clock.now()
        let key = grantKey
        return try await database.transaction { db in
            let sizing = try await sizing(company: identity.companyID, device: device, type: request.type, now: now, db: db)
            // Without a size the server sizes the block from the device's history.
            let size = request.size ?? sizing.target
            // Blocks whose numbers are all used by stored documents do not count: a busy till
            // that used up four blocks still gets a fifth.
            let active = try await db.raw("""
                SELECT COUNT(*) AS n FROM number_blocks b
                WHERE b.company_id = \(bind: identity.companyID.uuidString) AND b.device_id = \(bind: device.uuidString)
                  AND b.point = \(bind: point.code) AND b.doc_type = \(bind: request.type.dgiCode) AND b.status = 'active'
                  AND (SELECT COUNT(*) FROM documents d WHERE d.company_id = b.company_id AND d.point = b.point
                         AND d.doc_type = b.doc_type AND d.number BETWEEN b.first_number AND b.last_number)
                      < b.last_number - b.first_number + 1
                """).first(decodingColumn: "n", as: Int.self) ?? 0
            guard active < NumberBlock.maxHeldPerType else {
                throw APIError(.conflict, code: "TOO_MANY_BLOCKS", message: "the device already holds \(active) blocks of this type with unused numbers")
            }
            let first = try await Self.take(Int64(size), company: identity.companyID, point: point, type: request.type, db: db)
            let block = NumberBlock(id: UUID(), companyID: identity.companyID, deviceID: device, pointOfSale: point,
                                    type: request.type, first: first, last: first + Int64(size) - 1,
                                    issuedAt: Date(millis: now.millis))
            var grant = try key.sign(block)
            grant.sizing = sizing
            try await db.raw("""
                INSERT INTO number_blocks (id, company_id, device_id, point, doc_type, first_number, last_number, issued_at, signature, status)
                VALUES (\(bind: block.id.uuidString), \(bind: block.companyID.uuidString), \(bind: device.uuidString),
                        \(bind: point.code), \(bind: block.type.dgiCode), \(bind: block.first), \(bind: block.last),
                        \(bind: block.issuedAt.millis), \(bind: grant.signature), 'active')
                """).run()
            return grant
        }
    }

    /// The device's blocks, active ones first (`GET /v1/blocks`), each with the sizing of its type.
    func blocks(for identity: Identity) async throws -> [SignedNumberBlock] {
        let (device, _) = try identity.requireDevice()
        let now = configuration.clock.now()
        return try await database.read { db in
            let rows = try await db.raw("""
                SELECT id, device_id, point, doc_type, first_number, last_number, issued_at, signature FROM number_blocks
                WHERE company_id = \(bind: identity.companyID.uuidString) AND device_id = \(bind: device.uuidString) AND status = 'active'
                ORDER BY doc_type, first_number
                """).all()
            var grants = try rows.map { try Self.grant(from: $0, company: identity.companyID) }
            var sizings: [DocumentType: BlockSizing] = [:]
            for index in grants.indices {
                let type = grants[index].block.type
                if sizings[type] == nil {
                    sizings[type] = try await sizing(company: identity.companyID, device: device, type: type, now: now, db: db)
                }
                grants[index].sizing = sizings[type]
            }
            return grants
        }
    }

    /// ``sizing(company:device:type:now:db:)`` at the clock's time, in its own read.
    func sizing(company: UUID, device: UUID, type: DocumentType) async throws -> BlockSizing {
        let now = configuration.clock.now()
        return try await database.read { db in try await sizing(company: company, device: device, type: type, now: now, db: db) }
    }

    /// How many numbers of `type` the device should hold (N2): its busiest Panama business
    /// day of the last ``ServerConfiguration/blockHistoryDays`` (online and offline documents
    /// it issued), times ``ServerConfiguration/blockMarginPercent`` / 100, at least
    /// ``ServerConfiguration/minimumBlockSize`` (a new till) and at most
    /// ``ServerConfiguration/maxBlockSize``. One grouped read along the device's documents.
    func sizing(company: UUID, device: UUID, type: DocumentType, now: Date, db: any SQLDatabase) async throws -> BlockSizing {
        let since = now.addingTimeInterval(-Double(configuration.blockHistoryDays) * 86_400).millis
        let offset = PanamaTime.offsetSeconds * 1000
        let busiest = try await db.raw("""
            SELECT COUNT(*) AS n FROM documents
            WHERE company_id = \(bind: company.uuidString) AND device_id = \(bind: device.uuidString)
              AND doc_type = \(bind: type.dgiCode) AND issued_at >= \(bind: since)
            GROUP BY (issued_at + \(bind: offset)) / 86400000
            ORDER BY n DESC LIMIT 1
            """).first(decodingColumn: "n", as: Int.self) ?? 0
        let wanted = (busiest * configuration.blockMarginPercent + 99) / 100
        let target = min(configuration.maxBlockSize, max(configuration.minimumBlockSize, wanted))
        return BlockSizing(busiest24h: busiest, target: target)
    }

    static func grant(from row: any SQLRow, company: UUID) throws -> SignedNumberBlock {
        let block = NumberBlock(
            id: try UUID(uuidString: row.decode(column: "id", as: String.self)).orThrow("block id"),
            companyID: company,
            deviceID: try UUID(uuidString: row.decode(column: "device_id", as: String.self)).orThrow("device id"),
            pointOfSale: try PointOfSale(row.decode(column: "point", as: String.self)),
            type: try DocumentType(rawValue: row.decode(column: "doc_type", as: String.self)).orThrow("type"),
            first: try row.decode(column: "first_number", as: Int64.self),
            last: try row.decode(column: "last_number", as: Int64.self),
            issuedAt: Date(millis: try row.decode(column: "issued_at", as: Int64.self)))
        return SignedNumberBlock(block: block, signature: try row.decode(column: "signature", as: String.self))
    }

    /// Closes the device's active blocks (returned at logout, or the device retired): the
    /// numbers no document used become recorded voided ranges, never reused.
    func closeBlocks(company: UUID, device: UUID, reason: String) async throws -> Int {
        let now = configuration.clock.now()
        return try await database.transaction { db in
            let rows = try await db.raw("""
                SELECT id, device_id, point, doc_type, first_number, last_number, issued_at, signature FROM number_blocks
                WHERE company_id = \(bind: company.uuidString) AND device_id = \(bind: device.uuidString) AND status = 'active'
                """).all()
            var voided = 0
            for row in rows {
                let block = try Self.grant(from: row, company: company).block
                let used = try await db.raw("""
                    SELECT number FROM documents WHERE company_id = \(bind: company.uuidString) AND point = \(bind: block.pointOfSale.code)
                      AND doc_type = \(bind: block.type.dgiCode) AND number BETWEEN \(bind: block.first) AND \(bind: block.last)
                    ORDER BY number
                    """).all().map { try $0.decode(column: "number", as: Int64.self) }
                for range in Self.gaps(in: block.first...block.last, used: used) {
                    try await db.raw("""
                        INSERT INTO voided_ranges (id, company_id, point, doc_type, first_number, last_number, block_id, reason, created_at)
                        VALUES (\(bind: UUID().uuidString), \(bind: company.uuidString), \(bind: block.pointOfSale.code),
                                \(bind: block.type.dgiCode), \(bind: range.lowerBound), \(bind: range.upperBound),
                                \(bind: block.id.uuidString), \(bind: reason), \(bind: now.millis))
                        """).run()
                    voided += Int(range.count)
                }
                try await db.raw("UPDATE number_blocks SET status = 'closed', closed_at = \(bind: now.millis) WHERE id = \(bind: block.id.uuidString)").run()
            }
            return voided
        }
    }

    /// The ranges of `block` not in `used` (sorted).
    static func gaps(in block: ClosedRange<Int64>, used: [Int64]) -> [ClosedRange<Int64>] {
        var result: [ClosedRange<Int64>] = []
        var next = block.lowerBound
        for number in used where block.contains(number) && number >= next {
            if number > next { result.append(next...(number - 1)) }
            next = number + 1
        }
        if next <= block.upperBound { result.append(next...block.upperBound) }
        return result
    }
}
