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
