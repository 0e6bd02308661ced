/// A report's sections as a reader meets them, before they are written out: headings,
/// paragraphs and tables of plain text. The Markdown report and the HTML page are both
/// written from one document, so they say the same thing and neither parses the other;
/// each writer escapes the text for its own format (`MarkdownReport.escapeCell`,
/// `ReportCharts.escape`), so what a commune typed is always shown as text.
struct ReportDocument: Sendable {
    enum Block: Sendable {
        case heading(String)
        case paragraph(String)
        case table(Table)
    }

    struct Column: Sendable {
        var title: String
        /// Right-aligned (a figure) rather than left-aligned (a name, a code, a message).
        var numeric = false

        static func text(_ title: String) -> Column { Column(title: title) }
        static func number(_ title: String) -> Column { Column(title: title, numeric: true) }
    }

    /// A table cell: its text and, for the HTML page, how it is coloured (a tier's colour, a
    /// scorecard's judgement). The Markdown report shows the text alone, so the colour never
    /// carries a meaning the text does not.
    struct Cell: Sendable, ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
        var text: String
        /// A CSS class from the page's style (`met`, `near`, `missed`).
        var tone: String?
        /// A background colour `#RRGGBB` (checked when the indicator file was read).
        var colour: String?

        init(_ text: String, tone: String? = nil, colour: String? = nil) {
            self.text = text
            self.tone = tone
            self.colour = colour
        }

        init(stringLiteral text: String) { self.init(text) }
    }

    struct Table: Sendable {
        var columns: [Column]
        var rows: [[Cell]]
        /// A CSS class naming the table for the page's style and its tests (`ranking`, `scorecard`).
        var role: String?

        init(_ columns: [Column], rows: [[Cell]] = [], role: String? = nil) {
            self.columns = columns
            self.rows = rows
            self.role = role
        }
    }

    var blocks: [Block] = []

    mutating func heading(_ text: String) { blocks.append(.heading(text)) }
    mutating func paragraph(_ text: String) { blocks.append(.paragraph(text)) }
    mutating func table(_ table: Table) { blocks.append(.table(table)) }
    static func += (document: inout ReportDocument, other: ReportDocument) { document.blocks += other.blocks }

    /// The sections as Markdown (`##` headings, pipe tables), each block followed by a blank line.
    func markdown() -> String {
        var lines: [String] = []
        for block in blocks {
            switch block {
            case .heading(let text): lines.append("## \(text)")
            case .paragraph(let text): lines.append(text)
            case .table(let table):
                lines.append(Self.markdownRow(table.columns.map(\.title)))
                lines.append("|" + table.columns.map { $0.numeric ? "---:|" : "---|" }.joined())
                for row in table.rows { lines.append(Self.markdownRow(row.map(\.text))) }
            }
            lines.append("")
        }
        return lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
    }

    /// `| a | b | |`: each cell escaped, an empty one as a bare separator.
    private static func markdownRow(_ cells: [String]) -> String {
        "|" + cells.map { $0.isEmpty ? " |" : " \(MarkdownReport.escapeCell($0)) |" }.joined()
    }

    /// The sections as HTML: `<h2>`, `<p>`, and tables with a header row that repeats on
    /// every printed page; figures right-aligned. Each table sits in a box of its own that
    /// scrolls sideways on a screen too narrow for it, so the page itself never does.
    func html() -> String {
        var out = ""
        for block in blocks {
            switch block {
            case .heading(let text): out += "<h2>\(Self.escape(text))</h2>\n"
            case .paragraph(let text): out += "<p>\(Self.escape(text))</p>\n"
            case .table(let table): out += Self.html(table)
            }
        }
        return out
    }

    static func html(_ table: Table) -> String {
        var out = "<div class=\"wide\"><table\(table.role.map { " class=\"\($0)\"" } ?? "")>\n<thead><tr>"
        for column in table.columns { out += "<th\(column.numeric ? " class=\"num\"" : "")>\(escape(column.title))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            out += "<tr>"
            for (index, cell) in row.enumerated() {
                let classes = [index < table.columns.count && table.columns[index].numeric ? "num" : nil, cell.tone].compactMap { $0 }
                out += "<td" + (classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\"")
                    + (cell.colour.map { " style=\"background:\($0)\"" } ?? "") + ">\(escape(cell.text))</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table></div>\n"
    }

    /// Text for HTML: escaped, a line break (CR, LF or CRLF) as `<br>`.
    static func escape(_ text: String) -> String {
        guard text.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return ReportCharts.escape(text) }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map { ReportCharts.escape(String($0)) }.joined(separator: "<br>")
    }
}
