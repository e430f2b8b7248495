/// Which committed state of the store a value was read at (issue 16). Two counts: SQLite's
/// `data_version`, which changes when another connection commits (another `caja` process on
/// the same home: a login, a sale), and the write transactions this store has begun (each one
/// counts, whether it commits or not: ``RegisterStore/write(_:)``). A value read at one
/// version is the store's content as long as the version is the same, so it is kept in
/// memory instead of decoded again; anything written, by anyone, changes the version.
struct StoreVersion: Equatable, Sendable {
    var data: Int64
    var writes: UInt64
}
