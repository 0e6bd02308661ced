import DTICore
import Foundation
import GRDB

extension DTIStore {
    /// Loads or refreshes one register version (all its units replaced in one transaction).
    public func importRegister(_ units: [AdministrativeUnit], inForce: Period, sourceName: String,
                               sha256: String, at date: Date = Date()) throws -> RegisterImport {
        try queue.write { db in
            let existing = try RegisterVersionRecord.fetchOne(db, key: inForce.description)
            let summary = RegisterImport(
                inForce: inForce, unitCount: units.count, provinceCount: Set(units.map(\.provinceCode)).count,
                replaced: existing != nil, unchanged: existing?.sha256 == sha256)
            if summary.unchanged { return summary }
            try existing?.delete(db)
            try RegisterVersionRecord(inForce: inForce.description, sourceName: sourceName, sha256: sha256,
                                      importedAt: Timestamp.text(date),
                                      unitCount: units.count).insert(db)
            for unit in units {
                try UnitRecord(inForce: inForce, unit: unit).insert(db)
            }
            return summary
        }
    }

    /// A fingerprint of the registers imported (each version's month and hash): it changes
    /// exactly when `unitDirectory()` would read something else. One small query.
    public func registerFingerprint() throws -> String {
        try reader.read { db in
            try String.fetchOne(db, sql: "SELECT group_concat(in_force || ':' || sha256, ',') FROM (SELECT in_force, sha256 FROM register_version ORDER BY in_force)") ?? ""
        }
    }

    /// Every register version, ready for validation and scoring.
    public func unitDirectory() throws -> UnitDirectory {
        try reader.read { db in
            let records = try UnitRecord.fetchAll(db, sql: UnitRecord.selection)
            let grouped = Dictionary(grouping: records, by: \.inForce)
            return UnitDirectory(versions: grouped.compactMap { inForce, records in
                Period(inForce).map { RegisterVersion(inForce: $0, units: records.map(\.unit)) }
            })
        }
    }
}
