import DTICore
import GRDB

extension DTIStore {
    /// The schema, by named migrations. A migration that has shipped is never edited: a change
    /// is a new migration appended below.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-registers-files-submissions") { db in
            try db.execute(sql: """
                CREATE TABLE register_version (
                    in_force TEXT PRIMARY KEY,              -- YYYY-MM, first month in force
                    source_name TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    imported_at TEXT NOT NULL,
                    unit_count INTEGER NOT NULL
                );
                CREATE TABLE unit (
                    in_force TEXT NOT NULL REFERENCES register_version(in_force) ON DELETE CASCADE,
                    commune_code TEXT NOT NULL,
                    commune_name TEXT NOT NULL,
                    commune_type TEXT NOT NULL,
                    province_code TEXT NOT NULL,
                    province_name TEXT NOT NULL,
                    district_code TEXT,
                    district_name TEXT,
                    PRIMARY KEY (in_force, commune_code)
                ) WITHOUT ROWID;
                CREATE TABLE received_file (
                    id INTEGER PRIMARY KEY,
                    sha256 TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    source TEXT NOT NULL,                   -- path or channel it came from
                    received_at TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('accepted', 'refused')),
                    row_count INTEGER NOT NULL,
                    error_count INTEGER NOT NULL,
                    warning_count INTEGER NOT NULL,
                    content BLOB NOT NULL                   -- the original bytes, kept whatever the verdict
                );
                CREATE TABLE file_issue (
                    file_id INTEGER NOT NULL REFERENCES received_file(id) ON DELETE CASCADE,
                    seq INTEGER NOT NULL,
                    code TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    line INTEGER,
                    "column" INTEGER,
                    column_name TEXT,
                    message_vi TEXT NOT NULL,
                    message_en TEXT NOT NULL,
                    PRIMARY KEY (file_id, seq)
                ) WITHOUT ROWID;
                CREATE TABLE submission (
                    id INTEGER PRIMARY KEY,
                    file_id INTEGER NOT NULL REFERENCES received_file(id),
                    line INTEGER NOT NULL,
                    commune_code TEXT NOT NULL,
                    period TEXT NOT NULL,
                    revision INTEGER NOT NULL,
                    villages_total INTEGER NOT NULL,
                    villages_mobile_broadband INTEGER NOT NULL,
                    villages_fibre INTEGER NOT NULL,
                    bts_stations INTEGER NOT NULL,
                    households_total INTEGER NOT NULL,
                    households_fibre INTEGER NOT NULL,
                    adult_population INTEGER NOT NULL,
                    adults_smartphone INTEGER NOT NULL,
                    services_total INTEGER NOT NULL,
                    services_online_partial INTEGER NOT NULL,
                    services_online_full INTEGER NOT NULL,
                    dossiers_total INTEGER NOT NULL,
                    dossiers_online INTEGER NOT NULL,
                    commune_name TEXT,
                    notes TEXT,
                    UNIQUE (period, commune_code, revision)
                );
                CREATE INDEX submission_file ON submission(file_id);
                """)
        }
        // One B-tree instead of three for the table every ingest writes: the natural key becomes
        // the primary key, and nothing looks rows up by file.
        migrator.registerMigration("v2-submission-keyed-by-period-commune-revision") { db in
            try db.execute(sql: """
                CREATE TABLE submission_v2 (
                    period TEXT NOT NULL,
                    commune_code TEXT NOT NULL,
                    revision INTEGER NOT NULL,
                    file_id INTEGER NOT NULL REFERENCES received_file(id),
                    line INTEGER NOT NULL,
                    villages_total INTEGER NOT NULL,
                    villages_mobile_broadband INTEGER NOT NULL,
                    villages_fibre INTEGER NOT NULL,
                    bts_stations INTEGER NOT NULL,
                    households_total INTEGER NOT NULL,
                    households_fibre INTEGER NOT NULL,
                    adult_population INTEGER NOT NULL,
                    adults_smartphone INTEGER NOT NULL,
                    services_total INTEGER NOT NULL,
                    services_online_partial INTEGER NOT NULL,
                    services_online_full INTEGER NOT NULL,
                    dossiers_total INTEGER NOT NULL,
                    dossiers_online INTEGER NOT NULL,
                    commune_name TEXT,
                    notes TEXT,
                    PRIMARY KEY (period, commune_code, revision)
                ) WITHOUT ROWID;
                INSERT INTO submission_v2
                SELECT period, commune_code, revision, file_id, line, villages_total, villages_mobile_broadband,
                       villages_fibre, bts_stations, households_total, households_fibre, adult_population,
                       adults_smartphone, services_total, services_online_partial, services_online_full,
                       dossiers_total, dossiers_online, commune_name, notes
                FROM submission;
                DROP TABLE submission;
                ALTER TABLE submission_v2 RENAME TO submission;
                """)
        }
        // Upload keys for `dti serve`: only a key's SHA-256 is stored. A received file
        // remembers the key it came with, so a commune can list what it sent.
        migrator.registerMigration("v3-upload-keys") { db in
            try db.execute(sql: """
                CREATE TABLE upload_key (
                    id INTEGER PRIMARY KEY,
                    sha256 TEXT NOT NULL UNIQUE,            -- of the whole key; the key itself is never stored
                    prefix TEXT NOT NULL,                   -- its first characters, to tell keys apart in lists
                    scope TEXT NOT NULL CHECK (scope IN ('commune', 'province')),
                    unit_code TEXT NOT NULL,
                    label TEXT,
                    issued_at TEXT NOT NULL,
                    revoked_at TEXT
                );
                ALTER TABLE received_file ADD COLUMN key_id INTEGER REFERENCES upload_key(id);
                CREATE INDEX received_file_key ON received_file(key_id) WHERE key_id IS NOT NULL;
                """)
        }
        // A file's identity no longer decides its fate: each arrival that is judged is its own
        // row (a refused file sent again is validated again, and its earlier attempt stays in
        // the audit trail; a file accepted before and sent again after another correction
        // makes its figures current again). The bytes are kept once per distinct content.
        migrator.registerMigration("v4-one-row-per-arrival-content-kept-once") { db in
            try db.execute(sql: """
                CREATE TABLE file_content (
                    sha256 TEXT PRIMARY KEY,
                    content BLOB NOT NULL                   -- the original bytes (empty for a file too large to read)
                );
                INSERT INTO file_content (sha256, content) SELECT sha256, content FROM received_file;
                CREATE TABLE received_file_v4 (
                    id INTEGER PRIMARY KEY,
                    sha256 TEXT NOT NULL REFERENCES file_content(sha256),
                    name TEXT NOT NULL,                     -- as the sender named it (path within the inbox)
                    source TEXT NOT NULL,                   -- path or channel it came from
                    received_at TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('accepted', 'refused')),
                    row_count INTEGER NOT NULL,
                    error_count INTEGER NOT NULL,
                    warning_count INTEGER NOT NULL,
                    key_id INTEGER REFERENCES upload_key(id)
                );
                INSERT INTO received_file_v4
                SELECT id, sha256, name, source, received_at, status, row_count, error_count, warning_count, key_id
                FROM received_file;
                DROP TABLE received_file;
                ALTER TABLE received_file_v4 RENAME TO received_file;
                CREATE INDEX received_file_sha256 ON received_file(sha256, status);
                CREATE INDEX received_file_key ON received_file(key_id) WHERE key_id IS NOT NULL;
                """)
        }
        // Which indicator set scored the reports: name, where it came from, its SHA-256, and
        // when it was first and last used.
        migrator.registerMigration("v5-indicator-sets-used") { db in
            try db.execute(sql: """
                CREATE TABLE indicator_set (
                    sha256 TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    source TEXT NOT NULL,
                    first_used_at TEXT NOT NULL,
                    last_used_at TEXT NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        // The state of the month: when a file reached the department (`received_at`: the
        // request time of an upload, the modification time of an inbox file) apart from when
        // dti stored it (`stored_at`); and, for a refused file, which communes and months its
        // rows spoke for (their rows are not stored, but the commune must be chased).
        migrator.registerMigration("v6-arrival-times-and-refused-rows") { db in
            try db.execute(sql: """
                ALTER TABLE received_file ADD COLUMN stored_at TEXT;
                UPDATE received_file SET stored_at = received_at;
                CREATE TABLE refused_row (
                    file_id INTEGER NOT NULL REFERENCES received_file(id) ON DELETE CASCADE,
                    line INTEGER NOT NULL,
                    commune_code TEXT NOT NULL,
                    period TEXT NOT NULL,
                    PRIMARY KEY (file_id, line)
                ) WITHOUT ROWID;
                CREATE INDEX refused_row_period ON refused_row(period, commune_code);
                """)
        }
        // Administrator keys: they read every province's state of the month and send nothing.
        // SQLite cannot change a CHECK constraint, so the table is made again with its rows.
        migrator.registerMigration("v7-administrator-keys") { db in
            try db.execute(sql: """
                CREATE TABLE upload_key_v7 (
                    id INTEGER PRIMARY KEY,
                    sha256 TEXT NOT NULL UNIQUE,            -- of the whole key; the key itself is never stored
                    prefix TEXT NOT NULL,                   -- its first characters, to tell keys apart in lists
                    scope TEXT NOT NULL CHECK (scope IN ('commune', 'province', 'admin')),
                    unit_code TEXT NOT NULL,                -- empty for an administrator key
                    label TEXT,
                    issued_at TEXT NOT NULL,
                    revoked_at TEXT
                );
                INSERT INTO upload_key_v7 SELECT id, sha256, prefix, scope, unit_code, label, issued_at, revoked_at FROM upload_key;
                DROP TABLE upload_key;
                ALTER TABLE upload_key_v7 RENAME TO upload_key;
                """)
        }
        // Workbooks: an issue's line and column are on a sheet, named as Excel names cells.
        migrator.registerMigration("v8-issue-sheet") { db in
            try db.execute(sql: "ALTER TABLE file_issue ADD COLUMN sheet TEXT")
        }
        // History across the July 2025 reform: which old communes formed each new one. Not tied
        // to the registers by foreign keys: refreshing a register must not drop the table.
        migrator.registerMigration("v9-succession") { db in
            try db.execute(sql: """
                CREATE TABLE succession_source (
                    new_in_force TEXT PRIMARY KEY,          -- the register the new codes belong to
                    old_in_force TEXT NOT NULL,             -- the register the old codes belong to
                    source_name TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    imported_at TEXT NOT NULL,
                    link_count INTEGER NOT NULL
                );
                CREATE TABLE succession (
                    new_in_force TEXT NOT NULL,
                    new_code TEXT NOT NULL,
                    old_code TEXT NOT NULL,
                    link TEXT NOT NULL CHECK (link IN ('full', 'partial')),
                    PRIMARY KEY (new_in_force, new_code, old_code)
                ) WITHOUT ROWID;
                """)
        }
        // Arrival decides what counts: the rows of an accepted file that did not become the
        // current figures (the same figures again, or a file that arrived before the current
        // ones) are kept with their reason, for the audit trail and the month's first arrival.
        migrator.registerMigration("v10-kept-rows") { db in
            try db.execute(sql: """
                CREATE TABLE kept_row (
                    file_id INTEGER NOT NULL REFERENCES received_file(id) ON DELETE CASCADE,
                    line INTEGER NOT NULL,
                    commune_code TEXT NOT NULL,
                    period TEXT NOT NULL,
                    reason TEXT NOT NULL CHECK (reason IN ('unchanged', 'older')),
                    PRIMARY KEY (file_id, line)
                ) WITHOUT ROWID;
                CREATE INDEX kept_row_period ON kept_row(period, commune_code);
                """)
        }
        // The department's hand on the month: returns with a reason, acceptances, closings and
        // reopenings, each with its author and the last file stored when it was taken.
        migrator.registerMigration("v11-review") { db in
            try db.execute(sql: """
                CREATE TABLE review_action (
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL CHECK (kind IN ('return', 'accept', 'close', 'reopen')),
                    period TEXT NOT NULL,
                    province_code TEXT NOT NULL,
                    commune_code TEXT,
                    reason TEXT,
                    author TEXT NOT NULL,
                    at TEXT NOT NULL,
                    through_file INTEGER NOT NULL
                );
                CREATE INDEX review_action_period ON review_action(period, id);
                """)
        }
        // Whom reminders reach: each commune's officers, as the register at their import named
        // the commune; and every reminder handed to the system's mail, with what it answered.
        migrator.registerMigration("v12-contacts") { db in
            try db.execute(sql: """
                CREATE TABLE contact (
                    id INTEGER PRIMARY KEY,
                    commune_code TEXT NOT NULL,
                    commune_type TEXT NOT NULL,
                    commune_name TEXT NOT NULL,
                    province_code TEXT NOT NULL,
                    name TEXT NOT NULL,
                    position TEXT,
                    phone TEXT,
                    email TEXT,
                    zalo TEXT,
                    source TEXT NOT NULL,
                    imported_at TEXT NOT NULL
                );
                CREATE INDEX contact_commune ON contact(commune_code, id);
                CREATE TABLE reminder_mail (
                    id INTEGER PRIMARY KEY,
                    period TEXT NOT NULL,
                    commune_code TEXT NOT NULL,
                    stage TEXT NOT NULL,
                    at TEXT NOT NULL,
                    recipients INTEGER NOT NULL,
                    outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'failed')),
                    detail TEXT
                );
                CREATE INDEX reminder_mail_period ON reminder_mail(period, commune_code, stage);
                """)
        }
        migrator.registerMigration("v13-form-fields") { db in
            // A province's own fields (`[field.NAME]`), as a JSON object per revision; NULL for
            // the contract's thirteen alone. Stored history is never rewritten by a new form.
            try db.execute(sql: "ALTER TABLE submission ADD COLUMN extra TEXT")
        }
        return migrator
    }
}
