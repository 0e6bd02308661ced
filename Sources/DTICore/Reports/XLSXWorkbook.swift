import CXLSXWriter
import Foundation

/// How a cell looks. Formats are created once per distinct style and reused.
public struct CellStyle: Hashable, Sendable {
    public var bold = false
    public var numberFormat: String?
    public var wrap = false
    public var background: UInt32?
    /// A cell the user may change on a protected sheet (`XLSXSheet.protect`).
    public var unlocked = false
    public var fontColour: UInt32?
    /// A thin border around the cell, so an empty cell to fill shows on paper too.
    public var border = false
    /// In points; nil keeps the workbook's 11.
    public var fontSize: Double?
    /// Centred in its cell (a rank, so that it never runs into the code beside it on paper).
    public var centred = false

    public init(bold: Bool = false, numberFormat: String? = nil, wrap: Bool = false, background: UInt32? = nil,
                unlocked: Bool = false, fontColour: UInt32? = nil, border: Bool = false, fontSize: Double? = nil,
                centred: Bool = false) {
        self.centred = centred
        self.border = border
        self.fontSize = fontSize
        self.bold = bold
        self.numberFormat = numberFormat
        self.wrap = wrap
        self.background = background
        self.unlocked = unlocked
        self.fontColour = fontColour
    }
}

/// A cell value. Text is always written as text, never parsed as a formula, so a note
/// starting with `=` or `+` stays what the commune wrote.
public enum CellValue: Sendable, Equatable {
    case text(String)
    case number(Double)
    case blank
}

public struct XLSXError: Error, CustomStringConvertible {
    public var operation: String
    public var reason: String
    public var description: String { "cannot write the workbook (\(operation)): \(reason)" }
}

/// An XLSX workbook written by libxlsxwriter. Owns the C workbook; `close()` writes the file.
///
/// This is the only type that touches the C library: every `lxw_error` becomes an `XLSXError`.
public final class XLSXWorkbook {
    private var workbook: UnsafeMutablePointer<lxw_workbook>?
    /// The formats made so far. A report uses a handful, and this runs for every cell: a short
    /// list compared in order beats hashing the style each time.
    private var formats: [(style: CellStyle, format: UnsafeMutablePointer<lxw_format>?)] = []
    private let path: String

    /// Creates the workbook at `path`. `createdAt` (Unix time) is stored as the document's
    /// creation time: derive it from the data so the same inputs give byte-identical files.
    public init(path: String, createdAt: Int, title: String) throws {
        self.path = path
        var options = lxw_workbook_options()
        workbook = path.withCString { workbook_new_opt($0, &options) }
        guard workbook != nil else { throw XLSXError(operation: "create \(path)", reason: "out of memory or bad path") }
        var properties = lxw_doc_properties()
        properties.created = time_t(createdAt)
        try XLSXText.cell(title).withCString { titlePointer in
            try "dti".withCString { author in
                properties.title = UnsafeMutablePointer(mutating: titlePointer)
                properties.author = UnsafeMutablePointer(mutating: author)
                try check(workbook_set_properties(workbook, &properties), "set properties")
            }
        }
    }

    deinit {
        // A workbook never closed (an error midway) still owns C memory; closing frees it.
        if let workbook { Self.discard(workbook) }
    }

    /// Frees a workbook without writing it where it was meant to go: libxlsxwriter writes on
    /// close, and prints its own “[ERROR]” line when it cannot; /dev/null always takes it.
    private static func discard(_ workbook: UnsafeMutablePointer<lxw_workbook>) {
        free(workbook.pointee.filename)
        workbook.pointee.filename = strdup("/dev/null")
        workbook_close(workbook)
    }

    public func addSheet(_ name: String) throws -> XLSXSheet {
        guard let sheet = name.withCString({ workbook_add_worksheet(workbook, $0) }) else {
            throw XLSXError(operation: "add sheet \(name)", reason: "invalid or duplicate sheet name")
        }
        return XLSXSheet(sheet: sheet, workbook: self)
    }

    /// Writes the file and releases the C workbook.
    public func close() throws {
        guard let open = workbook else { return }
        workbook = nil
        // Whether the file can be made is found out here and said in dti's words; left to
        // libxlsxwriter it prints a raw “[ERROR]” line of its own on standard error.
        let descriptor = Foundation.open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            Self.discard(open)
            throw XLSXError(operation: "save \(path)", reason: reason)
        }
        _ = Foundation.close(descriptor)
        try check(workbook_close(open), "save \(path)")
    }

    fileprivate func format(_ style: CellStyle?) -> UnsafeMutablePointer<lxw_format>? {
        guard let style else { return nil }
        if let existing = formats.first(where: { $0.style == style }) { return existing.format }
        let format = workbook_add_format(workbook)
        if style.bold { format_set_bold(format) }
        if style.wrap { format_set_text_wrap(format) }
        if let numberFormat = style.numberFormat { numberFormat.withCString { format_set_num_format(format, $0) } }
        if let background = style.background {
            format_set_pattern(format, UInt8(LXW_PATTERN_SOLID.rawValue))
            format_set_bg_color(format, background)
        }
        if style.unlocked { format_set_unlocked(format) }
        if let colour = style.fontColour { format_set_font_color(format, colour) }
        if style.border { format_set_border(format, UInt8(LXW_BORDER_THIN.rawValue)) }
        if let size = style.fontSize { format_set_font_size(format, size) }
        if style.centred { format_set_align(format, UInt8(LXW_ALIGN_CENTER.rawValue)) }
        if style.wrap { format_set_align(format, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue)) }
        formats.append((style, format))
        return format
    }

    fileprivate func chart(_ type: lxw_chart_type) -> UnsafeMutablePointer<lxw_chart>? {
        workbook_add_chart(workbook, UInt8(type.rawValue))
    }
}

/// A `CellStyle` made into a format of one workbook (`XLSXSheet.format`): valid while the
/// workbook is open, in its sheets only.
public struct XLSXFormat {
    fileprivate let pointer: UnsafeMutablePointer<lxw_format>?
}

/// One worksheet of an `XLSXWorkbook`. Rows and columns count from 0, as in libxlsxwriter.
public final class XLSXSheet {
    private let sheet: UnsafeMutablePointer<lxw_worksheet>
    private unowned let workbook: XLSXWorkbook
    public let name: String

    fileprivate init(sheet: UnsafeMutablePointer<lxw_worksheet>, workbook: XLSXWorkbook) {
        self.sheet = sheet
        self.workbook = workbook
        self.name = String(cString: sheet.pointee.name)
    }

    public func write(_ value: CellValue, row: Int, column: Int, style: CellStyle? = nil) throws {
        try write(value, row: row, column: column, format: format(style))
    }

    /// The workbook's format for `style`, for cells written many times in it (a table's column).
    public func format(_ style: CellStyle?) -> XLSXFormat {
        XLSXFormat(pointer: workbook.format(style))
    }

    public func write(_ value: CellValue, row: Int, column: Int, format: XLSXFormat) throws {
        let format = format.pointer
        let (r, c) = (lxw_row_t(row), lxw_col_t(column))
        switch value {
        case .text(let text):
            try check(XLSXText.cell(text).withCString { worksheet_write_string(sheet, r, c, $0, format) }, "write text")
        case .number(let number):
            try check(worksheet_write_number(sheet, r, c, number, format), "write number")
        case .blank:
            if format != nil { try check(worksheet_write_blank(sheet, r, c, format), "write blank") }
        }
    }

    /// Merges columns `first...last` of `row` into one cell holding `text`.
    public func mergeRow(_ row: Int, _ first: Int, _ last: Int, text: String, style: CellStyle) throws {
        let format = workbook.format(style)
        try check(XLSXText.cell(text).withCString {
            worksheet_merge_range(sheet, lxw_row_t(row), lxw_col_t(first), lxw_row_t(row), lxw_col_t(last), $0, format)
        }, "merge cells")
    }

    /// Writes a row of values starting at column 0.
    public func writeRow(_ values: [CellValue], row: Int, style: CellStyle? = nil) throws {
        for (column, value) in values.enumerated() {
            try write(value, row: row, column: column, style: style)
        }
    }

    public func setColumns(_ first: Int, _ last: Int, width: Double, style: CellStyle? = nil) throws {
        try check(worksheet_set_column(sheet, lxw_col_t(first), lxw_col_t(last), width, workbook.format(style)),
                  "set column width")
    }

    /// Keeps the first `rows` rows and `columns` columns visible while scrolling.
    public func freeze(rows: Int, columns: Int) {
        worksheet_freeze_panes(sheet, lxw_row_t(rows), lxw_col_t(columns))
    }

    /// A filter over `rows` rows (the header's included) from `firstRow`, `columns` wide.
    public func autofilter(firstRow: Int = 0, rows: Int, columns: Int) throws {
        guard rows > 0, columns > 0 else { return }
        try check(worksheet_autofilter(sheet, lxw_row_t(firstRow), 0, lxw_row_t(firstRow + rows - 1), lxw_col_t(columns - 1)),
                  "autofilter")
    }

    /// The left and right margins of a printed sheet, in inches.
    static let sideMargin = 0.4

    /// Prints on A4, `landscape` or not, scaled to one page wide (as many pages long as it
    /// takes), with rows `0..<repeatRows` repeated at the top of every page.
    /// `pagesWide`: how many pages across the columns are shrunk to fit (a wide form on two
    /// pages stays readable; `repeatColumns` of them are printed again on each).
    public func printOnA4(landscape: Bool, repeatRows: Int = 0, onePage: Bool = false, footer: String? = nil,
                          pagesWide: Int = 1, repeatColumns: Int = 0) throws {
        if landscape { worksheet_set_landscape(sheet) } else { worksheet_set_portrait(sheet) }
        worksheet_set_paper(sheet, 9)  // A4
        worksheet_fit_to_pages(sheet, UInt16(max(1, pagesWide)), onePage ? 1 : 0)
        if pagesWide > 1, repeatColumns > 0 {
            try check(worksheet_repeat_columns(sheet, 0, lxw_col_t(repeatColumns - 1)), "repeat columns")
        }
        worksheet_set_margins(sheet, Self.sideMargin, Self.sideMargin, 0.5, 0.6)
        if repeatRows > 0 { try check(worksheet_repeat_rows(sheet, 0, lxw_row_t(repeatRows - 1)), "repeat rows") }
        if let footer {
            // Excel's codes: &C centre, &P page, &N pages; a literal & is written &&.
            try XLSXText.cell(footer.replacingOccurrences(of: "&", with: "&&")).withCString { text in
                try "&C\(String(cString: text)) — &P / &N".withCString { try check(worksheet_set_footer(sheet, $0), "footer") }
            }
        }
    }

    /// A printed form: `title` at the top of every page, and at the bottom the signature
    /// blocks the form asks for (`left`, `right`; `\n` breaks a line) with the page number
    /// between them, room for the signatures left above the footer.
    public func printForm(title: String, left: String, right: String) throws {
        func escaped(_ text: String) -> String { XLSXText.cell(text.replacingOccurrences(of: "&", with: "&&")) }
        worksheet_set_margins(sheet, Self.sideMargin, Self.sideMargin, 0.7, 1.3)
        try ("&C&\"-,Bold\"&12" + escaped(title)).withCString { try check(worksheet_set_header(sheet, $0), "header") }
        try ("&L" + escaped(left) + "&C&P / &N&R" + escaped(right)).withCString { try check(worksheet_set_footer(sheet, $0), "footer") }
    }

    /// Hides a row (the template's second header row, which holds the canonical names).
    /// For a sheet too wide for one A4 page at a readable size: printed at `scale` % across
    /// as many pages as it needs, its first `repeatColumns` columns (rank, code, name) and the
    /// title rows repeated on each.
    public func printAcross(scale: Int, repeatColumns: Int) throws {
        worksheet_set_print_scale(sheet, UInt16(scale))
        if repeatColumns > 0 { try check(worksheet_repeat_columns(sheet, 0, lxw_col_t(repeatColumns - 1)), "repeat columns") }
    }

    /// Page breaks before each of `rows`.
    public func breakPages(before rows: [Int]) throws {
        guard !rows.isEmpty else { return }
        var breaks = rows.map { lxw_row_t($0) } + [0]
        try check(worksheet_set_h_pagebreaks(sheet, &breaks), "page breaks")
    }

    public func hideRow(_ row: Int) throws {
        var options = lxw_row_col_options()
        options.hidden = 1
        try check(worksheet_set_row_opt(sheet, lxw_row_t(row), LXW_DEF_ROW_HEIGHT, nil, &options), "hide row")
    }

    public func setRowHeight(_ row: Int, _ height: Double) throws {
        try check(worksheet_set_row(sheet, lxw_row_t(row), height, nil), "row height")
    }

    /// Protects the sheet without a password: only unlocked cells can be changed, and the
    /// user may still resize columns and rows.
    public func protect() {
        var options = lxw_protection()
        options.format_columns = 1
        options.format_rows = 1
        worksheet_protect(sheet, nil, &options)
    }

    /// Whole numbers from `minimum` up, in rows `firstRow...lastRow` of `column`; with
    /// `atMostColumn`, no more than the same row's cell in that column (a part within its
    /// total). `prompt` (at most 255 characters) shows when the cell is selected; `refusal`
    /// when a wrong value is typed.
    public func validateWholeNumbers(column: Int, firstRow: Int, lastRow: Int, minimum: Int, maximum: Int? = nil,
                                     atMostColumn: Int?, promptTitle: String, prompt: String, refusal: String) throws {
        guard lastRow >= firstRow else { return }
        var validation = lxw_data_validation()
        validation.criteria = UInt8(atMostColumn == nil && maximum == nil ? LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO.rawValue
                                                                          : LXW_VALIDATION_CRITERIA_BETWEEN.rawValue)
        validation.ignore_blank = UInt8(LXW_VALIDATION_ON.rawValue)
        validation.show_input = UInt8(LXW_VALIDATION_ON.rawValue)
        validation.show_error = UInt8(LXW_VALIDATION_ON.rawValue)
        validation.error_type = UInt8(LXW_VALIDATION_ERROR_TYPE_STOP.rawValue)
        // Relative to the first cell of the range: Excel shifts it row by row.
        let total = atMostColumn.map { "=" + WorkbookTable.columnLetters($0 + 1) + String(firstRow + 1) } ?? ""
        let minimumFormula = "=\(minimum)"
        try XLSXText.cell(String(promptTitle.prefix(32))).withCString { title in
            try XLSXText.cell(String(prompt.prefix(255))).withCString { message in
                try XLSXText.cell(String(refusal.prefix(255))).withCString { error in
                    try total.withCString { totalFormula in
                        try minimumFormula.withCString { low in
                            validation.input_title = UnsafeMutablePointer(mutating: title)
                            validation.input_message = UnsafeMutablePointer(mutating: message)
                            validation.error_title = UnsafeMutablePointer(mutating: title)
                            validation.error_message = UnsafeMutablePointer(mutating: error)
                            if let maximum, atMostColumn == nil {
                                validation.validate = UInt8(LXW_VALIDATION_TYPE_INTEGER.rawValue)
                                validation.minimum_number = Double(minimum)
                                validation.maximum_number = Double(maximum)
                            } else if atMostColumn == nil {
                                validation.validate = UInt8(LXW_VALIDATION_TYPE_INTEGER.rawValue)
                                validation.value_number = Double(minimum)
                            } else {
                                validation.validate = UInt8(LXW_VALIDATION_TYPE_INTEGER_FORMULA.rawValue)
                                validation.minimum_formula = UnsafeMutablePointer(mutating: low)
                                validation.maximum_formula = UnsafeMutablePointer(mutating: totalFormula)
                            }
                            try check(worksheet_data_validation_range(
                                sheet, lxw_row_t(firstRow), lxw_col_t(column), lxw_row_t(lastRow), lxw_col_t(column),
                                &validation), "data validation")
                        }
                    }
                }
            }
        }
    }

    /// A drop-down of `choices` on a column's data cells (“Có”, “Không”), anything else refused.
    public func validateChoice(column: Int, firstRow: Int, lastRow: Int, choices: [String],
                               promptTitle: String, prompt: String, refusal: String) throws {
        guard lastRow >= firstRow else { return }
        var validation = lxw_data_validation()
        validation.validate = UInt8(LXW_VALIDATION_TYPE_LIST.rawValue)
        validation.ignore_blank = UInt8(LXW_VALIDATION_ON.rawValue)
        validation.show_input = UInt8(LXW_VALIDATION_ON.rawValue)
        validation.show_error = UInt8(LXW_VALIDATION_ON.rawValue)
        validation.error_type = UInt8(LXW_VALIDATION_ERROR_TYPE_STOP.rawValue)
        let texts = choices.map { strdup(XLSXText.cell($0)) }
        defer { texts.forEach { free($0) } }
        var list: [UnsafeMutablePointer<CChar>?] = texts + [nil]
        try XLSXText.cell(String(promptTitle.prefix(32))).withCString { title in
            try XLSXText.cell(String(prompt.prefix(255))).withCString { message in
                try XLSXText.cell(String(refusal.prefix(255))).withCString { error in
                    try list.withUnsafeMutableBufferPointer { values in
                        validation.input_title = UnsafeMutablePointer(mutating: title)
                        validation.input_message = UnsafeMutablePointer(mutating: message)
                        validation.error_title = UnsafeMutablePointer(mutating: title)
                        validation.error_message = UnsafeMutablePointer(mutating: error)
                        validation.value_list = values.baseAddress
                        try check(worksheet_data_validation_range(
                            sheet, lxw_row_t(firstRow), lxw_col_t(column), lxw_row_t(lastRow), lxw_col_t(column),
                            &validation), "data validation")
                    }
                }
            }
        }
    }

    /// Colours a column's data cells by a judgement of their value (the scorecard's met /
    /// near / missed): `met` from `metFrom`, `near` from `nearFrom` up to it, `missed` below
    /// (all reversed when lower is better). Blank cells (not applicable) stay white. As
    /// conditional formats, the colours follow the values when the reader sorts or edits.
    public func judgementColours(column: Int, firstRow: Int, lastRow: Int, metFrom: Double, nearFrom: Double, higher: Bool,
                                 met: CellStyle, near: CellStyle, missed: CellStyle) throws {
        guard lastRow >= firstRow else { return }
        func add(_ setUp: (inout lxw_conditional_format) -> Void) throws {
            var format = lxw_conditional_format()
            setUp(&format)
            try check(worksheet_conditional_format_range(
                sheet, lxw_row_t(firstRow), lxw_col_t(column), lxw_row_t(lastRow), lxw_col_t(column), &format), "scorecard colours")
        }
        try add { format in
            format.type = UInt8(LXW_CONDITIONAL_TYPE_BLANKS.rawValue)
            format.stop_if_true = 1
        }
        let (metCriterion, missedCriterion) = higher
            ? (LXW_CONDITIONAL_CRITERIA_GREATER_THAN_OR_EQUAL_TO, LXW_CONDITIONAL_CRITERIA_LESS_THAN)
            : (LXW_CONDITIONAL_CRITERIA_LESS_THAN_OR_EQUAL_TO, LXW_CONDITIONAL_CRITERIA_GREATER_THAN)
        // A value compared with a bound: the first rule that holds colours the cell.
        func compare(_ criterion: lxw_conditional_criteria, _ bound: Double, _ style: CellStyle) throws {
            try add { format in
                format.type = UInt8(LXW_CONDITIONAL_TYPE_CELL.rawValue)
                format.criteria = UInt8(criterion.rawValue)
                format.value = bound
                format.format = workbook.format(style)
                format.stop_if_true = 1
            }
        }
        try compare(metCriterion, metFrom, met)
        try compare(missedCriterion, nearFrom, missed)
        try add { format in
            format.type = UInt8(LXW_CONDITIONAL_TYPE_NO_BLANKS.rawValue)
            format.format = workbook.format(near)
        }
    }

    /// A red–yellow–green colour scale over a column's data cells (low red, high green).
    public func colourScale(column: Int, firstRow: Int, lastRow: Int) throws {
        guard lastRow >= firstRow else { return }
        var format = lxw_conditional_format()
        format.type = UInt8(LXW_CONDITIONAL_3_COLOR_SCALE.rawValue)
        format.min_color = 0xF8696B
        format.mid_color = 0xFFEB84
        format.max_color = 0x63BE7B
        try check(worksheet_conditional_format_range(
            sheet, lxw_row_t(firstRow), lxw_col_t(column), lxw_row_t(lastRow), lxw_col_t(column), &format),
            "colour scale")
    }

    /// Adds to `chart` the series of `valuesColumn` over the categories of `categoriesColumn`,
    /// rows `firstRow...lastRow` of this sheet.
    @discardableResult
    fileprivate func addSeries(to chart: UnsafeMutablePointer<lxw_chart>, categoriesColumn: Int, valuesColumn: Int,
                           firstRow: Int, lastRow: Int) -> UnsafeMutablePointer<lxw_chart_series>? {
        let series = chart_add_series(chart, nil, nil)
        name.withCString { sheetName in
            chart_series_set_categories(series, sheetName, lxw_row_t(firstRow), lxw_col_t(categoriesColumn),
                                        lxw_row_t(lastRow), lxw_col_t(categoriesColumn))
            chart_series_set_values(series, sheetName, lxw_row_t(firstRow), lxw_col_t(valuesColumn),
                                    lxw_row_t(lastRow), lxw_col_t(valuesColumn))
        }
        return series
    }

    /// A horizontal bar chart of `values` labelled by `categories` (both columns of `data`,
    /// this sheet when nil, rows `firstRow...lastRow`), placed at (`row`, `column`) of this
    /// sheet; every category is labelled, rank 1 at the top.
    public func insertBarChart(title: String, categoriesColumn: Int, valuesColumn: Int, firstRow: Int, lastRow: Int,
                               at row: Int, column: Int, heightPixels: Int, data: XLSXSheet? = nil) throws {
        guard lastRow >= firstRow, let chart = workbook.chart(LXW_CHART_BAR) else { return }
        (data ?? self).addSeries(to: chart, categoriesColumn: categoriesColumn, valuesColumn: valuesColumn,
                                 firstRow: firstRow, lastRow: lastRow)
        XLSXText.cell(title).withCString { chart_title_set_name(chart, $0) }
        chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_NONE.rawValue))
        // Rank 1 at the top: Excel draws the first category at the bottom unless reversed.
        chart_axis_set_reverse(chart.pointee.y_axis)
        chart_axis_set_interval_unit(chart.pointee.y_axis, 1)
        chart_axis_set_min(chart.pointee.x_axis, 0)
        chart_axis_set_max(chart.pointee.x_axis, 100)
        var options = lxw_chart_options()
        options.x_scale = 1.5
        options.y_scale = Double(heightPixels) / 288
        try check(worksheet_insert_chart_opt(sheet, lxw_row_t(row), lxw_col_t(column), chart, &options), "insert chart")
    }

    /// A line chart with one series per column of `valueColumns` (named by the header cell
    /// just above `firstRow`), over the categories in `categoriesColumn`, rows
    /// `firstRow...lastRow`. Empty cells leave gaps.
    public func insertLineChart(title: String, valueAxis: String, categoriesColumn: Int, valueColumns: [Int],
                                firstRow: Int, lastRow: Int, minimum: Double, maximum: Double,
                                at row: Int, column: Int) throws {
        guard lastRow >= firstRow, let chart = workbook.chart(LXW_CHART_LINE) else { return }
        for valuesColumn in valueColumns {
            let series = addSeries(to: chart, categoriesColumn: categoriesColumn, valuesColumn: valuesColumn,
                                   firstRow: firstRow, lastRow: lastRow)
            name.withCString { chart_series_set_name_range(series, $0, lxw_row_t(firstRow - 1), lxw_col_t(valuesColumn)) }
            chart_series_set_marker_type(series, UInt8(LXW_CHART_MARKER_CIRCLE.rawValue))
        }
        XLSXText.cell(title).withCString { chart_title_set_name(chart, $0) }
        valueAxis.withCString { chart_axis_set_name(chart.pointee.y_axis, $0) }
        chart_axis_set_min(chart.pointee.y_axis, minimum)
        chart_axis_set_max(chart.pointee.y_axis, maximum)
        chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_BOTTOM.rawValue))
        var options = lxw_chart_options()
        options.x_scale = 1.6
        options.y_scale = 1.4
        try check(worksheet_insert_chart_opt(sheet, lxw_row_t(row), lxw_col_t(column), chart, &options), "insert chart")
    }

    /// A chart of intervals: for each category (a commune), a vertical line from the `low` to
    /// the `high` column with a marker at `middle`; the value axis reversed so 1 is on top.
    public func insertIntervalChart(title: String, valueAxis: String, categoriesColumn: Int,
                                    lowColumn: Int, middleColumn: Int, highColumn: Int,
                                    firstRow: Int, lastRow: Int, at row: Int, column: Int) throws {
        guard lastRow >= firstRow, let chart = workbook.chart(LXW_CHART_LINE) else { return }
        var noLine = lxw_chart_line()
        noLine.none = 1
        // The ends as `x`: libxlsxwriter 1.1.4 writes its dash markers as `short_dash` and
        // `long_dash`, which OOXML does not have (Excel repairs the file, openpyxl refuses it).
        for (valuesColumn, marker) in [(lowColumn, LXW_CHART_MARKER_X), (middleColumn, LXW_CHART_MARKER_DIAMOND),
                                       (highColumn, LXW_CHART_MARKER_X)] {
            let series = addSeries(to: chart, categoriesColumn: categoriesColumn, valuesColumn: valuesColumn,
                                   firstRow: firstRow, lastRow: lastRow)
            chart_series_set_line(series, &noLine)
            chart_series_set_marker_type(series, UInt8(marker.rawValue))
        }
        chart_set_high_low_lines(chart, nil)
        XLSXText.cell(title).withCString { chart_title_set_name(chart, $0) }
        valueAxis.withCString { chart_axis_set_name(chart.pointee.y_axis, $0) }
        chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_NONE.rawValue))
        chart_axis_set_reverse(chart.pointee.y_axis)
        chart_axis_set_min(chart.pointee.y_axis, 1)
        var options = lxw_chart_options()
        options.x_scale = 2
        options.y_scale = 1.5
        try check(worksheet_insert_chart_opt(sheet, lxw_row_t(row), lxw_col_t(column), chart, &options), "insert chart")
    }
}

/// The libxlsxwriter the program runs with (the shared library's own answer).
public var libxlsxwriterVersion: String { String(cString: lxw_version()) }

/// Text as a workbook can hold it, whatever the database holds: characters XML 1.0 forbids
/// become U+FFFD (a raw U+FFFF makes `sharedStrings.xml` unreadable and the workbook corrupt),
/// and a text longer than Excel's 32,767-character cell limit is cut with “…” (libxlsxwriter
/// refuses it, which would fail every report of the province). Validation refuses such text
/// first; this is the second line of defence.
enum XLSXText {
    static let maximumLength = 32_767

    static func cell(_ text: String) -> String {
        // Nearly every cell is short and holds nothing XML forbids (no text has more UTF-16
        // units than UTF-8 bytes).
        if text.utf8.count <= maximumLength && !Quoted.mayHoldForbiddenInXML(text) { return text }
        let clean = text.unicodeScalars.contains(where: Quoted.isForbiddenInXML)
            ? String(String.UnicodeScalarView(text.unicodeScalars.map { Quoted.isForbiddenInXML($0) ? "\u{FFFD}" : $0 }))
            : text
        guard clean.utf16.count > maximumLength else { return clean }
        var cut = ""
        var length = 0
        for character in clean {
            let width = character.utf16.count
            if length + width > maximumLength - 1 { break }
            cut.append(character)
            length += width
        }
        return cut + "…"
    }
}

private func check(_ error: lxw_error, _ operation: String) throws {
    guard error != LXW_NO_ERROR else { return }
    throw XLSXError(operation: operation, reason: String(cString: lxw_strerror(error)))
}

extension XLSXError: ExitStatusError {
    public var exitStatus: ExitStatus { .cannotWrite }
}
