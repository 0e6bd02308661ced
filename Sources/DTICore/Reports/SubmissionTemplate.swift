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

    public init(period: Period, units: [AdministrativeUnit], previous: [String: StoredSubmission], dueDay: String) {
        self.period = period
        self.units = units
        self.previous = previous
        self.dueDay = dueDay
    }

    /// The columns in the order an officer reads them.
    static let columns: [SubmissionColumn] = [.communeCode, .communeName, .period]
        + Figure.allCases.map(SubmissionColumn.figure) + [.notes]

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
        try sheet.writeRow(Self.columns.map { .text($0.vietnameseLabel) }, row: 0, style: Self.header)
        try sheet.writeRow(Self.columns.map { .text($0.canonicalName) }, row: 1, style: Self.header)
        try sheet.setRowHeight(0, 60)
        try sheet.hideRow(1)
        for (index, column) in Self.columns.enumerated() {
            let width: Double = switch column {
            case .communeName: 24
            case .notes: 30
            case .communeCode, .period: 11
            default: 15
            }
            try sheet.setColumns(index, index, width: width)
        }
        for (offset, unit) in units.enumerated() {
            let row = Self.firstDataRow + offset
            for (index, column) in Self.columns.enumerated() {
                switch column {
                case .communeCode: try sheet.write(.text(unit.communeCode), row: row, column: index, style: Self.fixed)
                case .communeName: try sheet.write(.text(unit.fullName), row: row, column: index, style: Self.fixed)
                case .period: try sheet.write(.text(period.description), row: row, column: index, style: Self.fixed)
                case .figure: try sheet.write(.blank, row: row, column: index, style: Self.figure)
                case .notes: try sheet.write(.blank, row: row, column: index, style: Self.note)
                }
            }
        }
        let lastRow = Self.firstDataRow + units.count - 1
        for (index, column) in Self.columns.enumerated() {
            guard case .figure(let figure) = column else { continue }
            let total = figure.total.flatMap { total in Self.columns.firstIndex(of: .figure(total)) }
            let limit = figure.total.map { " và không lớn hơn “\($0.vietnameseLabel)”" } ?? ""
            try sheet.validateWholeNumbers(
                column: index, firstRow: Self.firstDataRow, lastRow: lastRow, minimum: figure.minimum, atMostColumn: total,
                promptTitle: "Số nguyên",
                prompt: "\(figure.vietnameseLabel): ghi số nguyên từ \(figure.minimum)\(limit). \(Self.meaning(figure))",
                refusal: "\(figure.vietnameseLabel) phải là số nguyên từ \(figure.minimum)\(limit).")
        }
        sheet.freeze(rows: Self.firstDataRow, columns: 2)
        try sheet.printOnA4(landscape: true, repeatRows: Self.firstDataRow)
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
        for column in Self.columns {
            let rule: String = switch column {
            case .communeCode: "Mã xã 5 chữ số theo danh mục đơn vị hành chính (ghi sẵn)."
            case .communeName: "Tên xã theo danh mục (ghi sẵn)."
            case .period: "Tháng báo cáo, dạng YYYY-MM (ghi sẵn)."
            case .figure(let figure):
                "\(Self.meaning(figure)) Số nguyên từ \(figure.minimum)"
                    + (figure.total.map { ", không lớn hơn “\($0.vietnameseLabel)”" } ?? "") + "."
                    + (figure == .servicesOnlineFull ? " Một phần cộng toàn trình không lớn hơn tổng số thủ tục." : "")
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
        let columns = Self.columns.filter { $0 != .notes }
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
                case .figure(let figure):
                    try sheet.write(submission.map { .number(Double($0.figures[figure])) } ?? .blank, row: row, column: index,
                                    style: Self.greyedNumber)
                case .notes: break
                }
            }
        }
        sheet.freeze(rows: 1, columns: 2)
        try sheet.printOnA4(landscape: true, repeatRows: 1)
    }

    /// What a figure counts, in a sentence an officer recognises.
    static func meaning(_ figure: Figure) -> String {
        switch figure {
        case .villagesTotal: "Tổng số thôn, tổ dân phố của xã."
        case .villagesMobileBroadband: "Số thôn, tổ dân phố có sóng di động 3G/4G."
        case .villagesFibre: "Số thôn, tổ dân phố có cáp quang."
        case .btsStations: "Số trạm phát sóng (BTS) trên địa bàn."
        case .householdsTotal: "Tổng số hộ gia đình."
        case .householdsFibre: "Số hộ có internet cáp quang."
        case .adultPopulation: "Dân số từ 18 tuổi trở lên."
        case .adultsSmartphone: "Số người trưởng thành có điện thoại thông minh."
        case .servicesTotal: "Tổng số thủ tục hành chính xã giải quyết."
        case .servicesOnlinePartial: "Số thủ tục có dịch vụ công trực tuyến một phần."
        case .servicesOnlineFull: "Số thủ tục có dịch vụ công trực tuyến toàn trình."
        case .dossiersTotal: "Tổng số hồ sơ tiếp nhận trong tháng."
        case .dossiersOnline: "Số hồ sơ nộp trực tuyến trong tháng."
        }
    }
}

extension SubmissionTemplate {
    /// The template of `period` for `units`, with their figures of the month before from
    /// `store`, due by the set's deadline day.
    public static func make(period: Period, units: [AdministrativeUnit], store: any DataStore, deadlineDay: Int) throws -> SubmissionTemplate {
        let wanted = Set(units.map(\.communeCode))
        let previous = try store.currentSubmissions(for: period.previous).filter { wanted.contains($0.key) }
        let due = MonthStatus.dueDay(period.deadline(day: deadlineDay), .vi)
        return SubmissionTemplate(period: period, units: units.sorted { $0.communeCode < $1.communeCode },
                                  previous: previous, dueDay: due)
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
