import DTICore
import PostgresNIO

/// The PostgreSQL schema, by named migrations applied once each and in order (recorded in
/// `dti_migrations`). Its own history, not the SQLite one replayed: the tables and columns
/// end up the same (`StoreSchemaTests` compares them), the types are PostgreSQL's. Text
/// compares byte by byte (`COLLATE "C"`), as in SQLite: codes, months and file names sort
/// the same on both, whatever the server's locale, and reports come out identical.
public enum PostgresSchema {
    public static let migrations: [(name: String, sql: String)] = [
        ("v1-the-schema-of-sqlite-v9", """
            CREATE TABLE register_version (
                in_force TEXT COLLATE "C" PRIMARY KEY,
                source_name TEXT COLLATE "C" NOT NULL,
                sha256 TEXT COLLATE "C" NOT NULL,
                imported_at TEXT COLLATE "C" NOT NULL,
                unit_count BIGINT NOT NULL
            );
            CREATE TABLE unit (
                in_force TEXT COLLATE "C" NOT NULL REFERENCES register_version(in_force) ON DELETE CASCADE,
                commune_code TEXT COLLATE "C" NOT NULL,
                commune_name TEXT COLLATE "C" NOT NULL,
                commune_type TEXT COLLATE "C" NOT NULL,
                province_code TEXT COLLATE "C" NOT NULL,
                province_name TEXT COLLATE "C" NOT NULL,
                district_code TEXT COLLATE "C",
                district_name TEXT COLLATE "C",
                PRIMARY KEY (in_force, commune_code)
            );
            CREATE TABLE file_content (
                sha256 TEXT COLLATE "C" PRIMARY KEY,
                content BYTEA NOT NULL
            );
            CREATE TABLE upload_key (
                id BIGSERIAL PRIMARY KEY,
                sha256 TEXT COLLATE "C" NOT NULL UNIQUE,
                prefix TEXT COLLATE "C" NOT NULL,
                scope TEXT COLLATE "C" NOT NULL CHECK (scope IN ('commune', 'province', 'admin')),
                unit_code TEXT COLLATE "C" NOT NULL,
                label TEXT COLLATE "C",
                issued_at TEXT COLLATE "C" NOT NULL,
                revoked_at TEXT COLLATE "C"
            );
            CREATE TABLE received_file (
                id BIGSERIAL PRIMARY KEY,
                sha256 TEXT COLLATE "C" NOT NULL REFERENCES file_content(sha256),
                name TEXT COLLATE "C" NOT NULL,
                source TEXT COLLATE "C" NOT NULL,
                received_at TEXT COLLATE "C" NOT NULL,
                status TEXT COLLATE "C" NOT NULL CHECK (status IN ('accepted', 'refused')),
                row_count BIGINT NOT NULL,
                error_count BIGINT NOT NULL,
                warning_count BIGINT NOT NULL,
                key_id BIGINT REFERENCES upload_key(id),
                stored_at TEXT COLLATE "C"
            );
            CREATE INDEX received_file_sha256 ON received_file(sha256);
            CREATE TABLE file_issue (
                file_id BIGINT NOT NULL REFERENCES received_file(id) ON DELETE CASCADE,
                seq BIGINT NOT NULL,
                code TEXT COLLATE "C" NOT NULL,
                severity TEXT COLLATE "C" NOT NULL,
                line BIGINT,
                "column" BIGINT,
                column_name TEXT COLLATE "C",
                message_vi TEXT COLLATE "C" NOT NULL,
                message_en TEXT COLLATE "C" NOT NULL,
                sheet TEXT COLLATE "C",
                PRIMARY KEY (file_id, seq)
            );
            CREATE TABLE submission (
                period TEXT COLLATE "C" NOT NULL,
                commune_code TEXT COLLATE "C" NOT NULL,
                revision BIGINT NOT NULL,
                file_id BIGINT NOT NULL REFERENCES received_file(id),
                line BIGINT NOT NULL,
                villages_total BIGINT NOT NULL,
                villages_mobile_broadband BIGINT NOT NULL,
                villages_fibre BIGINT NOT NULL,
                bts_stations BIGINT NOT NULL,
                households_total BIGINT NOT NULL,
                households_fibre BIGINT NOT NULL,
                adult_population BIGINT NOT NULL,
                adults_smartphone BIGINT NOT NULL,
                services_total BIGINT NOT NULL,
                services_online_partial BIGINT NOT NULL,
                services_online_full BIGINT NOT NULL,
                dossiers_total BIGINT NOT NULL,
                dossiers_online BIGINT NOT NULL,
                commune_name TEXT COLLATE "C",
                notes TEXT COLLATE "C",
                PRIMARY KEY (period, commune_code, revision)
            );
            CREATE TABLE refused_row (
                file_id BIGINT NOT NULL REFERENCES received_file(id) ON DELETE CASCADE,
                line BIGINT NOT NULL,
                commune_code TEXT COLLATE "C" NOT NULL,
                period TEXT COLLATE "C" NOT NULL,
                PRIMARY KEY (file_id, line)
            );
            CREATE INDEX refused_row_period ON refused_row(period, commune_code);
            CREATE TABLE indicator_set (
                sha256 TEXT COLLATE "C" PRIMARY KEY,
                name TEXT COLLATE "C" NOT NULL,
                source TEXT COLLATE "C" NOT NULL,
                first_used_at TEXT COLLATE "C" NOT NULL,
                last_used_at TEXT COLLATE "C" NOT NULL
            );
            CREATE TABLE succession_source (
                new_in_force TEXT COLLATE "C" PRIMARY KEY,
                old_in_force TEXT COLLATE "C" NOT NULL,
                source_name TEXT COLLATE "C" NOT NULL,
                sha256 TEXT COLLATE "C" NOT NULL,
                imported_at TEXT COLLATE "C" NOT NULL,
                link_count BIGINT NOT NULL
            );
            CREATE TABLE succession (
                new_in_force TEXT COLLATE "C" NOT NULL,
                new_code TEXT COLLATE "C" NOT NULL,
                old_code TEXT COLLATE "C" NOT NULL,
                link TEXT COLLATE "C" NOT NULL CHECK (link IN ('full', 'partial')),
                PRIMARY KEY (new_in_force, new_code, old_code)
            );
            """),
        // Arrival decides what counts: the rows of an accepted file that did not become the
        // current figures are kept with their reason (the audit trail, the month's first arrival).
        ("v2-kept-rows", """
            CREATE TABLE kept_row (
                file_id BIGINT NOT NULL REFERENCES received_file(id) ON DELETE CASCADE,
                line BIGINT NOT NULL,
                commune_code TEXT COLLATE "C" NOT NULL,
                period TEXT COLLATE "C" NOT NULL,
                reason TEXT COLLATE "C" NOT NULL CHECK (reason IN ('unchanged', 'older')),
                PRIMARY KEY (file_id, line)
            );
            CREATE INDEX kept_row_period ON kept_row(period, commune_code);
            """),
        ("v3-review", """
            CREATE TABLE review_action (
                id BIGSERIAL PRIMARY KEY,
                kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('return', 'accept', 'close', 'reopen')),
                period TEXT COLLATE "C" NOT NULL,
                province_code TEXT COLLATE "C" NOT NULL,
                commune_code TEXT COLLATE "C",
                reason TEXT COLLATE "C",
                author TEXT COLLATE "C" NOT NULL,
                at TEXT COLLATE "C" NOT NULL,
                through_file BIGINT NOT NULL
            );
            CREATE INDEX review_action_period ON review_action(period, id);
            """),
        ("v4-contacts", """
            CREATE TABLE contact (
                id BIGSERIAL PRIMARY KEY,
                commune_code TEXT COLLATE "C" NOT NULL,
                commune_type TEXT COLLATE "C" NOT NULL,
                commune_name TEXT COLLATE "C" NOT NULL,
                province_code TEXT COLLATE "C" NOT NULL,
                name TEXT COLLATE "C" NOT NULL,
                position TEXT COLLATE "C",
                phone TEXT COLLATE "C",
                email TEXT COLLATE "C",
                zalo TEXT COLLATE "C",
                source TEXT COLLATE "C" NOT NULL,
                imported_at TEXT COLLATE "C" NOT NULL
            );
            CREATE INDEX contact_commune ON contact(commune_code, id);
            CREATE TABLE reminder_mail (
                id BIGSERIAL PRIMARY KEY,
                period TEXT COLLATE "C" NOT NULL,
                commune_code TEXT COLLATE "C" NOT NULL,
                stage TEXT COLLATE "C" NOT NULL,
                at TEXT COLLATE "C" NOT NULL,
                recipients INTEGER NOT NULL,
                outcome TEXT COLLATE "C" NOT NULL CHECK (outcome IN ('sent', 'failed')),
                detail TEXT COLLATE "C"
            );
            CREATE INDEX reminder_mail_period ON reminder_mail(period, commune_code, stage);
            """),
        // A province's own fields (`[field.NAME]`), a JSON object per revision (SQLite v13).
        ("v5-form-fields", """
            ALTER TABLE submission ADD COLUMN extra TEXT COLLATE "C";
            """),
        // Ingest at national scale (issue 34). A submission's file is checked once per statement
        // instead of row by row: the foreign key's trigger cost more than the insert itself
        // (0.96 s of 2.7 s of workload 1). The rule is the same: a submission names a received
        // file that exists, and a received file named by a submission is never deleted.
        // Files' contents compress with lz4 where the server has it (PostgreSQL 14 or later,
        // built with lz4): pglz took 0.29 s; a server without it keeps pglz.
        ("v6-batch-checks", """
            ALTER TABLE submission DROP CONSTRAINT submission_file_id_fkey;
            CREATE FUNCTION dti_submission_files_exist() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF EXISTS (SELECT 1 FROM (SELECT DISTINCT file_id FROM written) w
                           WHERE NOT EXISTS (SELECT 1 FROM received_file f WHERE f.id = w.file_id)) THEN
                    RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
                        MESSAGE = 'a submission names a received file that does not exist';
                END IF;
                RETURN NULL;
            END $$;
            CREATE TRIGGER submission_files_exist_on_insert AFTER INSERT ON submission
                REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION dti_submission_files_exist();
            CREATE TRIGGER submission_files_exist_on_update AFTER UPDATE ON submission
                REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION dti_submission_files_exist();
            CREATE FUNCTION dti_received_files_unreferenced() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF EXISTS (SELECT 1 FROM removed r JOIN submission s ON s.file_id = r.id
                           WHERE NOT EXISTS (SELECT 1 FROM received_file f WHERE f.id = r.id)) THEN
                    RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
                        MESSAGE = 'a received file named by a submission cannot be removed';
                END IF;
                RETURN NULL;
            END $$;
            CREATE TRIGGER received_file_unreferenced_on_delete AFTER DELETE ON received_file
                REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION dti_received_files_unreferenced();
            CREATE TRIGGER received_file_unreferenced_on_update AFTER UPDATE ON received_file
                REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION dti_received_files_unreferenced();
            DO $$
            BEGIN
                EXECUTE 'ALTER TABLE file_content ALTER COLUMN content SET COMPRESSION lz4';
            EXCEPTION WHEN OTHERS THEN
                NULL;
            END $$;
            """),
        // The same rule, checked with less work (issue 34): an ingest's statement names its
        // own files, one id after another, so when every id from the lowest named to the
        // highest is a received file, nothing is missing; only otherwise are the statement's
        // files looked up one by one. On workload 1 the check cost about as much as capturing
        // the rows it reads.
        ("v7-file-check-by-range", """
            CREATE OR REPLACE FUNCTION dti_submission_files_exist() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                low BIGINT;
                high BIGINT;
            BEGIN
                SELECT min(file_id), max(file_id) INTO low, high FROM written;
                IF low IS NULL OR high - low < 65536
                   AND (SELECT count(*) FROM received_file WHERE id BETWEEN low AND high) = high - low + 1 THEN
                    RETURN NULL;
                END IF;
                IF EXISTS (SELECT 1 FROM (SELECT DISTINCT file_id FROM written) w
                           WHERE NOT EXISTS (SELECT 1 FROM received_file f WHERE f.id = w.file_id)) THEN
                    RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
                        MESSAGE = 'a submission names a received file that does not exist';
                END IF;
                RETURN NULL;
            END $$;
            """),
    ]

    /// Applies the migrations not applied yet, each in a transaction of its own, under an
    /// advisory lock so that two servers starting at once do not both migrate. A schema
    /// already current is only read (a role that may not create tables can still report); one
    /// written by a newer dti is refused, never migrated down.
    public static func migrate(_ session: PostgresSession) throws {
        if let applied = try appliedMigrations(session) {
            try refuseNewer(applied, session)
            if migrations.allSatisfy({ applied.contains($0.name) }) { return }
        }
        try session.query("SELECT pg_advisory_lock(\(migrationLock))")
        defer { _ = try? session.query("SELECT pg_advisory_unlock(\(migrationLock))") }
        try session.execute("CREATE TABLE IF NOT EXISTS dti_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
        let applied = try appliedMigrations(session) ?? []
        try refuseNewer(applied, session)
        for migration in migrations where !applied.contains(migration.name) {
            try session.transaction {
                try session.execute(migration.sql)
                try session.query("INSERT INTO dti_migrations (name) VALUES (\(migration.name))")
            }
        }
    }

    /// The migrations applied, or nil when the schema has none yet.
    private static func appliedMigrations(_ session: PostgresSession) throws -> Set<String>? {
        guard try session.query("SELECT to_regclass('dti_migrations') IS NOT NULL").first?.decode(Bool.self) == true else { return nil }
        return Set(try session.query("SELECT name FROM dti_migrations").map { try $0.decode(String.self) })
    }

    private static func refuseNewer(_ applied: Set<String>, _ session: PostgresSession) throws {
        let unknown = applied.subtracting(migrations.map(\.name))
        guard unknown.isEmpty else { throw NewerSchema(database: session.address.description, migrations: unknown.sorted()) }
    }

    /// The database was migrated by a newer dti (exit 78, as for SQLite).
    public struct NewerSchema: ExitStatusError {
        public var database: String
        public var migrations: [String]
        public var exitStatus: ExitStatus { .configuration }
        public var description: String { message.en }
        public var message: LocalizedText {
            LocalizedText(vi: "cơ sở dữ liệu \(database) do một bản dti mới hơn ghi (các bước nâng cấp lạ: \(migrations.joined(separator: ", "))); hãy nâng cấp dti thay vì hạ cấp dữ liệu",
                          en: "the database \(database) was written by a newer dti (unknown migrations: \(migrations.joined(separator: ", "))); upgrade dti instead of downgrading the data")
        }
    }

    /// The advisory-lock key migrations take (any constant; "dti" in ASCII).
    static let migrationLock: Int64 = 0x647469

    /// Every table of the current schema with its columns, in order (the migrations' own
    /// table left out): what `StoreSchemaTests` holds against SQLite's.
    public static func columns(_ session: PostgresSession) throws -> [String: [String]] {
        var tables: [String: [String]] = [:]
        for row in try session.query("""
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name <> 'dti_migrations'
            ORDER BY table_name, ordinal_position
            """) {
            let (table, column) = try row.decode((String, String).self)
            tables[table, default: []].append(column)
        }
        return tables
    }
}
