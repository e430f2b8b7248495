import Foundation

extension PanamaTime {
    /// Whole seconds since 1970, the resolution of every timestamp in the XML.
    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }
}
