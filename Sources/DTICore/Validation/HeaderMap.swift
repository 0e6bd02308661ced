import Synchronization

/// The meaning of each column of a submission file, read from its header row.
public final class HeaderMap: Sendable {
    /// The header cells as written (trimmed), by position.
    public let names: [String]
    /// The column each position holds; nil for a blank heading.
    public let columns: [SubmissionColumn?]
    /// Position of each column in the file, indexed by `SubmissionColumn.ordinal`.
    private let positionByOrdinal: [Int?]
    /// The positions under a blank heading (no column, no name): a value there has nowhere to go.
    let unnamedPositions: [Int]

    init(names: [String], columns: [SubmissionColumn?], positionByColumn: [SubmissionColumn: Int], ordinalCount: Int) {
        self.names = names
        self.columns = columns
        var positions = [Int?](repeating: nil, count: ordinalCount)
        for (column, position) in positionByColumn { positions[column.ordinal] = position }
        positionByOrdinal = positions
        unnamedPositions = names.indices.filter { columns[$0] == nil && names[$0].isEmpty }
    }

    public func position(of column: SubmissionColumn) -> Int? { positionByOrdinal[column.ordinal] }

    /// Reads the header cells (row `line` of the file), reporting unknown, duplicated and
    /// missing columns. Returns nil when the rows cannot be interpreted at all.
    static func read(_ cells: [String], line: Int = 1, file: String, form: Form, issues: inout IssueCollector) -> HeaderMap? {
        var columns: [SubmissionColumn?] = []
        var positions: [SubmissionColumn: Int] = [:]
        var usable = true
        // A real header has a typo or two; a header of thousands of unknown cells is not one,
        // and suggesting for each would cost more than reading the whole file.
        var suggestionsLeft = 20
        let names = cells.map { String($0.trimmingWhitespace()) }
        for (index, name) in names.enumerated() {
            // A blank heading, or a row-number column (STT): nothing of the template is there.
            guard !name.isEmpty, !SubmissionColumn.isSequenceNumber(name) else {
                columns.append(nil)
                continue
            }
            guard let column = form.columns.column(header: name) else {
                let guess = suggestionsLeft > 0 ? form.columns.suggestion(for: name) : nil
                suggestionsLeft -= 1
                let hint = guess.map { guess in
                    LocalizedText(vi: " Có phải “\(guess.vietnameseLabel)” (\(guess.canonicalName))?",
                                  en: " Did you mean “\(guess.vietnameseLabel)” (\(guess.canonicalName))?")
                } ?? LocalizedText(vi: "", en: "")
                // A province's own form is named: the officer may hold last year's template.
                let version = form.isContractOnly ? LocalizedText(vi: "", en: "")
                    : LocalizedText(vi: " (mẫu “\(form.name)”)", en: " (form “\(form.name)”)")
                issues.add(ValidationIssue(
                    .headerUnknownColumn, file: file, line: line, column: index + 1, columnName: name,
                    message: LocalizedText(
                        vi: "Cột “\(Quoted.text(name))” không thuộc mẫu báo cáo\(version.vi).\(hint.vi) Kiểm tra lại chính tả tiêu đề (danh sách cột ở trang “Hướng dẫn” của mẫu báo cáo Excel, tải tại trang gửi báo cáo của Sở) hoặc xoá cột này; chương trình không bỏ qua cột lạ để tránh mất số liệu.",
                        en: "Column “\(Quoted.text(name))” is not part of the template\(version.en).\(hint.en) Check the heading’s spelling (the columns are listed on the “Hướng dẫn” sheet of the Excel template, downloaded from the department’s upload page) or delete the column; unknown columns are not skipped so that no figure is silently lost.")))
                columns.append(nil)
                continue
            }
            if let earlier = positions[column] {
                issues.add(ValidationIssue(
                    .headerDuplicateColumn, file: file, line: line, column: index + 1, columnName: name,
                    message: LocalizedText(
                        vi: "Cột “\(Quoted.text(name))” xuất hiện hai lần (cột \(earlier + 1) và cột \(index + 1)); hãy xoá một cột.",
                        en: "Column “\(Quoted.text(name))” appears twice (columns \(earlier + 1) and \(index + 1)); delete one of them.")))
                usable = false
            } else {
                positions[column] = index
            }
            columns.append(column)
        }
        for column in form.columns.requiredColumns where positions[column] == nil {
            issues.add(ValidationIssue(
                .headerMissingColumn, file: file, line: line,
                message: LocalizedText(
                    vi: "Thiếu cột “\(column.vietnameseLabel)” (\(column.canonicalName)); hãy dùng đúng mẫu báo cáo.",
                    en: "Column “\(column.vietnameseLabel)” (\(column.canonicalName)) is missing; use the reporting template.")))
            usable = false
        }
        return usable ? HeaderMap(names: names, columns: columns, positionByColumn: positions,
                                  ordinalCount: form.columns.ordinalCount) : nil
    }
}

/// Header rows already understood, by their bytes. The files of a batch share a handful of
/// headers; reading one means normalising Vietnamese text, so each is read once.
/// Only headers without problems are kept (problems name the file they were found in).
final class HeaderCache: Sendable {
    private let maps = Mutex<[Key: HeaderMap]>([:])
    /// Enough for every template variant in real use; odd files cannot grow it without bound.
    static let capacity = 64

    func map(for key: [UInt8]) -> HeaderMap? {
        maps.withLock { $0[Key(bytes: key)] }
    }

    func keep(_ map: HeaderMap, for key: [UInt8]) {
        maps.withLock { maps in
            if maps.count < Self.capacity { maps[Key(bytes: key)] = map }
        }
    }

    /// A header row's bytes, hashed as one block: an array of bytes hashes byte by byte, and
    /// every file of a batch looks its header up.
    struct Key: Hashable {
        var bytes: [UInt8]

        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }
}
