/// The verdict on one submission file: accepted whole, or refused whole with its issues.
public struct FileValidation: Sendable {
    public let fileName: String
    public let sha256: String
    /// The rows read; meaningful only when the file is accepted.
    public let rows: [SubmissionRow]
    public let issues: IssueCollector
    /// Of a refused file: each row whose commune code and period could be read, so the
    /// department knows whom to chase. Empty for an accepted file (its rows say it).
    public var mentions: [(line: Int, communeCode: String, period: Period)] = []

    public var isAccepted: Bool { !issues.hasErrors }
}

/// Validates a submission file against the contract of `spec/submission-format.md`.
///
/// The readers of `Ingest/` turn the bytes into rows of cells (`CSVReader` for text,
/// `WorkbookReader` then `SheetRecords` for a workbook); this finds the header and the rows
/// of figures among them (`FileValidator+Layout`), reads each row's cells
/// (`FileValidator+Row`) and runs the contract's row rules (`RuleBook`). Every problem is
/// collected (up to a cap), not just the first, so an officer can fix the file in one go.
/// Nothing here touches the database.
public struct FileValidator: Sendable {
    public let context: ValidationContext
    let headers = HeaderCache()

    public init(context: ValidationContext) {
        self.context = context
    }

    /// The largest file read: a commune's month is under a kilobyte and a national batch of
    /// 10,000 communes about 2 MB, so anything near this is not a submission.
    public static let maximumFileSize = 32 << 20

    /// The verdict on a file over `maximumFileSize`, which is not read.
    static func tooLarge(fileName: String, sha256: String, size: Int) -> FileValidation {
        var issues = IssueCollector()
        issues.add(ReadingIssues.tooLarge(file: fileName, size: size))
        return FileValidation(fileName: fileName, sha256: sha256, rows: [], issues: issues)
    }

    /// The rows a reading found, and the commune and month of each row that named them.
    typealias Mentions = [(line: Int, communeCode: String, period: Period)]

    public func validate(_ bytes: [UInt8], fileName: String) -> FileValidation {
        guard bytes.count <= Self.maximumFileSize else {
            return Self.tooLarge(fileName: fileName, sha256: sha256Hex(bytes), size: bytes.count)
        }
        var issues = IssueCollector()
        var mentions: Mentions = []
        let rows = FileSignature.of(bytes) == .zip
            ? readWorkbook(bytes, file: fileName, issues: &issues, mentions: &mentions)
            : readText(bytes, file: fileName, issues: &issues, mentions: &mentions)
        issues.sortByPlace()
        var validation = FileValidation(fileName: fileName, sha256: sha256Hex(bytes), rows: issues.hasErrors ? [] : rows,
                                        issues: issues)
        if issues.hasErrors { validation.mentions = mentions }
        return validation
    }

    /// An `.xlsx`: the cells of its first visible sheet, read as the rows of a CSV file are,
    /// each issue then placed on the sheet (`'Báo cáo'!F7`).
    private func readWorkbook(_ bytes: [UInt8], file: String, issues: inout IssueCollector,
                              mentions: inout Mentions) -> [SubmissionRow] {
        let table: WorkbookTable
        switch WorkbookReader.read(bytes) {
        case .failure(let problem):
            issues.add(ReadingIssues.workbook(problem, file: file))
            return []
        case .success(let read): table = read
        }
        defer { issues.placeOnSheet(table.sheet) }
        // A formula without its saved value is one error, named by its column: what reading
        // the then empty cell said of it goes (see `formulaErrors`).
        defer { formulaErrors(table.formulasWithoutValue, file: file, issues: &issues) }
        if !table.skippedSheets.isEmpty {
            issues.add(ReadingIssues.sheetsSkipped(table.skippedSheets, read: table.sheet, file: file))
        }
        guard table.rows.contains(where: { $0.contains { !$0.isEmpty } }) else {
            issues.add(ReadingIssues.emptySheet(table.sheet, file: file))
            return []
        }
        guard table.textSize <= Self.maximumFileSize else {
            issues.add(ReadingIssues.workbook(WorkbookReader.tooLarge, file: file))
            return []
        }
        let records = SheetRecords(table)
        guard !records.bytes.contains(0) else {
            issues.add(ReadingIssues.nullCharacter(file: file))
            return []
        }
        return readRecords(records, file: file, issues: &issues, mentions: &mentions)
    }

    /// One error per formula cell without a saved value, in place of what reading its empty
    /// text said (“missing: write 0”), labelled with the column's heading as that issue named it.
    private func formulaErrors(_ cells: [(row: Int, column: Int)], file: String, issues: inout IssueCollector) {
        guard !cells.isEmpty else { return }
        let places = Set(cells.map { "\($0.row):\($0.column)" })
        var labels: [String: String] = [:]
        for issue in issues.removeAll(where: { issue in
            issue.line.flatMap { line in issue.column.map { places.contains("\(line):\($0)") } } ?? false
        }) {
            if let name = issue.columnName { labels["\(issue.line!):\(issue.column!)"] = name }
        }
        for (row, column) in cells {
            issues.add(ReadingIssues.formulaWithoutValue(file: file, row: row, column: column, label: labels["\(row):\(column)"]))
        }
    }

    /// A CSV file: UTF-8 text, its delimiter the one its table uses (`CSVReader.detectDelimiter`).
    private func readText(_ bytes: [UInt8], file: String, issues: inout IssueCollector,
                          mentions: inout Mentions) -> [SubmissionRow] {
        switch TextEncodingCheck.textStart(of: bytes) {
        case .failure(let refusal):
            issues.add(ReadingIssues.encoding(refusal, file: file))
            return []
        case .success(let start):
            let reader = CSVReader(bytes: bytes, delimiter: CSVReader.detectDelimiter(in: bytes, from: start), startingAt: start)
            return readRecords(reader, file: file, issues: &issues, mentions: &mentions)
        }
    }

    /// The rows of figures of a table: the header found, layout rows skipped, every row's
    /// cells read and checked, a commune and month named once.
    private func readRecords<Reader: RecordReader>(_ reader: Reader, file: String, issues: inout IssueCollector,
                                                   mentions: inout Mentions) -> [SubmissionRow] {
        var reader = reader
        var fields: [CSVReader.Field] = []
        var rows: [SubmissionRow] = []
        var firstRows = FirstRows()
        // Records counted as a spreadsheet counts rows (header = 1), not physical lines: a
        // note with line breaks is one row in Excel.
        var rowNumber = 1
        var sums = [Int](repeating: 0, count: Figure.allCases.count)
        do {
            guard let (headerLine, known) = try findHeader(&reader, &fields, file: file, issues: &issues) else {
                // Only delimiters and spaces (“;;;;” lines, as Excel saves formatted empty rows).
                issues.add(ReadingIssues.onlyBlankCells(file: file))
                return []
            }
            guard let header = header(fields, line: headerLine, known: known, reader: reader, file: file, issues: &issues) else { return [] }
            rowNumber = headerLine
            // Room for about the rows the bytes hold (a national file's row is some 60 bytes),
            // made once, not grown by doubling as they come.
            let expected = min(4_096, reader.bytes.count / 48 + 1)
            rows.reserveCapacity(expected)
            mentions.reserveCapacity(expected)
            while true {
                rowNumber += 1
                guard try reader.next(into: &fields) != nil else { break }
                if fields.allSatisfy(reader.isBlank) { continue }  // blank lines, `;;;;` rows from Excel
                let location = RowLocation(file: file, line: rowNumber, header: header)
                if isLayoutRow(fields, reader: reader, at: location, sums: sums, rowsSoFar: rows.count, issues: &issues) {
                    continue
                }
                if isUnfilled(fields, reader: reader, header: header) {
                    let code = header.position(of: .communeCode).flatMap { $0 < fields.count ? reader.string(fields[$0]) : nil } ?? ""
                    issues.add(ReadingIssues.unfilledRowSkipped(file: file, line: rowNumber, code: code))
                    continue
                }
                guard let (row, readable) = readRow(fields, reader: reader, at: location, issues: &issues) else { continue }
                if readable.hasCommuneAndPeriod {
                    mentions.append((rowNumber, row.communeCode, row.period))
                    let key = RowKey(communeCode: row.communeCode, period: row.period)
                    if let earlier = firstRows.earlierLine(of: key, recording: rowNumber) {
                        issues.add(ReadingIssues.duplicateRow(row, firstLine: earlier, at: location))
                        continue
                    }
                }
                RuleBook.check(row, readable: readable, at: location, in: context, into: &issues)
                if readable == ReadableCells.all(context.form) {
                    row.figures.values.withUnsafeBufferPointer { values in
                        for index in values.indices { sums[index] &+= values[index] }
                    }
                    rows.append(row)  // last: the row is moved, not copied
                }
            }
        } catch {
            issues.add(ReadingIssues.quote(error, file: file, row: rowNumber))
            return []
        }
        if rows.isEmpty && !issues.hasErrors { issues.add(ReadingIssues.noRows(file: file)) }
        return rows
    }
}

/// A commune and month: what a row speaks for.
public struct RowKey: Hashable, Sendable {
    public var communeCode: String
    public var period: Period

    public init(communeCode: String, period: Period) {
        self.communeCode = communeCode
        self.period = period
    }

    /// Hashed as two words (`CommuneCode.word`, the month's ordinal) where the code fits in
    /// one: a key is hashed for every row of every file, and text costs several times more.
    public func hash(into hasher: inout Hasher) {
        CommuneCode.hash(communeCode, into: &hasher)
        hasher.combine(period.ordinal)
    }
}
