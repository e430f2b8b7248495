/// Every repository of the server, built for one database. Services take the ones they use;
/// only these types speak SQL (and `Storage/` for the connection, transactions and migrations).
struct Repositories: Sendable {
    var documents: any DocumentRepository
    var numbering: any NumberingRepository
    var sessions: any SessionRepository
    var quarantine: any QuarantineRepository
    var submissions: any SubmissionRepository
    var companies: any CompanyRepository
    var catalog: any CatalogRepository
    var zReports: any ZReportRepository
    var throttle: any ThrottleRepository
    var audit: any AuditRepository

    /// The SQLKit implementations, for SQLite or PostgreSQL.
    init(dialect: DatabaseDialect) {
        documents = SQLDocumentRepository()
        numbering = SQLNumberingRepository()
        sessions = SQLSessionRepository()
        quarantine = SQLQuarantineRepository()
        submissions = SQLSubmissionRepository(dialect: dialect)
        companies = SQLCompanyRepository()
        catalog = SQLCatalogRepository(dialect: dialect)
        zReports = SQLZReportRepository()
        throttle = SQLThrottleRepository(dialect: dialect)
        audit = SQLAuditRepository()
    }
}
