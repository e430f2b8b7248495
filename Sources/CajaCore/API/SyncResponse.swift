import Foundation

public struct SyncResponse: Codable, Sendable {
    public var results: [SyncResult]

    public init(results: [SyncResult]) { self.results = results }
}
