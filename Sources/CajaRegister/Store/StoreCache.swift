import CajaCore

/// What the store keeps decoded between calls, each value with the ``StoreVersion`` it was
/// read at and used only at that version (issue 16: a sale decodes nothing it did not
/// change). Behind one lock with the count of write transactions begun, so a value carried
/// past a transaction is carried only if no other transaction began meanwhile.
struct StoreCache: Sendable {
    struct Entry<Value: Sendable>: Sendable {
        var version: StoreVersion
        var value: Value
    }

    /// The journal's committed end as the store recorded it, known to be on disk with the
    /// line before it (this store wrote and flushed that line, or checked it), while no other
    /// connection has committed (`data_version`). Outlives this store's own writes that leave
    /// the mark as it is; another process's sale may have left its line unflushed.
    struct CheckedJournal: Sendable {
        var data: Int64
        var mark: JournalMark
    }

    /// Write transactions this store has begun.
    var writes: UInt64 = 0
    var login: Entry<RegisterLogin?>?
    var sale: Entry<SaleState>?
    var checkedJournal: CheckedJournal?
    /// The catalog's header (issuer, settings) decoded, with the stored text it was decoded
    /// from: a sale reads the text (one row) and decodes it only when it is not that text.
    var header: (text: String, value: CatalogResponse)?

    /// After a transaction that changed nothing kept (or only what `update` brings up to date):
    /// what was current before it is current after it.
    mutating func carry(from before: StoreVersion, to after: StoreVersion, _ update: (inout SaleState) -> Void = { _ in }) {
        guard writes == after.writes else { return }
        if login?.version == before { login?.version = after }
        if sale?.version == before {
            sale?.version = after
            if var state = sale?.value {
                update(&state)
                sale?.value = state
            }
        }
    }

    /// Whether the journal's last line, as `mark` records it, is known to be on disk at `data`.
    func isChecked(_ mark: JournalMark?, data: Int64) -> Bool {
        guard let mark, let checkedJournal else { return false }
        return checkedJournal.data == data && checkedJournal.mark == mark
    }
}
