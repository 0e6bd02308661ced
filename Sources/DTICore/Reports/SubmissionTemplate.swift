import Foundation

/// The monthly template a commune officer fills in (`dti template`): an Excel workbook whose
/// first sheet is the submission table, ready to send back as it is.
///
/// - **Báo cáo**: the Vietnamese labels of the contract in row 1, the canonical names in a
///   hidden row 2 (so the file reads back exactly, whatever Excel does to the labels), then one
///   row per commune with its code, name and period filled in and locked; the figure and notes
///   cells are the only ones that can be typed in (the sheet is protected, without a
///   password), each figure column validated as whole numbers from its minimum, a part no more
///   than its total, with an input message in Vietnamese.
/// - **Hướng dẫn**: what each column means, the deadline, how to send the file.
/// - **Tháng trước**: last month's figures of the same communes, when the database has them.
///
/// The same inputs give the same bytes (the creation time is the period's).
public struct SubmissionTemplate: Sendable {
    public var period: Period
    public var units: [AdministrativeUnit]
    /// Last month's current figures, by commune code.
    public var previous: [String: StoredSubmission]
    /// The last day the figures are due, as a reader writes it (`MonthStatus.dueDay`).
    public var dueDay: String
    /// The form: its fields in force for `period` are the template's columns.
    public var form: Form

    public init(period: Period, units: [AdministrativeUnit], previous: [String: StoredSubmission], dueDay: String,
                form: Form = .contract) {
        self.period = period
        self.units = units
        self.previous = previous
        self.dueDay = dueDay
        self.form = form
        columns = [.communeCode, .communeName, .period]
            + form.fields.indices.filter { form.fields[$0].isInForce(period) }.map(form.column(ofField:)) + [.notes]
    }

    /// The columns in the order an officer reads them: the fields of the month's form.
    let columns: [SubmissionColumn]

    /// The field a column holds.
    private func field(_ column: SubmissionColumn) -> FormField? { column.fieldIndex.map { form.fields[$0] } }

    /// A column's width in the table, in characters.
    static func width(of column: SubmissionColumn) -> Double {
        switch column {
        case .communeName: 24
        case .notes: 30
        case .communeCode, .period: 11
        default: 15
        }
    }

    /// The width printed on one landscape page: the contract's columns (271 characters).
    static let widthPerPage: Double = 280

    /// The first data row (0-based): row 1 holds the labels, row 2 the canonical names.
    static let firstDataRow = 2

    static let header = CellStyle(bold: true, wrap: true, background: 0xDDEBF7, border: true)
    static let fixed = CellStyle(numberFormat: "@", background: 0xF2F2F2, border: true)
    /// Thousands grouped as the officer's Excel shows them (1.240 in a Vietnamese locale).
    static let figure = CellStyle(numberFormat: "#,##0", unlocked: true, border: true)
    static let note = CellStyle(numberFormat: "@", wrap: true, unlocked: true, border: true)
    static let greyed = CellStyle(numberFormat: "@", fontColour: 0x7F7F7F)
    static let greyedNumber = CellStyle(numberFormat: "0", fontColour: 0x7F7F7F)
    static let wrapped = CellStyle(numberFormat: "@", wrap: true)
    static let plain = CellStyle(numberFormat: "@")
    static let title = CellStyle(bold: true)

    public func write(to path: String) throws {
        let title = "Mẫu báo cáo chuyển đổi số cấp xã — \(period.monthName(.vi))"
        let workbook = try XLSXWorkbook(path: path, createdAt: period.endOfMonthTimestamp, title: title)
        try writeTable(try workbook.addSheet("Báo cáo"))
        try writeInstructions(try workbook.addSheet("Hướng dẫn"), title: title)
        if units.contains(where: { previous[$0.communeCode] != nil }) {
            try writePrevious(try workbook.addSheet("Tháng trước"))
        }
        try workbook.close()
    }

    private func writeTable(_ sheet: XLSXSheet) throws {
        try sheet.writeRow(columns.map { .text($0.vietnameseLabel) }, row: 0, style: Self.header)
        try sheet.writeRow(columns.map { .text($0.canonicalName) }, row: 1, style: Self.header)
        try sheet.setRowHeight(0, 60)
        try sheet.hideRow(1)
        for (index, column) in columns.enumerated() {
            try sheet.setColumns(index, index, width: Self.width(of: column))
        }
        for (offset, unit) in units.enumerated() {
            let row = Self.firstDataRow + offset
            for (index, column) in columns.enumerated() {
                switch column {
                case .communeCode: try sheet.write(.text(unit.communeCode), row: row, column: index, style: Self.fixed)
                case .communeName: try sheet.write(.text(unit.fullName), row: row, column: index, style: Self.fixed)
                case .period: try sheet.write(.text(period.description), row: row, column: index, style: Self.fixed)
                case .figure: try sheet.write(.blank, row: row, column: index, style: Self.figure)
                case .extra(let extra):
                    try sheet.write(.blank, row: row, column: index, style: form.fields[extra.index].kind == .text ? Self.note : Self.figure)
                case .notes: try sheet.write(.blank, row: row, column: index, style: Self.note)
                }
            }
        }
        let lastRow = Self.firstDataRow + units.count - 1
        for (index, column) in columns.enumerated() {
            guard let field = field(column), field.kind != .text else { continue }
            let label = field.label.vi, help = field.help.map { " " + $0 } ?? ""
            if field.kind == .yesNo {
                try sheet.validateChoice(
                    column: index, firstRow: Self.firstDataRow, lastRow: lastRow, choices: ["Có", "Không"],
                    promptTitle: "Có hoặc Không", prompt: "\(label): chọn Có hoặc Không.\(help)",
                    refusal: "\(label): chọn Có hoặc Không trong danh sách.")
                continue
            }
            let total = total(of: field)
            let totalColumn = total.flatMap { total in columns.firstIndex(of: form.column(ofField: form.index(ofField: total.name)!)) }
            let limit = total.map { " và không lớn hơn “\($0.label.vi)”" } ?? field.maximum.map { " đến \($0)" } ?? ""
            try sheet.validateWholeNumbers(
                column: index, firstRow: Self.firstDataRow, lastRow: lastRow, minimum: field.minimum,
                maximum: totalColumn == nil ? field.maximum : nil, atMostColumn: totalColumn,
                promptTitle: "Số nguyên",
                prompt: "\(label): ghi số nguyên từ \(field.minimum)\(limit).\(help)",
                refusal: "\(label) phải là số nguyên từ \(field.minimum)\(limit).")
        }
        sheet.freeze(rows: Self.firstDataRow, columns: 2)
        // The contract's seventeen columns fit one page across; a province's own fields would
        // shrink the print past reading, so a wider form goes over more pages, each with the
        // commune's code and name.
        let width = columns.map(Self.width).reduce(0, +)
        try sheet.printOnA4(landscape: true, repeatRows: Self.firstDataRow,
                            pagesWide: Int((width / Self.widthPerPage).rounded(.up)), repeatColumns: 2)
        // On paper: what it is and whose, and the signatures the form needs to be filed.
        let whose = units.count == 1 ? units[0].fullName : (units.first.map { "\($0.provinceName) (\(units.count) xã, phường)" } ?? "")
        try sheet.printForm(title: "Báo cáo chuyển đổi số \(period.monthName(.vi)) — \(whose)",
                            left: "NGƯỜI LẬP BIỂU\n(Ký, ghi rõ họ tên)", right: "CHỦ TỊCH UBND XÃ\n(Ký tên, đóng dấu)")
        sheet.protect()
    }

    private func writeInstructions(_ sheet: XLSXSheet, title: String) throws {
        try sheet.setColumns(0, 0, width: 42)
        try sheet.setColumns(1, 1, width: 28)
        try sheet.setColumns(2, 2, width: 70)
        try sheet.printOnA4(landscape: false)
        var row = 0
        // Not wrapped: a sentence runs on over the empty cells to its right, as in Excel.
        func line(_ text: String, _ style: CellStyle = Self.plain) throws {
            try sheet.write(.text(text), row: row, column: 0, style: style)
            row += 1
        }
        try line(title, Self.title)
        try line("Hạn nộp: hết ngày \(dueDay) (giờ Việt Nam).", Self.title)
        row += 1
        for step in [
            "1. Điền số liệu \(period.monthName(.vi)) vào trang “Báo cáo”, mỗi xã một dòng. Mã xã, tên xã và kỳ báo cáo đã ghi sẵn, không sửa được.",
            "2. Mỗi ô số liệu là một số nguyên (số đếm), không có phần thập phân; Excel không cho ghi số âm hay số lớn hơn tổng của nó.",
            "3. Ghi chú (không bắt buộc) ghi ở cột cuối, tối đa 2.000 ký tự.",
            "4. Lưu tệp như bình thường (.xlsx), không cần lưu sang CSV; không đổi tên, thêm hay xoá cột.",
            "5. Gửi tệp: trên trang gửi báo cáo của Sở (nhập khoá truy cập Sở cấp rồi chọn tệp), hoặc theo cách Sở hướng dẫn. Kết quả cho biết ngay tệp được nhận hay cần sửa ô nào.",
            "6. Gửi lại tệp đã sửa bất cứ lúc nào: lần gửi sau cùng là số liệu được tính.",
        ] { try line(step) }
        if units.contains(where: { previous[$0.communeCode] != nil }) {
            try line("Trang “Tháng trước” có số liệu tháng trước của xã để đối chiếu (chỉ để xem).")
        }
        row += 1
        try sheet.writeRow([.text("Cột"), .text("Tên cột trong tệp"), .text("Cách ghi")], row: row, style: Self.header)
        row += 1
        for column in columns {
            let rule: String = switch column {
            case .communeCode: "Mã xã 5 chữ số theo danh mục đơn vị hành chính (ghi sẵn)."
            case .communeName: "Tên xã theo danh mục (ghi sẵn)."
            case .period: "Tháng báo cáo, dạng YYYY-MM (ghi sẵn)."
            case .figure, .extra: rule(for: field(column)!)
            case .notes: "Không bắt buộc; tối đa 2.000 ký tự."
            }
            try sheet.writeRow([.text(column.vietnameseLabel), .text(column.canonicalName), .text(rule)], row: row,
                               style: Self.wrapped)
            // Neither Excel nor LibreOffice grows a row for wrapped text a program wrote: say how tall.
            try sheet.setRowHeight(row, 15 * Double(max(1, (rule.count + 74) / 75)))
            row += 1
        }
    }

    private func writePrevious(_ sheet: XLSXSheet) throws {
        let previousPeriod = period.previous
        let columns = columns.filter { $0 != .notes }
        try sheet.writeRow(columns.map { .text($0.vietnameseLabel) }, row: 0, style: Self.header)
        try sheet.setRowHeight(0, 60)
        for index in columns.indices { try sheet.setColumns(index, index, width: index == 1 ? 24 : 13) }
        for (offset, unit) in units.enumerated() {
            let row = offset + 1
            let submission = previous[unit.communeCode]
            for (index, column) in columns.enumerated() {
                switch column {
                case .communeCode: try sheet.write(.text(unit.communeCode), row: row, column: index, style: Self.greyed)
                case .communeName: try sheet.write(.text(unit.fullName), row: row, column: index, style: Self.greyed)
                case .period: try sheet.write(.text(previousPeriod.description), row: row, column: index, style: Self.greyed)
                case .figure, .extra:
                    let field = field(column)!
                    let value = submission?.figures.value(ofField: column.fieldIndex!, in: form)
                    let cell: CellValue = switch (value, field.kind) {
                    case (_, .text): submission?.figures.texts[field.name].map(CellValue.text) ?? .blank
                    case (nil, _): .blank
                    case (let value?, .yesNo): .text(value == 1 ? "Có" : "Không")
                    case (let value?, _): .number(Double(value))
                    }
                    try sheet.write(cell, row: row, column: index, style: Self.greyedNumber)
                case .notes: break
                }
            }
        }
        sheet.freeze(rows: 1, columns: 2)
        try sheet.printOnA4(landscape: true, repeatRows: 1)
    }

    /// The one total a field counts a part of (a one-part check), as Excel can hold it to.
    private func total(of field: FormField) -> FormField? {
        form.checks.first { $0.parts == [field.name] }.flatMap { form.field(named: $0.total) }
    }

    /// How a field is filled, for the instructions: what it counts, its kind and bounds, and
    /// each check it is part of.
    private func rule(for field: FormField) -> String {
        var text = field.help.map { $0 + " " } ?? ""
        switch field.kind {
        case .yesNo: text += "Chọn Có hoặc Không."
        case .text: text += "Văn bản, tối đa 2.000 ký tự."
        case .count, .score:
            text += "Số nguyên từ \(field.minimum)" + (field.maximum.map { " đến \($0)" } ?? "")
                + (total(of: field).map { ", không lớn hơn “\($0.label.vi)”" } ?? "") + "."
        }
        if !field.isRequired { text += " Không bắt buộc." }
        for check in form.checks where check.parts.count > 1 && check.parts.last == field.name {
            let parts = check.parts.compactMap { form.field(named: $0)?.label.vi }
            text += " “" + parts.joined(separator: "” cộng “") + "” không lớn hơn “"
                + (form.field(named: check.total)?.label.vi ?? check.total) + "”."
        }
        return text
    }
}

extension SubmissionTemplate {
    /// The template of `period` for `units`, with their figures of the month before from
    /// `store`, due by the set's deadline day.
    public static func make(period: Period, units: [AdministrativeUnit], store: any DataStore, deadlineDay: Int,
                            form: Form = .contract) throws -> SubmissionTemplate {
        let wanted = Set(units.map(\.communeCode))
        let previous = try store.currentSubmissions(for: period.previous).filter { wanted.contains($0.key) }
        let due = MonthStatus.dueDay(period.deadline(day: deadlineDay), .vi)
        return SubmissionTemplate(period: period, units: units.sorted { $0.communeCode < $1.communeCode },
                                  previous: previous, dueDay: due, form: form)
    }

    /// The workbook's bytes (written to a temporary file: libxlsxwriter writes files only).
    public func bytes() throws -> [UInt8] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dti-template-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try write(to: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw XLSXError(operation: "read \(path)", reason: "the template just written cannot be read back")
        }
        return [UInt8](data)
    }

    /// The template's file name: `mau-bao-cao-2026-11-03390.xlsx`, `mau-bao-cao-2026-11-tinh-12.xlsx`.
    public static func fileName(period: Period, commune: String? = nil, province: String? = nil) -> String {
        "mau-bao-cao-\(period)" + (commune.map { "-\($0)" } ?? province.map { "-tinh-\($0)" } ?? "") + ".xlsx"
    }
}
