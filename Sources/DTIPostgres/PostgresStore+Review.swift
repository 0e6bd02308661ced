import DTICore
import Foundation
import PostgresNIO

extension PostgresStore {
    /// Under the arrival lock: no file is half-stored when the action reads the last one.
    public func recordReview(_ action: ReviewAction) throws -> ReviewAction {
        try transaction { session in
            try session.query("SELECT pg_advisory_xact_lock(\(Self.arrivalLock))")
            let through = try session.query("SELECT coalesce(max(id), 0)::bigint FROM received_file").first?.decode(Int64.self) ?? 0
            let kind = action.kind.rawValue, period = action.period.description, at = Timestamp.text(action.at)
            let id = try session.query("""
                INSERT INTO review_action (kind, period, province_code, commune_code, reason, author, at, through_file)
                VALUES (\(kind), \(period), \(action.provinceCode), \(action.communeCode), \(action.reason), \(action.author),
                        \(at), \(through))
                RETURNING id
                """).first?.decode(Int64.self) ?? 0
            var stored = action
            stored.id = id
            stored.throughFile = through
            return stored
        }
    }

    public func reviewActions(for period: Period) throws -> [ReviewAction] {
        let rows = try locked { session in
            try session.query("""
                SELECT id, kind, province_code, commune_code, reason, author, at, through_file
                FROM review_action WHERE period = \(period.description) ORDER BY id
                """)
        }
        return try rows.compactMap { row in
            let (id, kind, province, commune, reason, author, at, through) = try row.decode(
                (Int64, String, String, String?, String?, String, String, Int64).self)
            guard let kind = ReviewAction.Kind(rawValue: kind), let date = Timestamp.date(at) else { return nil }
            return ReviewAction(id: id, kind: kind, period: period, provinceCode: province, communeCode: commune, reason: reason,
                                author: author, at: date, throughFile: through)
        }
    }
}

extension PostgresStore {
    public func monthFingerprints() throws -> [Period: String] {
        let (acceptedRows, refusedRows, reviewRows) = try locked { session in
            (try session.query("""
                SELECT period, max(f)::bigint FROM (
                    SELECT period, max(file_id) AS f FROM submission GROUP BY period
                    UNION ALL SELECT period, max(file_id) FROM kept_row GROUP BY period) AS t
                GROUP BY period
                """),
             // A refused file read again (the same bytes, the same arrival) changes nothing: counted once.
             try session.query("""
                SELECT r.period, count(DISTINCT f.sha256 || f.received_at)::bigint
                FROM refused_row r JOIN received_file f ON f.id = r.file_id GROUP BY r.period
                """),
             try session.query("SELECT period, max(id)::bigint FROM review_action GROUP BY period"))
        }
        func table(_ rows: [PostgresRow]) throws -> [String: Int64] {
            var result: [String: Int64] = [:]
            for row in rows {
                let (period, value) = try row.decode((String, Int64).self)
                result[period] = value
            }
            return result
        }
        return Self.fingerprints(accepted: try table(acceptedRows), refused: try table(refusedRows), reviews: try table(reviewRows))
    }
}
