/*
 * The C floor of an ingest (issue 34, item 5): the least work that stores the same files the
 * way dti stores them, with nothing but SQLite and OpenSSL's SHA-256 — each file's bytes and
 * digest, its arrival, and every row as revision 1 of its commune and month, in transactions
 * of 256 files, on dti's own schema and settings (synchronous FULL, WAL, foreign keys on,
 * 32 MiB of cache, the log checkpointed at the end). No validation, no register, no ledger:
 * every row is taken as new, so it is the floor for a first ingest of canonical files
 * (`scripts/benchmark`'s current-canonical), not for corrections. `scripts/ingest-floor-ratio` builds it and compares instruction counts.
 *
 *   cc -O2 -o ingest-floor scripts/ingest-floor.c -lsqlite3 -lcrypto
 *   ingest-floor DB FILE...      DB: a database `dti units import` made (it holds the schema)
 *
 * Not a test, and not part of dti.
 */
#include <openssl/sha.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIGURES 13
#define FILES_PER_BATCH 256

static sqlite3 *db;

static void fail(const char *what) {
    fprintf(stderr, "ingest-floor: %s: %s\n", what, sqlite3_errmsg(db));
    exit(1);
}

static sqlite3_stmt *prepare(const char *sql) {
    sqlite3_stmt *statement;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, NULL) != SQLITE_OK) fail(sql);
    return statement;
}

static void run(const char *sql) {
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) fail(sql);
}

static void step(sqlite3_stmt *statement) {
    if (sqlite3_step(statement) != SQLITE_DONE) fail("insert");
    sqlite3_reset(statement);
}

/* The file's bytes, NUL-terminated; its length in *size. */
static char *slurp(const char *path, long *size) {
    FILE *file = fopen(path, "rb");
    if (!file) { perror(path); exit(1); }
    fseek(file, 0, SEEK_END);
    *size = ftell(file);
    rewind(file);
    char *bytes = malloc(*size + 1);
    if (fread(bytes, 1, *size, file) != (size_t)*size) { perror(path); exit(1); }
    bytes[*size] = 0;
    fclose(file);
    return bytes;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: ingest-floor DB FILE...\n"); return 64; }
    if (sqlite3_open(argv[1], &db) != SQLITE_OK) fail(argv[1]);
    run("PRAGMA synchronous = FULL; PRAGMA cache_size = -32768; PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL");
    sqlite3_stmt *content = prepare("INSERT OR IGNORE INTO file_content (sha256, content) VALUES (?, ?)");
    sqlite3_stmt *arrival = prepare(
        "INSERT INTO received_file (sha256, name, source, received_at, status, row_count, error_count, warning_count, stored_at)"
        " VALUES (?, ?, ?, '2026-12-01T00:00:00Z', 'accepted', ?, 0, 0, '2026-12-01T00:00:00Z')");
    sqlite3_stmt *row = prepare(
        "INSERT INTO submission (period, commune_code, revision, file_id, line, villages_total, villages_mobile_broadband,"
        " villages_fibre, bts_stations, households_total, households_fibre, adult_population, adults_smartphone,"
        " services_total, services_online_partial, services_online_full, dossiers_total, dossiers_online)"
        " VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    long rows = 0;
    for (int index = 2; index < argc; index++) {
        if ((index - 2) % FILES_PER_BATCH == 0) {
            if (index > 2) run("COMMIT");
            run("BEGIN IMMEDIATE");
        }
        long size;
        char *bytes = slurp(argv[index], &size);
        unsigned char digest[SHA256_DIGEST_LENGTH];
        SHA256((unsigned char *)bytes, size, digest);
        char hex[2 * SHA256_DIGEST_LENGTH + 1];
        for (int i = 0; i < SHA256_DIGEST_LENGTH; i++) sprintf(hex + 2 * i, "%02x", digest[i]);
        sqlite3_bind_text(content, 1, hex, -1, SQLITE_STATIC);
        sqlite3_bind_blob(content, 2, bytes, (int)size, SQLITE_STATIC);
        step(content);
        /* The rows: after the header, one a line, the code and the month then 13 numbers. */
        char *line = strchr(bytes, '\n');
        long count = 0;
        for (char *at = line; at && at[1]; at = strchr(at + 1, '\n')) count++;
        const char *name = strrchr(argv[index], '/');
        sqlite3_bind_text(arrival, 1, hex, -1, SQLITE_STATIC);
        sqlite3_bind_text(arrival, 2, name ? name + 1 : argv[index], -1, SQLITE_STATIC);
        sqlite3_bind_text(arrival, 3, argv[index], -1, SQLITE_STATIC);
        sqlite3_bind_int64(arrival, 4, count);
        step(arrival);
        sqlite3_int64 file = sqlite3_last_insert_rowid(db);
        int number = 1;
        for (char *at = line; at && at[1]; at = strchr(at, '\n')) {
            char *field = at + 1, *end;
            number++;
            char *comma = strchr(field, ',');
            sqlite3_bind_text(row, 2, field, (int)(comma - field), SQLITE_STATIC);
            field = comma + 1;
            comma = strchr(field, ',');
            sqlite3_bind_text(row, 1, field, (int)(comma - field), SQLITE_STATIC);
            field = comma + 1;
            sqlite3_bind_int64(row, 3, file);
            sqlite3_bind_int64(row, 4, number);
            for (int figure = 0; figure < FIGURES; figure++) {
                sqlite3_bind_int64(row, 5 + figure, strtoll(field, &end, 10));
                field = end + 1;
            }
            step(row);
            rows++;
            at = end;
        }
        free(bytes);
    }
    run("COMMIT");
    /* As dti does after a command that wrote: the database file whole, the log emptied. */
    run("PRAGMA wal_checkpoint(TRUNCATE)");
    sqlite3_finalize(content);
    sqlite3_finalize(arrival);
    sqlite3_finalize(row);
    sqlite3_close(db);
    fprintf(stderr, "ingest-floor: %d files, %ld rows\n", argc - 2, rows);
    return 0;
}
