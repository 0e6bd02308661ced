import DTICore
import Foundation
import GRDB

extension DTIStore {
    /// Loads a succession table, replacing any earlier one into the same register (one transaction).
    public func importSuccession(_ table: SuccessionTable, sourceName: String, sha256: String,
                                 at date: Date = Date()) throws -> SuccessionImport {
        try queue.write { db in
            let existing = try SuccessionSourceRecord.fetchOne(db, key: table.new.description)
            let summary = SuccessionImport(links: table.entries.count, replaced: existing != nil,
                                           unchanged: existing?.sha256 == sha256 && existing?.oldInForce == table.old.description)
            if summary.unchanged { return summary }
            try existing?.delete(db)
            try db.execute(sql: "DELETE FROM succession WHERE new_in_force = ?", arguments: [table.new.description])
            try SuccessionSourceRecord(newInForce: table.new.description, oldInForce: table.old.description,
                                       sourceName: sourceName, sha256: sha256,
                                       importedAt: Timestamp.text(date),
                                       linkCount: table.entries.count).insert(db)
            for entry in table.entries {
                try SuccessionRecord(newInForce: table.new.description, newCode: entry.newCode, oldCode: entry.oldCode,
                                     link: entry.link.rawValue).insert(db)
            }
            return summary
        }
    }

    /// Every succession table imported, oldest reform first.
    public func successionTables() throws -> [SuccessionTable] {
        try reader.read { db in
            let sources = try SuccessionSourceRecord.order(Column("new_in_force")).fetchAll(db)
            let links = Dictionary(grouping: try SuccessionRecord.order(Column("new_in_force"), Column("new_code"), Column("old_code"))
                .fetchAll(db), by: \.newInForce)
            return sources.compactMap { source in
                guard let old = Period(source.oldInForce), let new = Period(source.newInForce) else { return nil }
                return SuccessionTable(old: old, new: new, entries: (links[source.newInForce] ?? []).compactMap { record in
                    SuccessionTable.Link(rawValue: record.link).map {
                        SuccessionTable.Entry(newCode: record.newCode, oldCode: record.oldCode, link: $0)
                    }
                })
            }
        }
    }
}
