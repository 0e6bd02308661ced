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
