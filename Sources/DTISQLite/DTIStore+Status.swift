import DTICore
import Foundation
import GRDB

extension DTIStore {
    /// Every commune that sent something for `period`, accepted or refused (only `communeCode`
    /// when given).
    public func arrivals(for period: Period, communeCode: String? = nil, throughFile: Int64? = nil) throws -> [String: CommuneArrivals] {
        return try reader.read { db in
            var result: [String: CommuneArrivals] = [:]
            // One row per revision of the month (every commune's): read by position.
            let accepted = try RawStatement(db, sql: """
                SELECT s.commune_code, f.received_at, f.name, f.id
                FROM submission s JOIN received_file f ON f.id = s.file_id
                WHERE s.period = ?1 AND (?2 IS NULL OR s.commune_code = ?2) AND (?3 IS NULL OR f.id <= ?3)
                ORDER BY s.commune_code, s.revision
                """)
            accepted.reset()
            defer { accepted.reset() }
            try accepted.bind(period.description, at: 1)
            try accepted.bind(communeCode, at: 2)
            try accepted.bind(throughFile.map(Int.init), at: 3)
            while try accepted.step() {
                guard let code = accepted.text(at: 0), let at = accepted.text(at: 1).flatMap(Timestamp.date) else { continue }
                result[code, default: CommuneArrivals()].addRevision(at: at, file: accepted.text(at: 2) ?? "", id: Int64(accepted.int(at: 3)))
            }
            let kept = try Row.fetchCursor(db, sql: """
                SELECT k.commune_code, k.line, k.reason, f.received_at, f.name, f.id
                FROM kept_row k JOIN received_file f ON f.id = k.file_id
                WHERE k.period = ?1 AND (?2 IS NULL OR k.commune_code = ?2) AND (?3 IS NULL OR f.id <= ?3)
                ORDER BY k.commune_code, f.received_at, f.id
                """, arguments: [period.description, communeCode, throughFile])
            while let row = try kept.next() {
                guard let at = Timestamp.date(row["received_at"]) else { continue }
                result[row["commune_code"], default: CommuneArrivals()].addKept(at: at, file: row["name"], id: row["id"], line: row["line"],
                                                                               reason: row["reason"])
            }
            let refused = try Row.fetchCursor(db, sql: """
                SELECT DISTINCT r.commune_code, f.id, f.received_at, f.name, f.error_count,
                       (SELECT message_vi FROM file_issue i WHERE i.file_id = f.id AND i.severity = 'error' ORDER BY seq LIMIT 1) AS vi,
                       (SELECT message_en FROM file_issue i WHERE i.file_id = f.id AND i.severity = 'error' ORDER BY seq LIMIT 1) AS en
                FROM refused_row r JOIN received_file f ON f.id = r.file_id
                WHERE r.period = ?1 AND (?2 IS NULL OR r.commune_code = ?2) AND (?3 IS NULL OR f.id <= ?3)
                ORDER BY r.commune_code, f.received_at, f.id
                """, arguments: [period.description, communeCode, throughFile])
            while let row = try refused.next() {
                guard let at = Timestamp.date(row["received_at"]) else { continue }
                let vi: String? = row["vi"], en: String? = row["en"]
                result[row["commune_code"], default: CommuneArrivals()].refused.append(
                    (at, row["name"], row["error_count"], vi.map { LocalizedText(vi: $0, en: en ?? $0) }, row["id"]))
            }
            return result
        }
    }

    /// Every issue recorded for the received file `id`, in the order the commune saw them.
    public func issues(ofFile id: Int64) throws -> [ValidationIssue] {
        try reader.read { db in
            try Row.fetchAll(db, sql: """
                SELECT f.name, i.* FROM file_issue i JOIN received_file f ON f.id = i.file_id WHERE i.file_id = ? ORDER BY i.seq
                """, arguments: [id]).map { row in try FileIssueRecord(row: row).issue(file: row["name"]) }
        }
    }
}
