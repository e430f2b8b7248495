/// The server's tables, as SQL that SQLite and PostgreSQL both accept (one code path).
///
/// Conventions: ids are UUID text; timestamps are epoch milliseconds (BIGINT); money is
/// BIGINT cents. Each migration runs once, in order, inside a transaction, recorded in
/// `schema_migrations`. Never edit a shipped migration: add a new one.
enum Schema {
    static let migrations: [(version: Int, statements: [String])] = [
        (1, [
            """
            CREATE TABLE companies (
              id TEXT PRIMARY KEY,
              name TEXT NOT NULL,
              issuer_json TEXT NOT NULL,
              signing_key_pem TEXT NOT NULL,
              certificate_pem TEXT NOT NULL,
              qr_secret TEXT NOT NULL,
              created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE users (
              id TEXT PRIMARY KEY,
              company_id TEXT NOT NULL REFERENCES companies(id),
              username TEXT NOT NULL UNIQUE,
              password_hash TEXT NOT NULL,
              role TEXT NOT NULL CHECK (role IN ('admin', 'supervisor', 'cashier')))
            """,
            """
            CREATE TABLE points_of_sale (
              company_id TEXT NOT NULL REFERENCES companies(id),
              code TEXT NOT NULL,
              PRIMARY KEY (company_id, code))
            """,
            """
            CREATE TABLE devices (
              id TEXT PRIMARY KEY,
              company_id TEXT NOT NULL REFERENCES companies(id),
              name TEXT NOT NULL,
              point TEXT NOT NULL,
              created_at BIGINT NOT NULL,
              retired_at BIGINT,
              UNIQUE (company_id, name))
            """,
            """
            CREATE TABLE api_sessions (
              token_hash TEXT PRIMARY KEY,
              user_id TEXT NOT NULL REFERENCES users(id),
              company_id TEXT NOT NULL REFERENCES companies(id),
              role TEXT NOT NULL,
              device_id TEXT REFERENCES devices(id),
              point TEXT,
              expires_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE products (
              company_id TEXT NOT NULL REFERENCES companies(id),
              code TEXT NOT NULL,
              name TEXT NOT NULL,
              price_cents BIGINT NOT NULL CHECK (price_cents >= 0),
              rate TEXT NOT NULL CHECK (rate IN ('00', '01', '02', '03')),
              PRIMARY KEY (company_id, code))
            """,
            """
            CREATE TABLE sequences (
              company_id TEXT NOT NULL REFERENCES companies(id),
              point TEXT NOT NULL,
              doc_type TEXT NOT NULL,
              next_number BIGINT NOT NULL CHECK (next_number >= 1),
              PRIMARY KEY (company_id, point, doc_type))
            """,
            """
            CREATE TABLE number_blocks (
              id TEXT PRIMARY KEY,
              company_id TEXT NOT NULL REFERENCES companies(id),
              device_id TEXT NOT NULL REFERENCES devices(id),
              point TEXT NOT NULL,
              doc_type TEXT NOT NULL,
              first_number BIGINT NOT NULL,
              last_number BIGINT NOT NULL,
              issued_at BIGINT NOT NULL,
              signature TEXT NOT NULL,
              status TEXT NOT NULL CHECK (status IN ('active', 'closed')),
              closed_at BIGINT,
              CHECK (first_number <= last_number))
            """,
            "CREATE INDEX number_blocks_device ON number_blocks (company_id, device_id, status)",
            """
            CREATE TABLE voided_ranges (
              id TEXT PRIMARY KEY,
              company_id TEXT NOT NULL REFERENCES companies(id),
              point TEXT NOT NULL,
              doc_type TEXT NOT NULL,
              first_number BIGINT NOT NULL,
              last_number BIGINT NOT NULL,
              block_id TEXT REFERENCES number_blocks(id),
              reason TEXT NOT NULL,
              created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE offline_sessions (
              id TEXT NOT NULL,
              company_id TEXT NOT NULL REFERENCES companies(id),
              device_id TEXT NOT NULL REFERENCES devices(id),
              activated_at BIGINT NOT NULL,
              reason TEXT NOT NULL,
              accepted_by TEXT NOT NULL,
              accepted_at BIGINT NOT NULL,
              terms_version TEXT NOT NULL,
              received_at BIGINT NOT NULL,
              PRIMARY KEY (company_id, id))
            """,
            """
            CREATE TABLE documents (
              id TEXT NOT NULL,
              company_id TEXT NOT NULL REFERENCES companies(id),
              point TEXT NOT NULL,
              doc_type TEXT NOT NULL,
              number BIGINT NOT NULL,
              cufe TEXT NOT NULL,
              emission TEXT NOT NULL CHECK (emission IN ('normal', 'contingency')),
              total_cents BIGINT NOT NULL,
              issued_at BIGINT NOT NULL,
              dgi_status TEXT NOT NULL,
              device_id TEXT,
              offline_session_id TEXT,
              flags TEXT NOT NULL,
              document_json TEXT NOT NULL,
              xml TEXT NOT NULL,
              qr_url TEXT NOT NULL,
              received_at BIGINT NOT NULL,
              PRIMARY KEY (company_id, id),
              UNIQUE (company_id, point, doc_type, number))
            """,
            "CREATE INDEX documents_by_time ON documents (company_id, issued_at, id)",
            """
            CREATE TABLE quarantine (
              id TEXT PRIMARY KEY,
              company_id TEXT NOT NULL REFERENCES companies(id),
              document_id TEXT NOT NULL,
              kind TEXT NOT NULL CHECK (kind IN ('conflict', 'rejected')),
              code TEXT NOT NULL,
              message TEXT NOT NULL,
              point TEXT,
              doc_type TEXT,
              number BIGINT,
              existing_document_id TEXT,
              payload_json TEXT NOT NULL,
              device_id TEXT,
              received_at BIGINT NOT NULL,
              UNIQUE (company_id, document_id))
            """,
            """
            CREATE TABLE server_keys (
              name TEXT PRIMARY KEY,
              value TEXT NOT NULL)
            """,
        ]),
        (2, [
            """
            CREATE TABLE z_reports (
              id TEXT PRIMARY KEY,
              company_id TEXT NOT NULL REFERENCES companies(id),
              point TEXT NOT NULL,
              business_day TEXT NOT NULL,
              number BIGINT NOT NULL,
              created_at BIGINT NOT NULL,
              created_by TEXT NOT NULL,
              report_json TEXT NOT NULL,
              UNIQUE (company_id, point, business_day),
              UNIQUE (company_id, point, number))
            """,
            "ALTER TABLE documents ADD COLUMN z_report_id TEXT",
            "CREATE INDEX documents_open_by_point ON documents (company_id, point, z_report_id, issued_at)",
        ]),
        (3, [
            // The DGI submission queue (N5): one row per stored document, states
            // pending -> sent -> authorized | rejected, every attempt recorded.
            """
            CREATE TABLE submissions (
              company_id TEXT NOT NULL REFERENCES companies(id),
              document_id TEXT NOT NULL,
              state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'authorized', 'rejected')),
              attempts INTEGER NOT NULL DEFAULT 0,
              next_attempt_at BIGINT NOT NULL,
              lease_until BIGINT,
              last_error TEXT,
              protocol TEXT,
              authorized_at BIGINT,
              result_code TEXT,
              result_message TEXT,
              created_at BIGINT NOT NULL,
              PRIMARY KEY (company_id, document_id))
            """,
            "CREATE INDEX submissions_due ON submissions (state, next_attempt_at)",
            """
            CREATE TABLE submission_attempts (
              company_id TEXT NOT NULL,
              document_id TEXT NOT NULL,
              attempt INTEGER NOT NULL,
              started_at BIGINT NOT NULL,
              finished_at BIGINT NOT NULL,
              outcome TEXT NOT NULL,
              detail TEXT,
              PRIMARY KEY (company_id, document_id, attempt))
            """,
            """
            INSERT INTO submissions (company_id, document_id, state, attempts, next_attempt_at, created_at)
            SELECT company_id, id, 'pending', 0, 0, received_at FROM documents
            """,
        ]),
        (4, [
            "ALTER TABLE offline_sessions ADD COLUMN ended_at BIGINT",
            "CREATE INDEX submissions_by_company ON submissions (company_id, state)",
            "CREATE INDEX documents_by_session ON documents (company_id, offline_session_id)",
        ]),
        (5, [
            // The panel's and API's filtered lists by point and type, newest first.
            "CREATE INDEX documents_by_point_time ON documents (company_id, point, doc_type, issued_at, id)",
            // N4's time-order check looks up a device's neighbours in its number sequence.
            "CREATE INDEX documents_by_device_sequence ON documents (company_id, device_id, point, doc_type, number)",
        ]),
        (6, [
            // Documents no Reporte Z has taken yet, with what each adds to a Z
            // (ZReport.Contribution, written with the document). A Z deletes its rows here,
            // so closing a day touches small rows instead of rewriting documents and their
            // seven indexes (BENCHMARKS.md, 4); documents.z_report_id is no longer written.
            // z_figures is NULL only for documents stored before this version, until the
            // server's start fills it in (ZReportService.fillFigures).
            """
            CREATE TABLE z_open (
              company_id TEXT NOT NULL,
              document_id TEXT NOT NULL,
              point TEXT NOT NULL,
              issued_at BIGINT NOT NULL,
              z_figures TEXT,
              PRIMARY KEY (company_id, document_id))
            """,
            "CREATE INDEX z_open_by_point ON z_open (company_id, point, issued_at)",
            """
            INSERT INTO z_open (company_id, document_id, point, issued_at, z_figures)
            SELECT company_id, id, point, issued_at, NULL FROM documents WHERE z_report_id IS NULL
            """,
            "DROP INDEX documents_open_by_point",
        ]),
        (7, [
            // Bumped by every change of a company's issuer data or signing credentials, so
            // each server process checks its cached signer against the database with one
            // primary-key read (issue 11, item 5: a credential upload on one server left the
            // others signing with the old key).
            "ALTER TABLE companies ADD COLUMN settings_version BIGINT NOT NULL DEFAULT 1",
        ]),
        (8, [
            // Failed logins per user name and per client address (LoginThrottle), shared by
            // every server process on this database.
            """
            CREATE TABLE login_throttle (
              key TEXT PRIMARY KEY,
              failures INTEGER NOT NULL,
              last_failure_at BIGINT NOT NULL,
              blocked_until BIGINT NOT NULL)
            """,
        ]),
        (9, [
            // A device is the Ed25519 key its register enrolled at its first login (issue 13);
            // the name is a label. NULL only for devices from before keys, until their next login.
            "ALTER TABLE devices ADD COLUMN public_key TEXT",
            "CREATE UNIQUE INDEX devices_by_key ON devices (company_id, public_key)",
        ]),
        (10, [
            // The first company made through the setup page (issue 14): one row at most, so
            // two setups racing on a new server cannot both succeed.
            """
            CREATE TABLE first_setup (
              id INTEGER PRIMARY KEY CHECK (id = 1),
              company_id TEXT NOT NULL REFERENCES companies(id),
              done_at BIGINT NOT NULL)
            """,
        ]),
        (11, [
            // Settings by the company's admin (issue 14): products and users can be turned off
            // (never deleted: issued documents and sessions name them), and every change is in
            // the append-only audit log (bitácora), written in the change's own transaction.
            "ALTER TABLE products ADD COLUMN active INTEGER NOT NULL DEFAULT 1",
            "ALTER TABLE users ADD COLUMN disabled_at BIGINT",
            """
            CREATE TABLE audit_log (
              id TEXT PRIMARY KEY,
              company_id TEXT NOT NULL REFERENCES companies(id),
              at BIGINT NOT NULL,
              actor TEXT NOT NULL,
              action TEXT NOT NULL,
              subject TEXT NOT NULL,
              before_json TEXT,
              after_json TEXT)
            """,
            "CREATE INDEX audit_log_by_time ON audit_log (company_id, at)",
        ]),
        (12, [
            // Bumped by every change of what `GET /v1/catalog` answers besides the issuer (products,
            // points of sale), in the change's transaction: with `settings_version` it is the
            // catalog's ETag, so a register checks for changes with one primary-key read (issue 14, item 3).
            "ALTER TABLE companies ADD COLUMN catalog_version BIGINT NOT NULL DEFAULT 1",
        ]),
        (14, [
            // Products for a real shop (issue 14, item 2): a barcode (unique in the company when
            // given; NULLs never clash on either database) and a unit from the DGI's catalog.
            "ALTER TABLE products ADD COLUMN barcode TEXT",
            "ALTER TABLE products ADD COLUMN unit TEXT",
            "CREATE UNIQUE INDEX products_by_barcode ON products (company_id, barcode)",
            // The panel's search: every word of a product's code, barcode and name, folded (no case,
            // no accents, letters and digits only), one row each, written by the catalog repository
            // with the product. A search word is a prefix, so a range on this primary key, on both
            // databases: 50,000 products are never read for one page.
            """
            CREATE TABLE product_words (
              company_id TEXT NOT NULL,
              word TEXT NOT NULL,
              code TEXT NOT NULL,
              PRIMARY KEY (company_id, word, code),
              FOREIGN KEY (company_id, code) REFERENCES products (company_id, code))
            """,
            // Products stored before this migration get their words at the next start
            // (folding is Swift's, not SQL's): CatalogRepository.indexUnindexedProducts.
            "CREATE INDEX product_words_by_product ON product_words (company_id, code, word)",
        ]),
        (15, [
            // Points of sale by the company's admin (issue 14, item 2): a description, and
            // deactivation instead of deletion, so a point's sequences (and so its numbers) are
            // never reused. A cashier may be limited to some points (user_points; none = all).
            // devices.last_seen_at is a register's last contact, written at most once a minute.
            "ALTER TABLE points_of_sale ADD COLUMN description TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE points_of_sale ADD COLUMN deactivated_at BIGINT",
            "ALTER TABLE devices ADD COLUMN last_seen_at BIGINT",
            """
            CREATE TABLE user_points (
              user_id TEXT NOT NULL REFERENCES users(id),
              point TEXT NOT NULL,
              PRIMARY KEY (user_id, point))
            """,
            "CREATE INDEX quarantine_by_device ON quarantine (company_id, device_id)",
        ]),
        (16, [
            // Documents are stored checked but unsigned and the DGI queue signs them (issue 16,
            // item 2): two more queue states, `unsigned` and `certificateExpired` (held: the
            // company's certificate is past its validity; issue 14, Certificado). A held row
            // keeps the company's `settings_version` it was judged at (`held_version`) and is
            // claimed again only once that version moved (a new certificate). SQLite cannot
            // change a CHECK, so the table is rebuilt (one SQL path for both databases).
            """
            CREATE TABLE submissions_v16 (
              company_id TEXT NOT NULL REFERENCES companies(id),
              document_id TEXT NOT NULL,
              state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'authorized', 'rejected', 'unsigned', 'certificateExpired')),
              attempts INTEGER NOT NULL DEFAULT 0,
              next_attempt_at BIGINT NOT NULL,
              lease_until BIGINT,
              last_error TEXT,
              protocol TEXT,
              authorized_at BIGINT,
              result_code TEXT,
              result_message TEXT,
              created_at BIGINT NOT NULL,
              held_version BIGINT,
              PRIMARY KEY (company_id, document_id))
            """,
            """
            INSERT INTO submissions_v16 (company_id, document_id, state, attempts, next_attempt_at, lease_until, last_error, protocol,
                                         authorized_at, result_code, result_message, created_at, held_version)
            SELECT company_id, document_id, state, attempts, next_attempt_at, lease_until, last_error, protocol,
                   authorized_at, result_code, result_message, created_at, NULL FROM submissions
            """,
            "DROP TABLE submissions",
            "ALTER TABLE submissions_v16 RENAME TO submissions",
            "CREATE INDEX submissions_due ON submissions (state, next_attempt_at)",
            "CREATE INDEX submissions_by_company ON submissions (company_id, state)",
        ]),
        (17, [
            // The catalog's delta (issue 14, Scale): each product keeps the company's
            // `catalog_version` its last change was stored under (set in the transaction that
            // bumps it), so `GET /v1/catalog?since=` reads only the rows changed after a version,
            // by one range of this index. Rows from before start at the company's current
            // version: a register holding an older one gets them all again, never misses one.
            "ALTER TABLE products ADD COLUMN changed_version BIGINT NOT NULL DEFAULT 0",
            """
            UPDATE products SET changed_version = (SELECT c.catalog_version FROM companies c WHERE c.id = products.company_id)
            """,
            "CREATE INDEX products_by_change ON products (company_id, changed_version)",
        ]),
        (18, [
            // Running figures for the Reportes Z (issue 16, item 4): each stored document is added,
            // in its storing transaction, to the open bucket of its point and business day — its
            // running figures per type, rate, payment and change (z_running), and one row for the
            // document (z_documents) — so a Z of 5,000 documents takes a bucket row and reads a
            // handful of figure rows instead of deleting and decoding 5,000 z_open rows. At most one
            // bucket of a point and day is open (z_report_id NULL); a Z stamps its id on the buckets
            // it takes, so which Z took a document is z_documents -> z_buckets.z_report_id. A bucket's
            // id is the id of the document that opened it. Documents still waiting in z_open (stored
            // by an earlier version) are carried into buckets at the server's start
            // (ZReportService.carryWaiting: their figures are text, which SQL cannot add up).
            """
            CREATE TABLE z_buckets (
              company_id TEXT NOT NULL,
              id TEXT NOT NULL,
              point TEXT NOT NULL,
              business_day TEXT NOT NULL,
              z_report_id TEXT,
              document_count BIGINT NOT NULL,
              PRIMARY KEY (company_id, id))
            """,
            "CREATE UNIQUE INDEX z_buckets_open ON z_buckets (company_id, point, business_day) WHERE z_report_id IS NULL",
            "CREATE INDEX z_buckets_by_report ON z_buckets (company_id, z_report_id)",
            """
            CREATE TABLE z_running (
              company_id TEXT NOT NULL,
              bucket_id TEXT NOT NULL,
              kind TEXT NOT NULL CHECK (kind IN ('type', 'rate', 'payment', 'change')),
              code TEXT NOT NULL,
              doc_count BIGINT NOT NULL,
              net_cents BIGINT NOT NULL,
              itbms_cents BIGINT NOT NULL,
              total_cents BIGINT NOT NULL,
              first_number BIGINT NOT NULL,
              last_number BIGINT NOT NULL,
              PRIMARY KEY (company_id, bucket_id, kind, code))
            """,
            """
            CREATE TABLE z_documents (
              company_id TEXT NOT NULL,
              document_id TEXT NOT NULL,
              bucket_id TEXT NOT NULL,
              contingency INTEGER NOT NULL,
              PRIMARY KEY (company_id, document_id))
            """,
            "CREATE INDEX z_documents_by_bucket ON z_documents (company_id, bucket_id, contingency)",
        ]),
    ]
}
