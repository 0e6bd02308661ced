import Foundation

/// What became of one received file.
public struct FileReceipt: Sendable {
    public enum Outcome: Equatable, Sendable {
        case accepted
        /// Refused now (whatever became of the same bytes before): nothing of it counts.
        case refused
        /// Nothing stored: this very arrival (the same bytes at the same time) was recorded
        /// before, or the same bytes were accepted before and change nothing now.
        case alreadyReceived
    }

    public var fileName: String
    public var sha256: String
    public var outcome: Outcome
    /// Rows stored as a new revision (first or corrected).
    public var newRevisions = 0
    /// Of those, rows that supersede an earlier revision.
    public var corrections = 0
    /// Rows identical to the commune's current revision: nothing stored.
    public var unchangedRows = 0
    /// Of a file already received: this very arrival (the same bytes at the same time) was
    /// recorded before, as when an inbox is read again.
    public var isSameArrival = false
    /// Rows that arrived before the commune's current figures: kept for the audit trail, not current.
    public var olderRows = 0
    /// When the file reached the department.
    public var arrivedAt: Date?
    /// Of a refused file: the communes and months it spoke for.
    public var mentions: [RowKey] = []
    /// Of a refused file: every commune and month it spoke for has an accepted arrival at or
    /// after it (`ArrivalPlan.isAnswered`), so it no longer holds the run red.
    public var isAnswered = false
    public var issues: IssueCollector
    /// What became of each row of an accepted file, in file order.
    public var rows: [RowOutcome] = []
    /// The figures of each row of an accepted file, by line, as read and stored: an upload's
    /// receipt echoes them, so the officer sees what the province will score.
    public var figuresByLine: [Int: Figures] = [:]

    package init(fileName: String, sha256: String, outcome: Outcome, issues: IssueCollector) {
        self.fileName = fileName
        self.sha256 = sha256
        self.outcome = outcome
        self.issues = issues
    }
}

extension FileReceipt {
    /// The receipt of an entry that could not be read: refused, nothing stored.
    init(unreadable validation: FileValidation) {
        self.init(fileName: validation.fileName, sha256: validation.sha256, outcome: .refused, issues: validation.issues)
    }

    /// Keeps the figures of an accepted file's rows, so that its receipt can echo them.
    package mutating func keepFigures(of validation: FileValidation) {
        guard validation.isAccepted else { return }
        figuresByLine = Dictionary(validation.rows.map { ($0.line, $0.figures) }, uniquingKeysWith: { first, _ in first })
    }

    /// The figures the file holds for each of its rows, as the province will score them: a
    /// heading per row (its line, commune code and month), then one line per figure under the
    /// template's label (Vietnamese) or its column name (English), grouped as the language
    /// writes numbers. Empty for a refused file.
    public func figureLines(_ language: Language, form: Form = .contract) -> [String] {
        rows.flatMap { row -> [String] in
            guard let figures = figuresByLine[row.line] else { return [] }
            let heading = language == .vi
                ? "Số liệu dòng \(row.line), mã \(row.communeCode), \(row.period.monthName(.vi)):"
                : "Figures of line \(row.line), code \(row.communeCode), \(row.period.monthName(.en)):"
            return [heading] + Figure.allCases.map { figure in
                "  \(language == .vi ? figure.vietnameseLabel : figure.rawValue): \(Quoted.number(figures[figure], language))"
            } + form.extras.compactMap { field in
                // A province's own fields, where the row has them; a yes/no task in words.
                if let text = figures.texts[field.name] { return "  \(language == .vi ? field.label.vi : field.name): \(text)" }
                return figures.extras[field.name].map { value in
                    let shown = field.kind != .yesNo ? Quoted.number(value, language)
                        : language == .vi ? (value == 1 ? "Có" : "Không") : (value == 1 ? "yes" : "no")
                    return "  \(language == .vi ? field.label.vi : field.name): \(shown)"
                }
            }
        }
    }
}

/// What became of one row of an accepted file.
public struct RowOutcome: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// The commune's first figures for the period.
        case new
        /// Different figures from the stored ones: a new revision supersedes them.
        case correction
        /// The same figures as the commune's current revision: nothing stored.
        case unchanged
        /// Arrived before the commune's current figures: kept for the audit trail, not current.
        case older

        /// True when the row is stored as a revision (it becomes the current figures).
        public var makesRevision: Bool { self == .new || self == .correction }
    }

    public var line: Int
    public var communeCode: String
    public var period: Period
    /// The revision now current: the one stored, or for `unchanged` and `older` the one already there.
    public var revision: Int
    public var kind: Kind

    package init(line: Int, communeCode: String, period: Period, revision: Int, kind: Kind) {
        self.line = line
        self.communeCode = communeCode
        self.period = period
        self.revision = revision
        self.kind = kind
    }
}

/// A row of a received file, identified by the file's hash and the row's line.
public struct FileLine: Hashable, Sendable {
    public var sha256: String
    public var line: Int

    package init(sha256: String, line: Int) {
        self.sha256 = sha256
        self.line = line
    }
}

/// The current (latest) revision of one commune's figures for one period.
public struct StoredSubmission: Sendable, Equatable {
    public var communeCode: String
    public var period: Period
    public var revision: Int
    public var figures: Figures
    public var communeName: String?
    public var notes: String?
    public var fileName: String
    public var fileSHA256: String
    public var line: Int

    public init(communeCode: String, period: Period, revision: Int, figures: Figures, communeName: String? = nil,
                notes: String? = nil, fileName: String, fileSHA256: String, line: Int) {
        self.communeCode = communeCode
        self.period = period
        self.revision = revision
        self.figures = figures
        self.communeName = communeName
        self.notes = notes
        self.fileName = fileName
        self.fileSHA256 = fileSHA256
        self.line = line
    }
}

extension Vocabulary {
    /// The word for what became of a row.
    public static func result(_ kind: RowOutcome.Kind) -> LocalizedText {
        switch kind {
        case .new: new
        case .correction: correction
        case .unchanged: unchanged
        case .older: older
        }
    }
}
