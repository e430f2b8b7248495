import Foundation

/// Where the journal is and how much disk it takes (N1).
public struct JournalStatus: Codable, Sendable, Equatable {
    public var directory: String
    /// Bytes on disk, preallocated space included.
    public var bytes: Int64 = 0
    public var segments: Int = 0
    /// Why the journal could not be read, when it could not.
    public var problem: String?

    public var text: String {
        if let problem { return "Diario de respaldo: \(directory) — PROBLEMA: \(problem)" }
        let size = bytes < 1_048_576 ? "\(bytes / 1024) KB" : String(format: "%.1f MB", Double(bytes) / 1_048_576)
        return "Diario de respaldo: \(directory) (\(size) en \(segments) segmento(s))"
    }
}
