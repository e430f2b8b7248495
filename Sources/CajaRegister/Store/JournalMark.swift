import Foundation

/// What the store records about the journal in every transaction that adds a line to it:
/// where the committed text ends, and, when the last line is an offline document's (a sale,
/// whose line is flushed while the store commits: issue 16), where that line starts and
/// which document it is. With those, a journal that lags the store (the commit reached the
/// disk, the line did not) gets the line back from the store's own rows
/// (``RegisterStore/repairLastLine(_:in:)``): the store's committed state is the truth and
/// the journal its copy.
///
/// Kept as JSON under the key a bare ``JournalPosition`` used (the same `segment` and
/// `offset` fields), so a store written before reads as a mark with no last line, and an
/// older register reads this one as its position.
struct JournalMark: Codable, Sendable, Equatable {
    var segment: Int
    var offset: Int64
    /// Where the last line starts, when it is ``lastDocument``'s.
    var lastStart: JournalPosition?
    var lastDocument: UUID?

    init(end: JournalPosition, lastStart: JournalPosition? = nil, lastDocument: UUID? = nil) {
        segment = end.segment
        offset = end.offset
        self.lastStart = lastStart
        self.lastDocument = lastDocument
    }

    var end: JournalPosition { JournalPosition(segment: segment, offset: offset) }

    /// The JSON `WireJSON.encoder` writes for the mark (sorted keys), put together by hand:
    /// a sale writes one per document, and this is its only encoding besides the document's.
    var json: String {
        var text = "{"
        if let lastDocument { text += #""lastDocument":""# + lastDocument.uuidString + #"","# }
        if let lastStart { text += #""lastStart":{"offset":\#(lastStart.offset),"segment":\#(lastStart.segment)},"# }
        return text + #""offset":\#(offset),"segment":\#(segment)}"#
    }
}
