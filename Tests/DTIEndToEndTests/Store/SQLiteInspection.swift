@testable import DTISQLite
import GRDB

/// The one place tests look inside the SQLite file: what the interface deliberately does not
/// show (that a key's secret is stored nowhere, a migration written by a newer dti). Every
/// other test goes through `DataStore`.
extension DTIStore {
    /// Every row `sql` selects, each column as text: a text column as it is, anything else
    /// as GRDB describes it (NULL as "NULL").
    func inspect(_ sql: String) throws -> [[String: String]] {
        try queue.read { db in
            try Row.fetchAll(db, sql: sql).map { row in
                Dictionary(uniqueKeysWithValues: row.columnNames.map { name in
                    let value = row[name] as DatabaseValue
                    return (name, String.fromDatabaseValue(value) ?? String(describing: value))
                })
            }
        }
    }

    /// Runs `sql` in a transaction, then folds the WAL into the file and closes the
    /// connection: the file on disk is then the whole database.
    func writeAndClose(_ sql: String) throws {
        try queue.write { db in try db.execute(sql: sql) }
        try queue.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        try queue.close()
    }
}
