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
/// Every problem is collected (up to a cap), not just the first, so an officer can fix the
/// file in one go. Nothing here touches the database.
public struct FileValidator: Sendable {
    public let context: ValidationContext
    private let headers = HeaderCache()

    public init(context: ValidationContext) {
        self.context = context
    }

    /// The file's header, from the cache when the same header bytes were read before.
    private func header(_ fields: [CSVReader.Field], line: Int, reader: CSVReader, file: String,
                        issues: inout IssueCollector) -> HeaderMap? {
        let key = fields.isEmpty ? [] : [reader.delimiter] + reader.bytes[fields.first!.start..<fields.last!.end]
        if let known = headers.map(for: key) { return known }
        let before = issues.errorCount + issues.warningCount
        let map = HeaderMap.read(fields.map(reader.string), line: line, file: file, issues: &issues)
        if let map, issues.errorCount + issues.warningCount == before { headers.keep(map, for: key) }
        return map
    }

    /// The largest file read: a commune's month is under a kilobyte and a national batch of
    /// 10,000 communes about 2 MB, so anything near this is not a submission.
    public static let maximumFileSize = 32 << 20

    /// The verdict on a file over `maximumFileSize`, which is not read.
    static func tooLarge(fileName: String, sha256: String, size: Int) -> FileValidation {
        var issues = IssueCollector()
        issues.add(ValidationIssue(.fileTooLarge, file: fileName, message: LocalizedText(
            vi: "Tệp quá lớn (\(size / 1_048_576) MB; tối đa \(maximumFileSize / 1_048_576) MB). Báo cáo tháng của một xã chỉ vài KB; hãy kiểm tra đã chọn đúng tệp CSV. Tệp không được lưu vào cơ sở dữ liệu, vẫn giữ nguyên ở nơi đã gửi.",
            en: "The file is too large (\(size / 1_048_576) MB; at most \(maximumFileSize / 1_048_576) MB). A commune's monthly report is a few KB; check that the right CSV file was chosen. The file is not copied into the database; it stays where it was sent.")))
        return FileValidation(fileName: fileName, sha256: sha256, rows: [], issues: issues)
    }

    public func validate(_ bytes: [UInt8], fileName: String) -> FileValidation {
        guard bytes.count <= Self.maximumFileSize else {
            return Self.tooLarge(fileName: fileName, sha256: sha256Hex(bytes), size: bytes.count)
        }
        var issues = IssueCollector()
        var mentions: [(line: Int, communeCode: String, period: Period)] = []
        let rows = FileSignature.of(bytes) == .zip
            ? readWorkbook(bytes, file: fileName, issues: &issues, mentions: &mentions)
            : readRows(bytes, file: fileName, issues: &issues, mentions: &mentions)
        var validation = FileValidation(fileName: fileName, sha256: sha256Hex(bytes), rows: issues.hasErrors ? [] : rows,
                                        issues: issues)
        if issues.hasErrors { validation.mentions = mentions }
        return validation
    }

    /// An `.xlsx`: its first visible sheet, read as the same table a CSV file is, each issue
    /// then placed on the sheet (`'Báo cáo'!F7`).
    private func readWorkbook(_ bytes: [UInt8], file: String, issues: inout IssueCollector,
                              mentions: inout [(line: Int, communeCode: String, period: Period)]) -> [SubmissionRow] {
        let table: WorkbookTable
        switch WorkbookReader.read(bytes) {
        case .failure(let problem):
            issues.add(ValidationIssue(problem.code, file: file, message: problem.message))
            return []
        case .success(let read): table = read
        }
        defer { issues.placeOnSheet(table.sheet) }
        for (row, column) in table.formulasWithoutValue {
            let cell = WorkbookTable.columnLetters(column) + String(row)
            issues.add(ValidationIssue(.formulaWithoutValue, file: file, line: row, column: column, message: LocalizedText(
                vi: "Ô \(cell) có công thức nhưng tệp chưa lưu kết quả của nó (tệp do một chương trình tạo ra, chưa mở bằng Excel). Mở tệp trong Excel, bấm Lưu rồi gửi lại.",
                en: "Cell \(cell) holds a formula but the file has no saved result for it (a program wrote the file and Excel never opened it). Open the file in Excel, save it, and send it again.")))
        }
        guard table.rows.contains(where: { $0.contains { !$0.isEmpty } }) else {
            issues.add(ValidationIssue(.fileEmpty, file: file, message: LocalizedText(
                vi: "Trang tính “\(Quoted.text(table.sheet))” (trang đầu tiên không ẩn) trống; số liệu phải nằm ở trang đầu tiên của bảng tính.",
                en: "Sheet “\(Quoted.text(table.sheet))” (the first visible one) is empty; the figures must be on the workbook's first sheet.")))
            return []
        }
        let text = table.csv()
        guard text.count <= Self.maximumFileSize else {
            issues.add(ValidationIssue(WorkbookReader.tooLarge.code, file: file, message: WorkbookReader.tooLarge.message))
            return []
        }
        return readRows(text, file: file, issues: &issues, mentions: &mentions)
    }

    /// How many rows above the header may be a title (“BÁO CÁO CHUYỂN ĐỔI SỐ THÁNG 10/2026”,
    /// “UBND XÃ …”, a blank line): more than this and the first row is taken as the header.
    static let maximumTitleRows = 10

    /// Reads records up to the header: rows above it in which no cell names a column are a
    /// title, skipped with a warning each, when a header follows within `maximumTitleRows`;
    /// otherwise the first non-blank row is the header, as the contract has it. Returns the
    /// header's fields and its row number.
    private func findHeader(_ reader: inout CSVReader, _ fields: inout [CSVReader.Field], start: Int,
                            file: String, issues: inout IssueCollector) throws -> Int? {
        var line = 0
        var titles: [(line: Int, text: String)] = []
        while try reader.next(into: &fields) != nil {
            line += 1
            if fields.allSatisfy(reader.isBlank) { continue }
            let key = [reader.delimiter] + reader.bytes[fields.first!.start..<fields.last!.end]
            if headers.map(for: key) != nil || fields.contains(where: { SubmissionColumn(header: reader.string($0)) != nil }) {
                for title in titles {
                    issues.add(ValidationIssue(.titleRowSkipped, file: file, line: title.line, message: LocalizedText(
                        vi: "Dòng \(title.line) (“\(Quoted.text(title.text))”) nằm trên dòng tiêu đề cột nên được bỏ qua; số liệu đọc từ dòng \(line + 1).",
                        en: "Row \(title.line) (“\(Quoted.text(title.text))”) is above the column headings and was skipped; figures are read from row \(line + 1).")))
                }
                return line
            }
            guard titles.count < Self.maximumTitleRows else { break }
            titles.append((line, fields.first { !reader.isBlank($0) }.map(reader.string) ?? ""))
        }
        // No header within reach: the first non-blank row is the header, and says what is wrong.
        reader = CSVReader(bytes: reader.bytes, delimiter: reader.delimiter, startingAt: start)
        line = 0
        while try reader.next(into: &fields) != nil {
            line += 1
            if !fields.allSatisfy(reader.isBlank) { return line }
        }
        return nil
    }

    /// A row of the template nobody filled in: every figure cell and the notes are blank (the
    /// code, name and period come printed in the template).
    private func isUnfilled(_ fields: [CSVReader.Field], reader: CSVReader, header: HeaderMap) -> Bool {
        for column in Figure.allCases.map(SubmissionColumn.figure) + [.notes] {
            if let position = header.position(of: column), position < fields.count, !reader.isBlank(fields[position]) {
                return false
            }
        }
        return true
    }

    /// Words a total row's code cell holds (folded: `Tổng cộng` → `tongcong`).
    static let totalWords: Set<String> = ["tongcong", "cong", "tong", "tongso", "total", "grandtotal", "sum", "congtong"]

    /// Whether a row that does not start with a commune code is not a row of figures: the
    /// template's second header row (the column names again), or a total row. A total row is
    /// skipped with a warning; the second header row in silence.
    private func isLayoutRow(_ fields: [CSVReader.Field], reader: CSVReader, header: HeaderMap, line: Int, sums: [Int],
                             rowsSoFar: Int, file: String, issues: inout IssueCollector) -> Bool {
        let values = fields.map(reader.string)
        let repeatsHeader = values.enumerated().allSatisfy { index, value in
            value.trimmingWhitespace().isEmpty
                || (index < header.columns.count && header.columns[index] != nil
                    && SubmissionColumn(header: value) == header.columns[index])
        }
        if repeatsHeader { return true }
        guard let codePosition = header.position(of: .communeCode) else { return false }
        let code = codePosition < values.count ? values[codePosition] : ""
        let words = SubmissionColumn.headerKey(code)
        var total = Self.totalWords.contains(words)
        if !total, words.isEmpty, rowsSoFar >= 2 {
            // No code, and every figure is the sum of the rows above it.
            let location = RowLocation(file: file, line: line, header: header)
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
        issues.add(ValidationIssue(.totalRowSkipped, file: file, line: line, message: LocalizedText(
            vi: "Dòng \(line) là dòng tổng cộng\(code.isEmpty ? " (các số bằng tổng các dòng trên)" : " (“\(Quoted.text(code))”)"), không phải số liệu của một xã, nên được bỏ qua.",
            en: "Row \(line) is a total row\(code.isEmpty ? " (its figures are the sums of the rows above)" : " (“\(Quoted.text(code))”)"), not a commune's figures, and was skipped.")))
        return true
    }

    private func readRows(_ bytes: [UInt8], file: String, issues: inout IssueCollector,
                          mentions: inout [(line: Int, communeCode: String, period: Period)]) -> [SubmissionRow] {
        let start: Int
        switch TextEncodingCheck.textStart(of: bytes, file: file) {
        case .success(let offset): start = offset
        case .failure(let issue):
            issues.add(issue)
            return []
        }
        let delimiter = CSVReader.detectDelimiter(in: bytes, from: start)
        var reader = CSVReader(bytes: bytes, delimiter: delimiter, startingAt: start)
        var fields: [CSVReader.Field] = []
        var rows: [SubmissionRow] = []
        var firstRow: [RowKey: Int] = [:]
        // Records counted as a spreadsheet counts rows (header = 1), not physical lines: a
        // note with line breaks is one row in Excel.
        var rowNumber = 1
        var sums = [Int](repeating: 0, count: Figure.allCases.count)
        do {
            guard let headerLine = try findHeader(&reader, &fields, start: start, file: file, issues: &issues),
                  let header = header(fields, line: headerLine, reader: reader, file: file, issues: &issues)
            else { return [] }
            rowNumber = headerLine
            while true {
                rowNumber += 1
                guard try reader.next(into: &fields) != nil else { break }
                if fields.allSatisfy(reader.isBlank) { continue }  // blank lines, `;;;;` rows from Excel
                let location = RowLocation(file: file, line: rowNumber, header: header)
                if let code = header.position(of: .communeCode), code < fields.count,
                   reader.bytes.withUnsafeBufferPointer({ buffer in
                       CellRules.plainCommuneCode(UnsafeBufferPointer(rebasing: buffer[fields[code].start..<fields[code].end]))
                   }) == nil,
                   isLayoutRow(fields, reader: reader, header: header, line: rowNumber, sums: sums, rowsSoFar: rows.count,
                               file: file, issues: &issues) {
                    continue
                }
                if isUnfilled(fields, reader: reader, header: header) {
                    let code = header.position(of: .communeCode).flatMap { $0 < fields.count ? reader.string(fields[$0]) : nil } ?? ""
                    issues.add(ValidationIssue(.unfilledRowSkipped, file: file, line: rowNumber, message: LocalizedText(
                        vi: "Dòng \(rowNumber) (mã xã “\(Quoted.text(code))”) chưa điền số liệu nào nên được bỏ qua; xã này chưa được tính là đã báo cáo.",
                        en: "Row \(rowNumber) (commune code “\(Quoted.text(code))”) has no figures filled in and was skipped; that commune has not reported yet.")))
                    continue
                }
                guard let (row, readable) = readRow(fields, reader: reader, at: location, delimiter: delimiter,
                                                    issues: &issues)
                else { continue }
                if readable.hasCommuneAndPeriod {
                    mentions.append((rowNumber, row.communeCode, row.period))
                    let key = RowKey(communeCode: row.communeCode, period: row.period)
                    if let earlier = firstRow[key] {
                        issues.add(location.issue(.duplicateRow, at: .communeCode, LocalizedText(
                            vi: "Xã \(row.communeCode) \(row.period.monthName(.vi)) đã có ở dòng \(earlier); mỗi xã chỉ có một dòng cho mỗi kỳ.",
                            en: "Commune \(row.communeCode) for \(row.period) already appears on line \(earlier); one row per commune and period.")))
                        continue
                    }
                    firstRow[key] = rowNumber
                }
                for rule in RuleBook.rowRules {
                    rule.check(row, readable: readable, at: location, in: context, into: &issues)
                }
                if readable == .all {
                    rows.append(row)
                    for figure in Figure.allCases { sums[figure.index] &+= row.figures[figure] }
                }
            }
        } catch {
            issues.add(quoteIssue(error, file: file, row: rowNumber))
            return []
        }
        if rows.isEmpty && !issues.hasErrors {
            issues.add(ValidationIssue(.fileNoRows, file: file, message: LocalizedText(
                vi: "Tệp chỉ có dòng tiêu đề, không có dòng số liệu nào.",
                en: "The file has a header but no rows of figures.")))
        }
        return rows
    }

    /// Reads a row's cells, reporting each that cannot be read. Returns the row with the cells
    /// that could be read (placeholders in the others), or nil when the row's shape is wrong.
    private func readRow(_ fields: [CSVReader.Field], reader: CSVReader, at location: RowLocation,
                         delimiter: UInt8, issues: inout IssueCollector) -> (SubmissionRow, ReadableCells)? {
        let header = location.header
        if fields.count > header.columns.count,
           let extra = fields[header.columns.count...].firstIndex(where: { !reader.isBlank($0) }) {
            let mark = delimiter == UInt8(ascii: "\t") ? "tab" : String(UnicodeScalar(delimiter))
            issues.add(ValidationIssue(
                .rowExtraValues, file: location.file, line: location.line, column: extra + 1,
                message: LocalizedText(
                    vi: "Dòng có \(fields.count) giá trị nhưng tiêu đề chỉ có \(header.columns.count) cột; có thể một ô (thường là Ghi chú) chứa dấu “\(mark)” mà không đặt trong ngoặc kép.",
                    en: "The row has \(fields.count) values but the header has \(header.columns.count) columns; a cell (often the notes) probably holds a “\(mark)” without quotes.")))
            return nil
        }
        for (index, column) in header.columns.enumerated()
        where column == nil && header.names[index].isEmpty && index < fields.count && !reader.isBlank(fields[index]) {
            let value = Quoted.text(reader.string(fields[index]))
            issues.add(ValidationIssue(
                .valueWithoutHeading, file: location.file, line: location.line, column: index + 1,
                message: LocalizedText(
                    vi: "Cột \(index + 1) không có tiêu đề nhưng có giá trị “\(value)”; thêm tiêu đề đúng mẫu hoặc xoá giá trị.",
                    en: "Column \(index + 1) has no heading but holds “\(value)”; add the template heading or delete the value.")))
        }

        let emptyField = CSVReader.Field(start: 0, end: 0, hasEscapedQuote: false)
        func field(_ column: SubmissionColumn) -> CSVReader.Field? {
            header.position(of: column).map { $0 < fields.count ? fields[$0] : emptyField }
        }
        var readable = ReadableCells.all
        func take<T>(_ result: Result<T, ValidationIssue>, _ cell: ReadableCells) -> T? {
            switch result {
            case .success(let value): return value
            case .failure(let issue):
                issues.add(issue)
                readable.remove(cell)
                return nil
            }
        }
        let codeField = field(.communeCode)!, periodField = field(.period)!
        var values = [Int](repeating: 0, count: Figure.allCases.count)
        let (plainCode, plainPeriod) = reader.bytes.withUnsafeBufferPointer { buffer in
            (CellRules.plainCommuneCode(UnsafeBufferPointer(rebasing: buffer[codeField.start..<codeField.end])),
             CellRules.plainPeriod(UnsafeBufferPointer(rebasing: buffer[periodField.start..<periodField.end])))
        }
        let code = plainCode ?? take(CellRules.communeCode(reader.string(codeField), at: location), .communeCode)
        let period = plainPeriod ?? take(CellRules.period(reader.string(periodField), at: location), .period)
        reader.bytes.withUnsafeBufferPointer { buffer in
            for figure in Figure.allCases {
                let cell = field(.figure(figure))!
                let bytes = UnsafeBufferPointer(rebasing: buffer[cell.start..<cell.end])
                if let value = take(CellRules.figure(figure, bytes, at: location), .figure(figure)) {
                    values[figure.index] = value
                }
            }
        }
        func text(_ column: SubmissionColumn) -> String? {
            guard let cell = field(column), !reader.isBlank(cell) else { return nil }
            let value = reader.string(cell)
            TextCellRules.check(value, column: column, at: location, into: &issues)
            return value
        }
        let row = SubmissionRow(
            line: location.line, communeCode: code ?? "", period: period ?? context.latestPeriod,
            figures: Figures(values: values),
            communeName: text(.communeName).map { String($0.trimmingWhitespace()) }, notes: text(.notes))
        return (row, readable)
    }

    private func quoteIssue(_ error: any Error, file: String, row: Int) -> ValidationIssue {
        let quoteError = error as! CSVReader.QuoteError
        let message: LocalizedText
        switch quoteError.kind {
        case .unclosed:
            message = LocalizedText(
                vi: "Dấu ngoặc kép mở ở đây không bao giờ được đóng, nên phần còn lại của tệp không đọc được; kiểm tra ô này (thường là Ghi chú).",
                en: "A double quote opened here is never closed, so the rest of the file cannot be read; check this cell (often the notes).")
        case .strayAfterClosing:
            message = LocalizedText(
                vi: "Có ký tự ngay sau dấu ngoặc kép đóng; trong ô có ngoặc kép, hãy viết mỗi dấu ngoặc kép thành hai dấu (\"\").",
                en: "Characters follow a closing double quote; inside a quoted cell, write each double quote twice (\"\").")
        }
        return ValidationIssue(quoteError.kind == .unclosed ? .fileUnclosedQuote : .fileStrayQuote,
                               file: file, line: row, column: quoteError.column, message: message)
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
}
