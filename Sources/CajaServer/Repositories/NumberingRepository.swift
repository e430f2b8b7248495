import CajaCore
import Foundation
import SQLKit

/// Fiscal numbering (N2): the counters (`sequences`), the blocks handed to devices
/// (`number_blocks`), the numbers voided when a block closes (`voided_ranges`) and the key
/// that signs the blocks (`server_keys`).
protocol NumberingRepository: Sendable {
    /// Moves the sequence's counter by `count` and returns its new value; nil when the
    /// sequence has no row yet.
    func advance(_ count: Int64, point: PointOfSale, type: DocumentType, company: UUID, db: any SQLDatabase) async throws -> Int64?
    /// Creates the sequence's counter at 1 (nothing when another transaction just did).
    func createSequence(point: PointOfSale, type: DocumentType, company: UUID, db: any SQLDatabase) async throws
    /// The device's active blocks of a sequence that still have numbers no stored document used.
    func blocksWithUnusedNumbers(device: UUID, point: PointOfSale, type: DocumentType, company: UUID, db: any SQLDatabase) async throws -> Int
    func insert(_ grant: SignedNumberBlock, db: any SQLDatabase) async throws
    /// The device's blocks; only the active ones unless `includingClosed`.
    func blocks(device: UUID, company: UUID, includingClosed: Bool, db: any SQLDatabase) async throws -> [SignedNumberBlock]
    func close(block: UUID, at: Date, db: any SQLDatabase) async throws
    func void(_ range: VoidedRange, db: any SQLDatabase) async throws
    /// The panel's view: every counter, the active blocks with their device and use, the newest voided ranges.
    func sequences(company: UUID, db: any SQLDatabase) async throws -> [SequenceState]
    func heldBlocks(company: UUID, db: any SQLDatabase) async throws -> [HeldBlock]
    func voidedRanges(company: UUID, db: any SQLDatabase) async throws -> [VoidedRange]
    /// The block-signing key: the stored one, or `candidate` stored now by the first server to start.
    func grantKey(candidate: String, db: any SQLDatabase) async throws -> String
}

/// A sequence's counter.
struct SequenceState: Sendable, Decodable {
    var point: String
    var docType: DocumentType
    var nextNumber: Int64

    var lastNumber: Int64 { nextNumber - 1 }
}

/// An active block as the panel shows it: its device's name and how many numbers documents used.
struct HeldBlock: Sendable, Decodable {
    var deviceId: String
    var device: String
    var point: String
    var docType: DocumentType
    var firstNumber: Int64
    var lastNumber: Int64
    var used: Int

    var size: Int64 { lastNumber - firstNumber + 1 }
    var unused: Int64 { size - Int64(used) }
}

/// Numbers never to be used: the unused rest of a closed block.
struct VoidedRange: Sendable, Decodable {
    var id: String
    var companyId: String
    var point: String
    var docType: DocumentType
    var firstNumber: Int64
    var lastNumber: Int64
    var blockId: String?
    var reason: String
    var createdAt: Int64

    var created: Date { Date(millis: createdAt) }
}
