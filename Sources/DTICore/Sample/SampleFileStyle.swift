import Foundation

/// The ways real files arrive (docs/submission-format.md, "What files may look like").
public enum SampleFileStyle: String, CaseIterable, Sendable {
    /// A script: canonical names in contract order, `,`, LF, plain digits.
    case canonical
    /// Vietnamese-locale Excel: BOM, `;`, CRLF, Vietnamese headers, `1.240`, codes without
    /// leading zeros, `MM/YYYY`, the commune name column.
    case excel
    /// LibreOffice: tab, canonical names, notes with quotes, line breaks and delimiters,
    /// no final newline.
    case libreOffice
    /// Hand-edited: Vietnamese headers in NFD and upper case, shuffled columns, `"1,240"` and
    /// `1 240` separators, blank cells for empty notes, blank trailing lines.
    case edited

    struct Layout {
        var delimiter: Character
        var lineEnd: String
        var byteOrderMark: Bool
        var columns: [SubmissionColumn]
    }

    /// The columns and punctuation of the style, with a province's `extras` after the contract's figures.
    func layout(extras: [SubmissionColumn] = []) -> Layout {
        let figures = Figure.allCases.map(SubmissionColumn.figure) + extras
        switch self {
        case .canonical:
            return Layout(delimiter: ",", lineEnd: "\n", byteOrderMark: false,
                          columns: [.communeCode, .period] + figures)
        case .excel:
            return Layout(delimiter: ";", lineEnd: "\r\n", byteOrderMark: true,
                          columns: [.communeCode, .period, .communeName] + figures + [.notes])
        case .libreOffice:
            return Layout(delimiter: "\t", lineEnd: "\n", byteOrderMark: false,
                          columns: [.communeCode, .period] + figures + [.notes])
        case .edited:
            return Layout(delimiter: ",", lineEnd: "\n", byteOrderMark: false,
                          columns: [.period, .notes] + figures.reversed() + [.communeCode])
        }
    }

    func header(_ column: SubmissionColumn, delimiter: Character) -> String {
        switch self {
        case .canonical, .libreOffice: column.canonicalName
        case .excel: quoted(column.vietnameseLabel, delimiter: delimiter)
        case .edited: quoted(column.vietnameseLabel.uppercased().decomposedStringWithCanonicalMapping, delimiter: delimiter)
        }
    }

    func cell(_ column: SubmissionColumn, of row: SubmissionRow, index: Int, delimiter: Character, form: Form) -> String {
        switch column {
        case .communeCode:
            return self == .excel ? String(row.communeCode.drop { $0 == "0" }) : row.communeCode
        case .period:
            return self == .excel ? String(format: "%02d/%04d", row.period.month, row.period.year) : row.period.description
        case .communeName:
            return row.communeName ?? ""
        case .notes:
            return quoted(row.notes ?? "", delimiter: delimiter)
        case .figure(let figure):
            return number(row.figures[figure], index: index, delimiter: delimiter)
        case .extra(let field):
            if let text = row.figures.texts[field.name] { return quoted(text, delimiter: delimiter) }
            guard let value = row.figures.extras[field.name] else { return "" }
            guard form.fields[field.index].kind == .yesNo else { return number(value, index: index, delimiter: delimiter) }
            // As officers write a yes/no task: the template's words in a spreadsheet, digits from a script.
            switch self {
            case .canonical, .libreOffice: return String(value)
            case .excel: return value == 1 ? "Có" : "Không"
            case .edited: return value == 1 ? "x" : "không"
            }
        }
    }

    private func number(_ value: Int, index: Int, delimiter: Character) -> String {
        switch self {
        case .canonical, .libreOffice: String(value)
        case .excel: Quoted.grouped(value, separator: ".")
        case .edited: index % 2 == 0 ? quoted(Quoted.grouped(value, separator: ","), delimiter: delimiter)
            : Quoted.grouped(value, separator: " ")
        }
    }

    private func quoted(_ text: String, delimiter: Character) -> String {
        Quoted.csvField(text, delimiter: delimiter)
    }

    /// The whole file for `rows`, with the columns of a province's `extras` (of `form`).
    func render(_ rows: [SubmissionRow], extras: [SubmissionColumn] = [], form: Form = .contract) -> String {
        let layout = layout(extras: extras)
        var text = layout.byteOrderMark ? "\u{FEFF}" : ""
        let delimiter = layout.delimiter
        text += layout.columns.map { header($0, delimiter: delimiter) }.joined(separator: String(delimiter))
        for (index, row) in rows.enumerated() {
            text += layout.lineEnd
            text += layout.columns.map { cell($0, of: row, index: index, delimiter: delimiter, form: form) }.joined(separator: String(delimiter))
        }
        switch self {
        case .libreOffice: break  // no final newline
        case .edited: text += layout.lineEnd + layout.lineEnd + layout.lineEnd
        case .canonical, .excel: text += layout.lineEnd
        }
        return text
    }
}
