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
    ///
    /// Read through the C API, version by version in code order: every command starts here, and
    /// a national register is some 10,000 units (GRDB's rows made it 9,000 instructions a unit).
    public func unitDirectory() throws -> UnitDirectory {
        try reader.read { db in
            let query = try RawStatement(db, sql: UnitRecord.selection + " ORDER BY in_force, commune_code")
            query.reset()
            defer { query.reset() }
            var versions: [RegisterVersion] = []
            var current: (inForce: String, units: [AdministrativeUnit])?
            func close() {
                if let current, let period = Period(current.inForce) {
                    versions.append(RegisterVersion(inForce: period, units: current.units))
                }
            }
            while try query.step() {
                let inForce = query.text(at: 0) ?? ""
                if current?.inForce != inForce {
                    close()
                    current = (inForce, [])
                }
                current?.units.append(AdministrativeUnit(
                    provinceCode: query.text(at: 1) ?? "", provinceName: query.text(at: 2) ?? "",
                    districtCode: query.text(at: 3), districtName: query.text(at: 4),
                    communeCode: query.text(at: 5) ?? "", communeName: query.text(at: 6) ?? "",
                    communeType: query.text(at: 7) ?? ""))
            }
            close()
            return UnitDirectory(versions: versions)
        }
    }
}
