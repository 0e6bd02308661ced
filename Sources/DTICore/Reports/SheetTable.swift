/// One column of a report sheet, described once: its header, width, format and how a row
/// gives its value. Inserting a column is inserting one of these; nothing else moves.
struct SheetColumn<Row> {
    var header: String
    var width: Double
    /// The style of every cell of a `uniform` column.
    var style: CellStyle?
    var cells: Cells

    /// How a row gives its cell.
    enum Cells {
        /// Every cell of the column in `style`.
        case uniform((Row) -> CellValue)
        /// The style differs from row to row (a ratio here, words there).
        case styled((Row) -> (CellValue, CellStyle?))
    }

    init(_ header: String, width: Double, _ style: CellStyle? = nil, _ value: @escaping (Row) -> CellValue) {
        self.header = header
        self.width = width
        self.style = style
        self.cells = .uniform(value)
    }

    /// A column whose cells differ in style from row to row.
    init(_ header: String, width: Double, styled cell: @escaping (Row) -> (CellValue, CellStyle?)) {
        self.header = header
        self.width = width
        self.cells = .styled(cell)
    }

    /// A text column (codes stay text: "03390" never becomes 3390).
    static func text(_ header: String, width: Double, _ value: @escaping (Row) -> String?) -> SheetColumn {
        SheetColumn(header, width: width, WorkbookReport.text) { value($0).map(CellValue.text) ?? .blank }
    }

    /// A number column in `style`; nil leaves the cell empty.
    static func number(_ header: String, width: Double, _ style: CellStyle? = nil,
                       _ value: @escaping (Row) -> Double?) -> SheetColumn {
        SheetColumn(header, width: width, style) { value($0).map(CellValue.number) ?? .blank }
    }

    /// A whole-number column (ranks, counts); nil leaves the cell empty.
    static func integer(_ header: String, width: Double, _ style: CellStyle? = nil,
                        _ value: @escaping (Row) -> Int?) -> SheetColumn {
        SheetColumn(header, width: width, style) { value($0).map { .number(Double($0)) } ?? .blank }
    }
}

/// Where things sit on every report sheet: row 0 holds the title, row 1 the headers; the
/// data starts at row 2 (so the title and header rows are the two repeated in print).
enum SheetLayout {
    static let headerRow = 1
    static let firstDataRow = 2
    /// The widest table (in Excel's units of column width) printed one A4 landscape page
    /// wide: wider, fitting it to the page would shrink 11-point text below 8 points.
    static let widestOnOnePage = 195.0
    /// How a wider table prints instead: at this scale (8¼-point text), across pages.
    static let acrossScale = 75
    /// An A4 landscape page's printed width in points: 297 mm less the two side margins.
    static let printableWidth = 297 / 25.4 * 72 - 2 * XLSXSheet.sideMargin * 72

    /// A column's printed width in points at full size, in the widest rendering met: Excel
    /// draws a width of w characters in Calibri as 7w + 5 pixels of ¾ point, but LibreOffice
    /// on a machine without Calibri or Carlito measures them in DejaVu Sans, 7 points for
    /// each unit of the width stored (w and the 5 pixels), a third wider.
    static func points(ofWidth width: Double) -> Double { 7 * (width + 5.0 / 7) }

    /// How many columns, from the first, the first page of a table printed across pages
    /// holds at `acrossScale`.
    static func firstPageColumns(_ widths: [Double]) -> Int {
        var total = 0.0
        return widths.prefix { width in
            total += points(ofWidth: width) * Double(acrossScale) / 100
            return total <= printableWidth
        }.count
    }

    /// Writes `text` as rows a reader can print: merged across `columns` of total `width`,
    /// wrapped, each row as tall as its text needs.
    static func writeParagraph(_ text: String, row: Int, columns: Int, width: Double, to sheet: XLSXSheet) throws {
        try sheet.mergeRow(row, 0, max(columns, 2) - 1, text: text, style: WorkbookReport.wrapped)
        let lines = (Double(text.count) / max(width * 1.1, 1)).rounded(.up)
        try sheet.setRowHeight(row, 15 * max(1, lines))
    }

    /// The title row, merged across `columns` (at least two, from `first`), with the source
    /// on a second line.
    static func writeTitle(_ title: String, source: String?, to sheet: XLSXSheet, across columns: Int, from first: Int = 0) throws {
        try sheet.mergeRow(0, first, first + max(columns, 2) - 1, text: source.map { title + "\n" + $0 } ?? title, style: WorkbookReport.title)
        // Bold 12-point text: about 120 characters a line across a landscape page.
        let lines = source.map { 1 + (Double($0.count) / 120).rounded(.up) } ?? 1
        try sheet.setRowHeight(0, 17 * lines)
    }
}

/// A report sheet's table: a title row (what, where, when and from what), the header row
/// below it, frozen, filtered and repeated on every printed page, then one row per item.
struct SheetTable<Row> {
    var title: String
    /// What the sheet was made from (files, register, indicator set), under the title.
    var source: String?
    var columns: [SheetColumn<Row>]
    /// The columns that say which row is which (rank, code, name), repeated on every page
    /// when the table is too wide for one.
    var keyColumns = 2

    /// The position of the column headed `header` (for charts and colour scales).
    func column(_ header: String) -> Int? { columns.firstIndex { $0.header == header } }

    /// Writes the table; returns the sheet row of the last item (the header row when none).
    @discardableResult
    func write(_ rows: [Row], to sheet: XLSXSheet) throws -> Int {
        let widths = columns.map(\.width)
        let printedAcross = widths.reduce(0, +) > SheetLayout.widestOnOnePage
        if printedAcross {
            // Merged across every column, the title would print its tail cut mid-word on the
            // next pages, and its start again in the columns repeated there: it is kept to the
            // first page, after the repeated columns, and wraps within it.
            let first = min(keyColumns, max(columns.count - 2, 0))
            try SheetLayout.writeTitle(title, source: source, to: sheet,
                                       across: SheetLayout.firstPageColumns(widths) - first, from: first)
        } else {
            try SheetLayout.writeTitle(title, source: source, to: sheet, across: columns.count)
        }
        try sheet.writeRow(columns.map { .text($0.header) }, row: SheetLayout.headerRow, style: WorkbookReport.header)
        // Headers wrap within their column; a workbook does not size rows itself, so the
        // header row is made as tall as its longest header needs (about 1.2 characters a unit of width).
        let lines = columns.map { column in (Double(column.header.count) * 1.2 / max(column.width, 1)).rounded(.up) }.max() ?? 1
        try sheet.setRowHeight(SheetLayout.headerRow, 15 * max(1, min(lines, 4)))
        for (index, column) in columns.enumerated() { try sheet.setColumns(index, index, width: column.width) }
        if printedAcross {
            try sheet.printAcross(scale: SheetLayout.acrossScale, repeatColumns: keyColumns)
        }
        sheet.freeze(rows: SheetLayout.firstDataRow, columns: 0)
        try sheet.autofilter(firstRow: SheetLayout.headerRow, rows: rows.count + 1, columns: columns.count)
        // A uniform column's style is made a format once, not looked up again for every cell.
        let formats = columns.map { sheet.format($0.style) }
        let cells = columns.map(\.cells)
        for (index, row) in rows.enumerated() {
            for position in cells.indices {
                let at = SheetLayout.firstDataRow + index
                switch cells[position] {
                case .uniform(let value): try sheet.write(value(row), row: at, column: position, format: formats[position])
                case .styled(let cell):
                    let (value, style) = cell(row)
                    try sheet.write(value, row: at, column: position, style: style)
                }
            }
        }
        return SheetLayout.headerRow + rows.count
    }
}
