import CajaCore
import Foundation
import SQLKit

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
