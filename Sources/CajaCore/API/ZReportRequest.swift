import Foundation

/// `POST /v1/z-reports` body: close one point of sale's business day.
public struct ZReportRequest: Codable, Sendable {
    public var pointOfSale: String
    /// Business day in Panama time, `AAAA-MM-DD`.
    public var day: String

    public init(pointOfSale: String, day: String) {
        self.pointOfSale = pointOfSale
        self.day = day
    }
}
