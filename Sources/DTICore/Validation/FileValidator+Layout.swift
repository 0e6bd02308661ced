/// Where the figures are in a table: the header, found below any title rows, and the rows
/// that are layout rather than a commune's figures (a repeated header, a total, a template
/// row nobody filled in).
extension FileValidator {
    /// How many rows above the header may be a title (“BÁO CÁO CHUYỂN ĐỔI SỐ THÁNG 10/2026”,
    /// “UBND XÃ …”, a blank line): more than this and the first row is taken as the header.
    static let maximumTitleRows = 10

    /// Reads records up to the header: rows above it in which no cell names a column are a
    /// title, skipped with a warning each, when a header follows within `maximumTitleRows`;
    /// otherwise the first non-blank row is the header, as the contract has it. Leaves the
    /// header's cells in `fields` and returns its row number, with the header as read before
    /// when the same cells were (looked up once here, not again by `header`).
    func findHeader<Reader: RecordReader>(_ reader: inout Reader, _ fields: inout [CSVReader.Field], file: String,
                                          issues: inout IssueCollector) throws(CSVReader.QuoteError) -> (line: Int, known: HeaderMap?)? {
        var line = 0
        var titles: [(line: Int, text: String)] = []
        while try reader.next(into: &fields) != nil {
            line += 1
            if fields.allSatisfy(reader.isBlank) { continue }
            let known = headers.map(for: reader.key(of: fields))
            if known != nil || fields.contains(where: { context.form.columns.column(header: reader.string($0)) != nil }) {
                for title in titles {
                    issues.add(ReadingIssues.titleRowSkipped(file: file, line: title.line, text: title.text, firstRow: line + 1))
                }
                return (line, known)
            }
            guard titles.count < Self.maximumTitleRows else { break }
            titles.append((line, fields.first { !reader.isBlank($0) }.map(reader.string) ?? ""))
        }
        // No header within reach: the first non-blank row is the header, and says what is wrong.
        reader = reader.restarted()
        line = 0
        while try reader.next(into: &fields) != nil {
            line += 1
            if !fields.allSatisfy(reader.isBlank) { return (line, nil) }
        }
        return nil
    }

    /// The file's header: `known` when `findHeader` found the same header cells read before,
    /// else read (and kept for the files after, when nothing is wrong with it).
    func header<Reader: RecordReader>(_ fields: [CSVReader.Field], line: Int, known: HeaderMap?, reader: Reader, file: String,
                                      issues: inout IssueCollector) -> HeaderMap? {
        if let known { return known }
        let key = reader.key(of: fields)
        let before = issues.errorCount + issues.warningCount
        let map = HeaderMap.read(fields.map(reader.string), line: line, file: file, form: context.form, issues: &issues)
        if let map, issues.errorCount + issues.warningCount == before { headers.keep(map, for: key) }
        return map
    }

    /// A row of the template nobody filled in: every figure cell and the notes are blank (the
    /// code, name and period come printed in the template).
    func isUnfilled<Reader: RecordReader>(_ fields: [CSVReader.Field], reader: Reader, header: HeaderMap) -> Bool {
        for column in context.form.columns.all where column.fieldIndex != nil || column == .notes {
            if let position = header.position(of: column), position < fields.count, !reader.isBlank(fields[position]) {
                return false
            }
        }
        return true
    }

    /// Words a total row's code cell holds (folded: `Tổng cộng` → `tongcong`).
    static let totalWords: Set<String> = ["tongcong", "cong", "tong", "tongso", "total", "grandtotal", "sum", "congtong"]

    /// Whether a row whose code cell holds no plain commune code is not a row of figures: the
    /// template's second header row (the column names again), or a total row. A total row is
    /// skipped with a warning; the second header row in silence.
    func isLayoutRow<Reader: RecordReader>(_ fields: [CSVReader.Field], reader: Reader, at location: RowLocation, sums: [Int],
                                           rowsSoFar: Int, issues: inout IssueCollector) -> Bool {
        let header = location.header
        guard let codePosition = header.position(of: .communeCode), codePosition < fields.count,
              reader.bytes.withUnsafeBufferPointer({ buffer in
                  CellRules.plainCommuneCode(UnsafeBufferPointer(
                      rebasing: buffer[fields[codePosition].start..<fields[codePosition].end]))
              }) == nil
        else { return false }
        let values = fields.map(reader.string)
        let repeatsHeader = values.enumerated().allSatisfy { index, value in
            value.trimmingWhitespace().isEmpty
                || (index < header.columns.count && header.columns[index] != nil
                    && context.form.columns.column(header: value) == header.columns[index])
        }
        if repeatsHeader { return true }
        let code = values[codePosition]
        let words = SubmissionColumn.headerKey(code)
        var total = Self.totalWords.contains(words)
        if !total, words.isEmpty, rowsSoFar >= 2 {
            // No code, and every figure is the sum of the rows above it.
            total = Figure.allCases.allSatisfy { figure in
                guard let position = header.position(of: .figure(figure)), position < fields.count else { return false }
                let bytes = Array(reader.bytes[fields[position].start..<fields[position].end])
                return bytes.withUnsafeBufferPointer { buffer in
                    if case .success(let value) = CellRules.figure(figure, buffer, at: location) {
                        return value == sums[figure.index]
                    }
                    return false
                }
            }
        }
        guard total else { return false }
        issues.add(ReadingIssues.totalRowSkipped(file: location.file, line: location.line, code: code))
        return true
    }
}
