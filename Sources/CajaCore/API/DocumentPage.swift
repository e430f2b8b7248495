import Foundation

/// `GET /v1/documents`: one page and the cursor of the next, nil at the end.
public struct DocumentPage: Codable, Sendable {
    public var items: [DocumentSummary]
    public var next: String?

    public init(items: [DocumentSummary], next: String?) {
        self.items = items
        self.next = next
    }
}
