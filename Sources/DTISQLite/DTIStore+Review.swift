import DTICore
import Foundation
import GRDB

extension DTIStore {
    public func recordReview(_ action: ReviewAction) throws -> ReviewAction {
        try queue.write { db in
            let through = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM received_file") ?? 0
            try db.execute(sql: """
                INSERT INTO review_action (kind, period, province_code, commune_code, reason, author, at, through_file)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [action.kind.rawValue, action.period.description, action.provinceCode, action.communeCode,
                                 action.reason, action.author, Timestamp.text(action.at), through])
            var stored = action
            stored.id = db.lastInsertedRowID
            stored.throughFile = through
            return stored
        }
    }

    public func reviewActions(for period: Period) throws -> [ReviewAction] {
        try reader.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM review_action WHERE period = ? ORDER BY id", arguments: [period.description])
                .compactMap { row in
                    guard let kind = ReviewAction.Kind(rawValue: row["kind"]), let at = Timestamp.date(row["at"]) else { return nil }
                    return ReviewAction(id: row["id"], kind: kind, period: period, provinceCode: row["province_code"],
                                        communeCode: row["commune_code"], reason: row["reason"], author: row["author"], at: at,
                                        throughFile: row["through_file"])
                }
        }
    }
}

extension DTIStore {
    public func monthFingerprints() throws -> [Period: String] {
        try reader.read { db in
            var accepted: [String: Int64] = [:], refused: [String: Int64] = [:], reviews: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT period, max(f) AS f FROM (
                    SELECT period, max(file_id) AS f FROM submission GROUP BY period
                    UNION ALL SELECT period, max(file_id) FROM kept_row GROUP BY period)
                GROUP BY period
                """) { accepted[row["period"]] = row["f"] }
            // A refused file read again (the same bytes, the same arrival) is stored again and
            // changes nothing: counted once.
            for row in try Row.fetchAll(db, sql: """
                SELECT r.period, count(DISTINCT f.sha256 || f.received_at) AS n
                FROM refused_row r JOIN received_file f ON f.id = r.file_id GROUP BY r.period
                """) { refused[row["period"]] = row["n"] }
            for row in try Row.fetchAll(db, sql: "SELECT period, max(id) AS r FROM review_action GROUP BY period") {
                reviews[row["period"]] = row["r"]
            }
            return Self.fingerprints(accepted: accepted, refused: refused, reviews: reviews)
        }
    }
}
