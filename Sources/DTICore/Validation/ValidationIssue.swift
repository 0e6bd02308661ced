/// One problem found in a submission file: a value, not an exception.
///
/// `code` is stable kebab-case from the `IssueCode` catalogue (safe to match on in scripts);
/// `line` and `column` count from 1 as a spreadsheet does (the line is the spreadsheet row, not
/// the file's physical line), and are nil when the problem concerns the whole file or row.
public struct ValidationIssue: Hashable, Sendable, Codable {
    public enum Severity: String, Sendable, Codable, Comparable {
        /// Refuses the whole file.
        case error
        /// Reported, but the file still loads.
        case warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .error && rhs == .warning }
    }

    public var code: String
    public var severity: Severity
    public var file: String
    public var line: Int?
    public var column: Int?
    /// The header as the file wrote it, so the officer recognises the column.
    public var columnName: String?
    public var message: LocalizedText
    /// In a workbook, the sheet the line and column are on: the location then reads as Excel
    /// names a cell (`Sheet1!F7`, a whole row `Sheet1!7:7`).
    public var sheet: String?

    /// An issue as stored, its code read back as text; new issues are made from an `IssueCode`.
    package init(
        code: String, severity: Severity, file: String, line: Int? = nil,
        column: Int? = nil, columnName: String? = nil, message: LocalizedText, sheet: String? = nil
    ) {
        self.sheet = sheet
        self.code = code
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
        self.message = message
    }

    /// `file:line:column: error [code] message` — the shape compilers use, so editors and
    /// grep work on it, followed by words an officer can act on.
    public func formatted(_ language: Language) -> String {
        var location = file
        if let sheet, let line {
            location += ":" + WorkbookTable.cellName(sheet: sheet, row: line, column: column)
        } else {
            if let line { location += ":\(line)" }
            if let column { location += ":\(column)" }
        }
        let label: String
        switch (severity, language) {
        case (.error, .vi): label = "lỗi"
        case (.error, .en): label = "error"
        case (.warning, .vi): label = "cảnh báo"
        case (.warning, .en): label = "warning"
        }
        return "\(Quoted.escaped(location)): \(label) [\(code)] \(message(language))"
    }
}

/// Collects the issues of one file, keeping the first `limit` and counting the rest, so a
/// file of 10,000 bad rows yields a readable report rather than 10,000 lines.
public struct IssueCollector: Sendable {
    public private(set) var issues: [ValidationIssue] = []
    public private(set) var errorCount = 0
    public private(set) var warningCount = 0
    public let limit: Int

    public init(limit: Int = 200) {
        self.limit = limit
    }

    public var omittedCount: Int { errorCount + warningCount - issues.count }
    public var hasErrors: Bool { errorCount > 0 }

    public mutating func add(_ issue: ValidationIssue) {
        switch issue.severity {
        case .error: errorCount += 1
        case .warning: warningCount += 1
        }
        if issues.count < limit { issues.append(issue) }
    }

    /// Drops the kept issues `predicate` picks (they no longer count); returns them.
    @discardableResult
    mutating func removeAll(where predicate: (ValidationIssue) -> Bool) -> [ValidationIssue] {
        let removed = issues.filter(predicate)
        issues.removeAll(where: predicate)
        for issue in removed {
            switch issue.severity {
            case .error: errorCount -= 1
            case .warning: warningCount -= 1
            }
        }
        return removed
    }

    /// The kept issues in the order an officer fixes them: the file's own first, then by row
    /// and, within a row, by column (issues of a whole row before its cells').
    mutating func sortByPlace() {
        issues = issues.enumerated().sorted { left, right in
            let a = (left.element.line ?? 0, left.element.column ?? 0), b = (right.element.line ?? 0, right.element.column ?? 0)
            return a != b ? a < b : left.offset < right.offset
        }.map(\.element)
    }

    /// Places every issue that has a line on `sheet` of a workbook.
    mutating func placeOnSheet(_ sheet: String) {
        for index in issues.indices where issues[index].line != nil { issues[index].sheet = sheet }
    }
}

/// Lets cell readers return `Result<Value, ValidationIssue>`; issues are never thrown.
extension ValidationIssue: Error {}
