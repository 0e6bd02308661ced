import Foundation

/// What one arrival does to the ledger: the rule both back ends execute, decided here from
/// what is stored now, with no database in sight.
///
/// **Arrival decides, never a name.** For a commune and month the current figures are those
/// of the latest arrival (an upload's request time, an inbox file's modification time,
/// `ingest --received-at`). Equal times fall back to the order the files are recorded in,
/// which within a run is path order. So:
///
/// - a row for a commune and month with nothing stored is **new** (revision 1);
/// - a row that arrived at or after the current figures and says something else is a
///   **correction** (the next revision);
/// - a row that arrived at or after them and says the same is **unchanged**;
/// - a row that arrived *before* the current figures is **older**: kept for the audit trail,
///   not current (a re-read archive never reverts a correction);
/// - this very arrival (the same bytes at the same time) recorded before is **already
///   recorded**: nothing is stored, however often and in whatever order an inbox is read;
/// - the same bytes accepted before at another time, every row unchanged or older, are
///   **already received**: nothing is stored (an upload sent twice). Sent again later after
///   another file (A, B, then A again), they are a new, later arrival and a correction.
///
/// Times are compared to the second, the precision the store keeps.
public struct ArrivalPlan: Sendable, Equatable {
    public enum Verdict: Sendable, Equatable {
        /// Refused by validation: kept with the communes and months it spoke for; nothing counts.
        case refused
        /// The same bytes arrived at the same time before: nothing to store.
        case alreadyRecorded
        /// The same bytes were accepted before and change nothing now: nothing to store.
        case alreadyReceived
        /// Stored: each row as `rows` says.
        case accepted
    }

    public var verdict: Verdict
    /// What becomes of each row, in file order (empty unless the file is accepted).
    public var rows: [RowOutcome]

    /// Rows stored as revisions (new and corrections), with the file's rows they come from.
    public var revisions: [RowOutcome] { rows.filter(\.kind.makesRevision) }
    /// Rows recorded for the audit trail only (unchanged, older).
    public var kept: [RowOutcome] { rows.filter { !$0.kind.makesRevision } }
    /// True when the arrival is written to the store at all.
    public var isStored: Bool { verdict == .refused || verdict == .accepted }

    package init(verdict: Verdict, rows: [RowOutcome]) {
        self.verdict = verdict
        self.rows = rows
    }

    /// Decides what `validation`, arriving at `arrivedAt`, does.
    ///
    /// - Parameters:
    ///   - current: the current revision of a commune and month (nil when nothing is stored),
    ///     kept up to date by the caller as earlier arrivals of the same transaction go in.
    ///   - acceptedBefore: when the same bytes were accepted before. Asked only when some row
    ///     already has figures: bytes whose every row is new cannot have been accepted.
    ///   - timeIsTheFiles: true when the arrival time is the file's own (an inbox file's
    ///     modification time, `--received-at`), so reading it again is the same arrival; false
    ///     for an upload, where every request is an arrival of its own, even within a second.
    public static func decide(_ validation: FileValidation, arrivedAt: Date, timeIsTheFiles: Bool = true,
                              current: (RowKey) throws -> CurrentRevision?,
                              acceptedBefore: () throws -> [Date]) rethrows -> ArrivalPlan {
        guard validation.isAccepted else { return ArrivalPlan(verdict: .refused, rows: []) }
        let at = arrivedAt.wholeSeconds
        let rows = try validation.rows.map { row in
            try outcome(of: row, arrivedAt: at, timeIsTheFiles: timeIsTheFiles,
                        current: current(RowKey(communeCode: row.communeCode, period: row.period)))
        }
        guard !rows.allSatisfy({ $0.kind == .new }) else { return ArrivalPlan(verdict: .accepted, rows: rows) }
        let before = try acceptedBefore().map(\.wholeSeconds)
        if timeIsTheFiles, before.contains(at) { return ArrivalPlan(verdict: .alreadyRecorded, rows: rows) }
        if !before.isEmpty, rows.allSatisfy({ !$0.kind.makesRevision }) {
            return ArrivalPlan(verdict: .alreadyReceived, rows: rows)
        }
        return ArrivalPlan(verdict: .accepted, rows: rows)
    }

    /// What one row arriving at `arrivedAt` does against the commune's current revision.
    /// An upload (`timeIsTheFiles` false) is never older than what is stored: it arrives when
    /// it is stored, after everything stored before it, whatever second its clock read while
    /// it waited for the write lock behind another upload.
    static func outcome(of row: SubmissionRow, arrivedAt: Date, timeIsTheFiles: Bool = true,
                        current: CurrentRevision?) -> RowOutcome {
        let (kind, revision): (RowOutcome.Kind, Int)
        if let current {
            if timeIsTheFiles && arrivedAt < current.arrivedAt.wholeSeconds {
                (kind, revision) = (.older, current.revision)
            } else if current.says(row) {
                (kind, revision) = (.unchanged, current.revision)
            } else {
                (kind, revision) = (.correction, current.revision + 1)
            }
        } else {
            (kind, revision) = (.new, 1)
        }
        return RowOutcome(line: row.line, communeCode: row.communeCode, period: row.period, revision: revision, kind: kind)
    }

    /// True when a refused file no longer needs an answer: it spoke for at least one commune
    /// and month, and each of them has an accepted arrival at or after the refusal (“đã có tệp
    /// sửa sau”). A refusal that named nobody (an unreadable file) always waits for a look.
    public static func isAnswered(refusedAt: Date, mentions: [RowKey], latestAccepted: (RowKey) throws -> Date?) rethrows -> Bool {
        guard !mentions.isEmpty else { return false }
        let at = refusedAt.wholeSeconds
        for key in mentions {
            guard let accepted = try latestAccepted(key), accepted.wholeSeconds >= at else { return false }
        }
        return true
    }
}

/// The current revision of one commune and month, as an arrival is judged against it.
public struct CurrentRevision: Sendable, Equatable {
    public var revision: Int
    /// When the file it came from reached the department.
    public var arrivedAt: Date
    /// The figures, in `Figure.allCases` order.
    public var figures: ContractValues
    /// The province's fields as stored (`Figures.extrasJSON`: canonical, so equal values are
    /// equal text).
    public var extras: String?
    public var communeName: String?
    public var notes: String?

    public init(revision: Int, arrivedAt: Date, figures: ContractValues, extras: String? = nil, communeName: String?, notes: String?) {
        self.revision = revision
        self.arrivedAt = arrivedAt
        self.figures = figures
        self.extras = extras
        self.communeName = communeName
        self.notes = notes
    }

    /// The revision `outcome` makes current when it is stored.
    public init(_ row: SubmissionRow, revision: Int, arrivedAt: Date) {
        self.init(revision: revision, arrivedAt: arrivedAt, figures: row.figures.values, extras: row.figures.extrasJSON,
                  communeName: row.communeName, notes: row.notes)
    }

    /// True when `row` says exactly what this revision says.
    func says(_ row: SubmissionRow) -> Bool {
        figures == row.figures.values && extras == row.figures.extrasJSON && communeName == row.communeName && notes == row.notes
    }
}

extension Date {
    /// The time to the whole second, as the store keeps it.
    package var wholeSeconds: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}

extension FileReceipt {
    /// The receipt of an arrival a writer recorded as `plan` says.
    package init(_ validation: FileValidation, plan: ArrivalPlan, arrivedAt: Date) {
        let outcome: Outcome = switch plan.verdict {
        case .refused: .refused
        case .alreadyRecorded, .alreadyReceived: .alreadyReceived
        case .accepted: .accepted
        }
        self.init(fileName: validation.fileName, sha256: validation.sha256, outcome: outcome, issues: validation.issues)
        self.arrivedAt = arrivedAt
        isSameArrival = plan.verdict == .alreadyRecorded
        rows = plan.rows
        if plan.verdict == .accepted {
            newRevisions = plan.rows.count { $0.kind.makesRevision }
            corrections = plan.rows.count { $0.kind == .correction }
            olderRows = plan.rows.count { $0.kind == .older }
        }
        unchangedRows = plan.rows.count { $0.kind == .unchanged }
        var seen = Set<RowKey>()
        mentions = validation.mentions.map { RowKey(communeCode: $0.communeCode, period: $0.period) }.filter { seen.insert($0).inserted }
    }
}

/// How a store's writer finds the current revisions an arrival is decided against: one
/// commune at a time (an index seek, so that an upload into a full month costs what one into
/// an empty month does), until a transaction has asked for so many communes of one month that
/// reading the whole month at once is cheaper (a national batch).
public enum ArrivalLookup {
    public static let communesBeforeMonth = 16

    /// Counts one more lookup in a month; true when the month is now read whole.
    public static func readsWholeMonth(after count: inout Int) -> Bool {
        count += 1
        return count >= communesBeforeMonth
    }
}
