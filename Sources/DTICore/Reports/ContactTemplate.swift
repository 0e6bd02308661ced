import Foundation

/// The workbook the department fills with its communes' officers (`dti contacts template`),
/// read back by `dti contacts import` as it is: a *Danh bạ* sheet with the headings of
/// `ContactFile` in row 1, one row for each contact already stored (then one empty row for
/// each commune without any), every cell text so Excel keeps a phone's leading 0, and a
/// *Hướng dẫn* sheet saying what each column takes.
public struct ContactTemplate: Sendable {
    public var units: [AdministrativeUnit]
    public var contacts: [Contact]
    /// When the register behind `units` came into force: the file's creation time, so the same
    /// inputs give the same bytes.
    public var inForce: Period

    public init(units: [AdministrativeUnit], contacts: [Contact], inForce: Period) {
        self.units = units
        self.contacts = contacts
        self.inForce = inForce
    }

    static let columns: [ContactFile.Column] = [.communeCode, .communeName, .name, .position, .phone, .email, .zalo]
    static let header = CellStyle(bold: true, wrap: true, background: 0xDDEBF7, border: true)
    static let fixed = CellStyle(numberFormat: "@", background: 0xF2F2F2, border: true)
    static let open = CellStyle(numberFormat: "@", unlocked: true, border: true)

    public func write(to path: String) throws {
        let workbook = try XLSXWorkbook(path: path, createdAt: inForce.endOfMonthTimestamp, title: "Danh bạ cán bộ phụ trách báo cáo chuyển đổi số")
        let sheet = try workbook.addSheet("Danh bạ")
        try sheet.writeRow(Self.columns.map { .text($0.label.vi) }, row: 0, style: Self.header)
        for (index, column) in Self.columns.enumerated() {
            let width: Double = switch column {
            case .communeCode: 9
            case .communeName, .name, .email: 28
            default: 18
            }
            try sheet.setColumns(index, index, width: width)
        }
        let byCommune = Dictionary(grouping: contacts, by: \.communeCode)
        var row = 1
        for unit in units {
            let own = (byCommune[unit.communeCode] ?? []).filter { $0.reaches(unit) }
            for contact in own.isEmpty ? [nil] : own.map(Optional.some) {
                for (index, column) in Self.columns.enumerated() {
                    let text: String? = switch column {
                    case .communeCode: unit.communeCode
                    case .communeName: unit.fullName
                    case .name: contact?.name
                    case .position: contact?.position
                    case .phone: contact?.phone
                    case .email: contact?.email
                    case .zalo: contact?.zalo
                    }
                    let fixed = column == .communeCode || column == .communeName
                    try sheet.write(text.map(CellValue.text) ?? .blank, row: row, column: index, style: fixed ? Self.fixed : Self.open)
                }
                row += 1
            }
        }
        sheet.freeze(rows: 1, columns: 2)
        try sheet.autofilter(rows: row, columns: Self.columns.count)
        try sheet.printOnA4(landscape: true, repeatRows: 1)

        let guide = try workbook.addSheet("Hướng dẫn")
        try guide.setColumns(0, 0, width: 16)
        try guide.setColumns(1, 1, width: 90)
        let lines: [(String, String)] = [
            ("Danh bạ", "Mỗi dòng một cán bộ; một xã có thể có nhiều dòng (chép dòng của xã rồi sửa). Dòng để trống họ tên và liên lạc được bỏ qua."),
            ("Mã xã", "Mã đơn vị hành chính 5 chữ số, như trong danh mục; giữ nguyên."),
            ("Họ và tên", "Bắt buộc."),
            ("Chức vụ", "Không bắt buộc (ví dụ: Công chức Văn phòng – Thống kê)."),
            ("Điện thoại", "10 chữ số bắt đầu bằng 0, ví dụ 0912 345 678. Mỗi ô một số."),
            ("E-mail", "Một địa chỉ, ví dụ vanphong.binhlu@laichau.gov.vn. Thư nhắc báo cáo được gửi tới địa chỉ này."),
            ("Zalo", "Tên hoặc số Zalo, để chuyên viên của Sở nhắn tin."),
            ("Cần ít nhất", "Một trong: điện thoại, e-mail, Zalo."),
            ("Nhập", "dti contacts import TỆP: tệp lỗi ở ô nào được báo tên ô; có lỗi thì không dòng nào được nhập. Nhập lại thay toàn bộ danh bạ của các xã có trong tệp."),
            ("Bảo mật", "Số điện thoại và e-mail chỉ dùng để nhắc báo cáo; không in trong báo cáo hay nhật ký nào."),
        ]
        for (index, line) in lines.enumerated() {
            try guide.write(.text(line.0), row: index, column: 0, style: CellStyle(bold: true))
            try guide.write(.text(line.1), row: index, column: 1, style: CellStyle(wrap: true))
        }
        try workbook.close()
    }
}
