/// One commune's figures for one period, as read from a file that passed validation.
public struct SubmissionRow: Hashable, Sendable {
    /// The spreadsheet row the row is on (the header is row 1), whatever line breaks quoted
    /// notes hold.
    public var line: Int
    public var communeCode: String
    public var period: Period
    public var figures: Figures
    /// As the commune wrote it; checked against the register (a mismatch is a warning).
    public var communeName: String?
    /// Free text, stored verbatim and always written to outputs as text.
    public var notes: String?

    public init(line: Int, communeCode: String, period: Period, figures: Figures,
                communeName: String? = nil, notes: String? = nil) {
        self.line = line
        self.communeCode = communeCode
        self.period = period
        self.figures = figures
        self.communeName = communeName
        self.notes = notes
    }
}

/// What validation knows about the world: the register, and the latest period this run accepts.
public struct ValidationContext: Sendable {
    public var directory: UnitDirectory
    /// The run's period: rows for later months are refused (no reporting the future).
    public var latestPeriod: Period
    /// The form files are read with (the indicator set's); each row is held to the fields in
    /// force for its month.
    public var form: Form

    public init(directory: UnitDirectory, latestPeriod: Period, form: Form = .contract) {
        self.directory = directory
        self.latestPeriod = latestPeriod
        self.form = form
    }
}

/// Where in the file a row's cells are, so a rule can point at the column it is about.
public struct RowLocation: Sendable {
    public let file: String
    public let line: Int
    let header: HeaderMap

    /// An issue pointing at `column` of this row (or at the row when the file lacks it).
    func issue(_ code: IssueCode, at column: SubmissionColumn?, _ message: LocalizedText) -> ValidationIssue {
        let position = column.flatMap { header.position(of: $0) }
        return ValidationIssue(
            code, file: file, line: line,
            column: position.map { $0 + 1 }, columnName: position.map { header.names[$0] }, message: message)
    }

    /// The column's name as this file's header wrote it (officers recognise their own words).
    func name(of column: SubmissionColumn) -> String {
        header.position(of: column).map { Quoted.text(header.names[$0]) } ?? column.vietnameseLabel
    }
}
