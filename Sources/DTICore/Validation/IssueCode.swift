/// Every problem `dti` can find in a received file, by its stable code: one catalogue, so
/// scripts can match on a code, docs/files.md and `docs/openapi.json` list the same codes
/// (`dti codes` prints them), and a test proves each one is produced by some input.
///
/// The words of each message stay beside the rule that finds the problem (they need its
/// values); what a code *means* and how severe it is live here.
public enum IssueCode: String, CaseIterable, Sendable, Codable {
    // The file as a whole: it cannot be read as a submission at all.
    case fileUnreadable = "file-unreadable"
    case fileTypeUnsupported = "file-type-unsupported"
    case fileEmpty = "file-empty"
    case fileTooLarge = "file-too-large"
    case fileIsWorkbook = "file-is-workbook"
    case fileUTF16 = "file-utf16"
    case fileNotUTF8 = "file-not-utf8"
    case fileBinary = "file-binary"
    case fileUnclosedQuote = "file-unclosed-quote"
    case fileStrayQuote = "file-stray-quote"
    case fileNoRows = "file-no-rows"
    // A workbook (.xlsx): read like a CSV file once unpacked.
    case workbookUnreadable = "workbook-unreadable"
    case workbookTooLarge = "workbook-too-large"
    case formulaWithoutValue = "formula-without-value"
    // Rows around the table that are not figures: skipped, with a warning.
    case sheetSkipped = "sheet-skipped"
    case titleRowSkipped = "title-row-skipped"
    case totalRowSkipped = "total-row-skipped"
    case unfilledRowSkipped = "unfilled-row-skipped"
    // The header row.
    case headerUnknownColumn = "header-unknown-column"
    case headerDuplicateColumn = "header-duplicate-column"
    case headerMissingColumn = "header-missing-column"
    // A row, or one cell of it.
    case rowExtraValues = "row-extra-values"
    case valueWithoutHeading = "value-without-heading"
    case duplicateRow = "duplicate-row"
    case valueMissing = "value-missing"
    case communeCodeFormat = "commune-code-format"
    case periodFormat = "period-format"
    case valueNotWholeNumber = "value-not-whole-number"
    case valueTooLarge = "value-too-large"
    case valueBelowMinimum = "value-below-minimum"
    case valueAboveMaximum = "value-above-maximum"
    case valueNotYesNo = "value-not-yes-no"
    case fieldNotInForm = "field-not-in-form"
    case valueInvalidCharacter = "value-invalid-character"
    case valueTooLong = "value-too-long"
    // The rules a complete row is held to.
    case periodAfterRun = "period-after-run"
    case noRegisterForPeriod = "no-register-for-period"
    case communeUnknown = "commune-unknown"
    case partExceedsTotal = "part-exceeds-total"
    case servicesExceedTotal = "services-exceed-total"
    case communeNameMismatch = "commune-name-mismatch"
    // Uploads (`dti serve`): a key sends its own unit's rows only.
    case rowOutsideKeyScope = "row-outside-key-scope"

    /// Errors refuse the whole file; warnings are reported and the file still loads.
    public var severity: ValidationIssue.Severity {
        [.communeNameMismatch, .sheetSkipped, .titleRowSkipped, .totalRowSkipped, .unfilledRowSkipped].contains(self) ? .warning : .error
    }

    /// What the code means, in a line (docs/files.md and the OpenAPI description list these).
    public var meaning: LocalizedText {
        switch self {
        case .fileUnreadable: LocalizedText(vi: "Không đọc được mục trong hộp thư (thư mục, liên kết tới thư mục, liên kết hỏng, không có quyền đọc, tệp đặc biệt).", en: "An inbox entry cannot be read (a folder, a link to a folder, a broken link, no permission, a special file).")
        case .fileTypeUnsupported: LocalizedText(vi: "Tệp không phải .xlsx hay .csv (ví dụ .xls, .ods, .txt, .csv.txt).", en: "The file is neither .xlsx nor .csv (e.g. .xls, .ods, .txt, .csv.txt).")
        case .fileEmpty: LocalizedText(vi: "Tệp trống.", en: "The file is empty.")
        case .fileTooLarge: LocalizedText(vi: "Tệp lớn hơn 32 MB, không được đọc.", en: "The file is over 32 MB and is not read.")
        case .fileIsWorkbook: LocalizedText(vi: "Tệp Excel cũ (.xls, Excel 97–2003); lưu lại thành .xlsx.", en: "An old Excel file (.xls, Excel 97–2003); save it as .xlsx.")
        case .fileUTF16: LocalizedText(vi: "Tệp lưu dạng Unicode UTF-16.", en: "The file is saved as UTF-16 Unicode.")
        case .fileNotUTF8: LocalizedText(vi: "Tệp không phải UTF-8 (bảng mã cũ như Windows-1258).", en: "The file is not UTF-8 (a legacy code page such as Windows-1258).")
        case .fileBinary: LocalizedText(vi: "Tệp chứa dữ liệu nhị phân.", en: "The file holds binary data.")
        case .fileUnclosedQuote: LocalizedText(vi: "Dấu ngoặc kép mở mà không đóng.", en: "A double quote is opened and never closed.")
        case .fileStrayQuote: LocalizedText(vi: "Ký tự ngay sau dấu ngoặc kép đóng.", en: "Characters follow a closing double quote.")
        case .fileNoRows: LocalizedText(vi: "Chỉ có dòng tiêu đề, không có số liệu.", en: "A header and no rows of figures.")
        case .workbookUnreadable: LocalizedText(vi: "Tệp nén không phải bảng tính Excel đọc được, hoặc đã hỏng.", en: "A zip archive that is not a readable Excel workbook, or a damaged one.")
        case .workbookTooLarge: LocalizedText(vi: "Bảng tính giải nén ra hơn 64 MB, có dữ liệu quá dòng 100.000 hoặc cột 512, hoặc đọc mất hơn 20 giây.", en: "A workbook that unpacks to over 64 MB, holds data past row 100,000 or column 512, or takes over 20 s to read.")
        case .formulaWithoutValue: LocalizedText(vi: "Ô có công thức nhưng chưa có giá trị tính sẵn; mở và lưu tệp trong Excel.", en: "A formula cell with no saved result; open and save the file in Excel.")
        case .sheetSkipped: LocalizedText(vi: "Trang tính phía trước không có bảng số liệu (trang bìa) và được bỏ qua; trang có bảng được đọc (cảnh báo).", en: "A sheet before the one holding the table (a cover) was skipped; the sheet with the table was read (warning).")
        case .titleRowSkipped: LocalizedText(vi: "Dòng tiêu đề trang phía trên bảng được bỏ qua (cảnh báo).", en: "A title row above the table was skipped (warning).")
        case .totalRowSkipped: LocalizedText(vi: "Dòng tổng cộng được bỏ qua (cảnh báo).", en: "A total row was skipped (warning).")
        case .unfilledRowSkipped: LocalizedText(vi: "Dòng chưa điền số liệu nào được bỏ qua (cảnh báo).", en: "A row with no figures filled in was skipped (warning).")
        case .headerUnknownColumn: LocalizedText(vi: "Tiêu đề cột không thuộc mẫu.", en: "A heading that is not part of the template.")
        case .headerDuplicateColumn: LocalizedText(vi: "Một cột xuất hiện hai lần.", en: "A column appears twice.")
        case .headerMissingColumn: LocalizedText(vi: "Thiếu cột bắt buộc.", en: "A required column is missing.")
        case .rowExtraValues: LocalizedText(vi: "Dòng có nhiều giá trị hơn số cột tiêu đề.", en: "A row has more values than the header has columns.")
        case .valueWithoutHeading: LocalizedText(vi: "Giá trị nằm trong cột không có tiêu đề.", en: "A value in a column without a heading.")
        case .duplicateRow: LocalizedText(vi: "Hai dòng cho cùng một xã và kỳ.", en: "Two rows for the same commune and period.")
        case .valueMissing: LocalizedText(vi: "Ô bắt buộc để trống.", en: "A required cell is empty.")
        case .communeCodeFormat: LocalizedText(vi: "Mã xã không phải 1–5 chữ số.", en: "The commune code is not 1–5 digits.")
        case .periodFormat: LocalizedText(vi: "Kỳ báo cáo không phải một tháng (2025-08 hoặc 08/2025).", en: "The period is not a month (2025-08 or 08/2025).")
        case .valueNotWholeNumber: LocalizedText(vi: "Số liệu không phải số nguyên.", en: "A figure is not a whole number.")
        case .valueTooLarge: LocalizedText(vi: "Số liệu quá lớn để là số đếm thật.", en: "A figure too large to be a real count.")
        case .valueBelowMinimum: LocalizedText(vi: "Số âm, hoặc tổng số bằng 0.", en: "A negative count, or a total of 0.")
        case .valueAboveMaximum: LocalizedText(vi: "Số liệu vượt mức tối đa của trường (như điểm trên thang 100).", en: "A value above its field's maximum (a score over its scale).")
        case .valueNotYesNo: LocalizedText(vi: "Ô có/không ghi khác “Có” hoặc “Không”.", en: "A yes/no cell holds something other than Có (yes) or Không (no).")
        case .fieldNotInForm: LocalizedText(vi: "Cột của trường chưa có trong mẫu báo cáo áp dụng cho kỳ của dòng, hoặc thiếu cột mẫu của kỳ đó bắt buộc.", en: "A field not on the form in force for the row's month, or a field that form requires is missing.")
        case .valueInvalidCharacter: LocalizedText(vi: "Văn bản chứa ký tự điều khiển hoặc ký tự không hợp lệ.", en: "Text holds a control or invalid character.")
        case .valueTooLong: LocalizedText(vi: "Tên xã hoặc ghi chú dài quá 2.000 ký tự.", en: "A commune name or note longer than 2,000 characters.")
        case .periodAfterRun: LocalizedText(vi: "Kỳ báo cáo sau kỳ đang tổng hợp.", en: "A period after the one being compiled.")
        case .noRegisterForPeriod: LocalizedText(vi: "Chưa có danh mục đơn vị cho kỳ này.", en: "No unit register is in force for the period.")
        case .communeUnknown: LocalizedText(vi: "Mã xã không có trong danh mục của kỳ.", en: "The commune code is not in the period's register.")
        case .partExceedsTotal: LocalizedText(vi: "Một phần lớn hơn tổng số của nó.", en: "A part exceeds its total.")
        case .servicesExceedTotal: LocalizedText(vi: "Các phần cộng lại nhiều hơn tổng số (như dịch vụ trực tuyến nhiều hơn tổng số thủ tục).", en: "Parts together exceed their total (online services outnumber the procedures).")
        case .communeNameMismatch: LocalizedText(vi: "Tên xã khác tên trong danh mục (cảnh báo).", en: "The commune name differs from the register's (warning).")
        case .rowOutsideKeyScope: LocalizedText(vi: "Dòng của đơn vị mà khoá gửi không được phép gửi.", en: "A row of a unit the upload key may not send for.")
        }
    }

    /// The catalogue as the Markdown table of docs/files.md (`dti codes`).
    public static func markdownTable(_ language: Language = .en) -> String {
        var lines = language == .vi ? ["| mã | mức | nghĩa |", "|---|---|---|"] : ["| code | severity | meaning |", "|---|---|---|"]
        for code in allCases {
            lines.append("| `\(code.rawValue)` | \(code.severity.rawValue) | \(code.meaning(language)) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension ValidationIssue {
    /// An issue with the severity its code has in the catalogue.
    public init(_ code: IssueCode, file: String, line: Int? = nil, column: Int? = nil, columnName: String? = nil,
                message: LocalizedText) {
        self.init(code: code.rawValue, severity: code.severity, file: file, line: line, column: column,
                  columnName: columnName.map(Quoted.text), message: message)
    }

    /// The catalogue entry of this issue's code (nil only for codes a newer `dti` stored).
    public var issueCode: IssueCode? { IssueCode(rawValue: code) }
}
