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
    let numbering: any NumberingRepository
    let documents: any DocumentRepository
    let grantKey: GrantKey
    let configuration: ServerConfiguration
    let dependencies: Dependencies

    /// Takes `count` numbers from the counter inside the caller's transaction and returns
    /// the first. Refuses to pass the schema's 10-digit limit.
    func take(_ count: Int64, company: UUID, point: PointOfSale, type: DocumentType, db: any SQLDatabase) async throws -> Int64 {
        // The counter row exists after a sequence's first number, so the UPDATE comes first
        // and the INSERT only when it found no row (one statement per document, not two).
        var next = try await numbering.advance(count, point: point, type: type, company: company, db: db)
        if next == nil {
            try await numbering.createSequence(point: point, type: type, company: company, db: db)
            next = try await numbering.advance(count, point: point, type: type, company: company, db: db)
        }
        guard let next else { throw CajaError(.sequenceMissing, "the number sequence of \(point.code)/\(type.dgiCode) could not be created") }
        guard next - 1 <= DocumentNumber.range.upperBound else {
            throw CajaError(.sequenceExhausted, "the number sequence of \(point.code)/\(type.dgiCode) is exhausted")
        }
        return next - count
    }

    /// Reserves a block of numbers for the calling device (`POST /v1/blocks`).
    func reserveBlock(for identity: Identity, request: BlockRequest) async throws -> SignedNumberBlock {
        let (device, point) = try identity.requireIssuingDevice()
        guard request.type == .invoice || request.type == .genericCreditNote else {
            throw CajaError(.offlineDocumentType, field: "type", "blocks exist only for the offline types 01 and 06")
        }
        if let size = request.size, !(1...configuration.maxBlockSize).contains(size) {
            throw CajaError(.invalidBlockSize, field: "size", "size must be 1...\(configuration.maxBlockSize)")
        }
        let now = dependencies.clock.now()
        let id = dependencies.uuid()
        return try await database.transaction { db in
            let sizing = try await sizing(company: identity.companyID, device: device, type: request.type, now: now, db: db)
            // Without a size the server sizes the block from the device's history.
            let size = request.size ?? sizing.target
            // Blocks whose numbers are all used by stored documents do not count: a busy till
            // that used up four blocks still gets a fifth.
            let active = try await numbering.blocksWithUnusedNumbers(device: device, point: point, type: request.type,
                                                                     company: identity.companyID, db: db)
            guard active < NumberBlock.maxHeldPerType else {
                throw CajaError(.tooManyBlocks, "the device already holds \(active) blocks of this type with unused numbers")
            }
            let first = try await take(Int64(size), company: identity.companyID, point: point, type: request.type, db: db)
            let block = NumberBlock(id: id, companyID: identity.companyID, deviceID: device, pointOfSale: point,
                                    type: request.type, first: first, last: first + Int64(size) - 1,
                                    issuedAt: Date(millis: now.millis))
            var grant = try grantKey.sign(block)
            try await numbering.insert(grant, db: db)
            grant.sizing = sizing
            return grant
        }
    }

    /// The device's blocks, active ones first (`GET /v1/blocks`), each with the sizing of its type.
    func blocks(for identity: Identity) async throws -> [SignedNumberBlock] {
        let (device, _) = try identity.requireDevice()
        let now = dependencies.clock.now()
        return try await database.read { db in
            var grants = try await numbering.blocks(device: device, company: identity.companyID, includingClosed: false, db: db)
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

    /// Every block the device was ever granted (a sync judges uploads against them).
    func allBlocks(company: UUID, device: UUID) async throws -> [NumberBlock] {
        try await database.read { db in
            try await numbering.blocks(device: device, company: company, includingClosed: true, db: db).map(\.block)
        }
    }

    /// ``sizing(company:device:type:now:db:)`` at the clock's time, in its own read.
    func sizing(company: UUID, device: UUID, type: DocumentType) async throws -> BlockSizing {
        let now = dependencies.clock.now()
        return try await database.read { db in try await sizing(company: company, device: device, type: type, now: now, db: db) }
    }

    /// How many numbers of `type` the device should hold (N2): its busiest Panama business
    /// day of the last ``ServerConfiguration/blockHistoryDays`` (online and offline documents
    /// it issued), times ``ServerConfiguration/blockMarginPercent`` / 100, at least
    /// ``ServerConfiguration/minimumBlockSize`` (a new till) and at most
    /// ``ServerConfiguration/maxBlockSize``. One grouped read along the device's documents.
    func sizing(company: UUID, device: UUID, type: DocumentType, now: Date, db: any SQLDatabase) async throws -> BlockSizing {
        let since = now.addingTimeInterval(-Double(configuration.blockHistoryDays) * PanamaTime.BusinessDay.seconds)
        let busiest = try await documents.busiestDay(device: device, type: type, since: since, company: company, db: db)
        let wanted = (busiest * configuration.blockMarginPercent + 99) / 100
        let target = min(configuration.maxBlockSize, max(configuration.minimumBlockSize, wanted))
        return BlockSizing(busiest24h: busiest, target: target)
    }

    /// Closes the device's active blocks (returned at logout, or the device retired): the
    /// numbers no document used become recorded voided ranges, never reused.
    func closeBlocks(company: UUID, device: UUID, reason: String) async throws -> Int {
        try await database.transaction { db in try await closeBlocks(company: company, device: device, reason: reason, db: db) }
    }

    /// ``closeBlocks(company:device:reason:)`` inside the caller's transaction.
    func closeBlocks(company: UUID, device: UUID, reason: String, db: any SQLDatabase) async throws -> Int {
        let now = dependencies.clock.now()
        let uuid = dependencies.uuid
        var voided = 0
        for grant in try await numbering.blocks(device: device, company: company, includingClosed: false, db: db) {
            let block = grant.block
            let used = try await documents.usedNumbers(in: block.first...block.last, point: block.pointOfSale, type: block.type,
                                                       company: company, db: db)
            for range in Self.gaps(in: block.first...block.last, used: used) {
                try await numbering.void(VoidedRange(id: uuid().uuidString, companyId: company.uuidString, point: block.pointOfSale.code,
                                                     docType: block.type, firstNumber: range.lowerBound, lastNumber: range.upperBound,
                                                     blockId: block.id.uuidString, reason: reason, createdAt: now.millis), db: db)
                voided += Int(range.count)
            }
            try await numbering.close(block: block.id, at: now, db: db)
        }
        return voided
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
