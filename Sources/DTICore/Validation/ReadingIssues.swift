/// The issues of reading a file, before any rule of the contract: what the readers of
/// `Ingest/` report in their own terms (`CSVReader.QuoteError`, `TextEncodingCheck.Refusal`,
/// `WorkbookReader.Problem`), and how the validator's reading of rows goes wrong, each with
/// its rule code and its words for the commune officer, in one place.
enum ReadingIssues {
    static func tooLarge(file: String, size: Int) -> ValidationIssue {
        let limit = FileValidator.maximumFileSize / 1_048_576
        return ValidationIssue(.fileTooLarge, file: file, message: LocalizedText(
            vi: "Tệp quá lớn (\(size / 1_048_576) MB; tối đa \(limit) MB). Báo cáo tháng của một xã chỉ vài KB; hãy kiểm tra đã chọn đúng tệp CSV. Tệp không được lưu vào cơ sở dữ liệu, vẫn giữ nguyên ở nơi đã gửi.",
            en: "The file is too large (\(size / 1_048_576) MB; at most \(limit) MB). A commune's monthly report is a few KB; check that the right CSV file was chosen. The file is not copied into the database; it stays where it was sent."))
    }

    static func encoding(_ refusal: TextEncodingCheck.Refusal, file: String) -> ValidationIssue {
        let code: IssueCode = switch refusal.kind {
        case .empty: .fileEmpty
        case .binary: .fileBinary
        case .legacyOffice: .fileIsWorkbook
        case .utf16: .fileUTF16
        case .notUTF8: .fileNotUTF8
        }
        return ValidationIssue(code, file: file, line: refusal.line, message: refusal.message)
    }

    static func workbook(_ problem: WorkbookReader.Problem, file: String) -> ValidationIssue {
        ValidationIssue(problem.kind == .tooLarge ? .workbookTooLarge : .workbookUnreadable, file: file, message: problem.message)
    }

    /// A cell holding the character U+0000 (written `_x0000_` in the sheet's XML).
    static func nullCharacter(file: String) -> ValidationIssue {
        ValidationIssue(.fileBinary, file: file, message: LocalizedText(
            vi: "Bảng tính có ô chứa ký tự điều khiển NUL, không phải số liệu. Mở tệp trong Excel, xoá ô đó, lưu lại rồi gửi lại.",
            en: "A cell of the workbook holds the control character NUL, which is no figure. Open the file in Excel, clear that cell, save it and send it again."))
    }

    /// One error for the cell, named by its column's heading when the header was read (`label`).
    static func formulaWithoutValue(file: String, row: Int, column: Int, label: String? = nil) -> ValidationIssue {
        let cell = WorkbookTable.columnLetters(column) + String(row)
        let named = label.map { " (“\(Quoted.text($0))”)" } ?? ""
        return ValidationIssue(.formulaWithoutValue, file: file, line: row, column: column, columnName: label, message: LocalizedText(
            vi: "Ô \(cell)\(named) có công thức nhưng tệp chưa lưu kết quả của nó (tệp do một chương trình tạo ra, chưa mở bằng Excel). Mở tệp trong Excel, bấm Lưu rồi gửi lại; hoặc ghi thẳng con số vào ô.",
            en: "Cell \(cell)\(named) holds a formula but the file has no saved result for it (a program wrote the file and Excel never opened it). Open the file in Excel, save it, and send it again; or type the number into the cell."))
    }

    /// The sheets before the table's, passed over: said once, naming the sheet read.
    static func sheetsSkipped(_ skipped: [String], read sheet: String, file: String) -> ValidationIssue {
        let names = skipped.map { "“\(Quoted.text($0))”" }.joined(separator: ", ")
        return ValidationIssue(.sheetSkipped, file: file, message: LocalizedText(
            vi: "Đã đọc trang “\(Quoted.text(sheet))”; trang \(names) phía trước không có bảng số liệu nên được bỏ qua.",
            en: "Read the sheet “\(Quoted.text(sheet))”; the sheet \(names) before it holds no table and was passed over."))
    }

    /// A text file of delimiters and spaces only: nothing in any cell.
    static func onlyBlankCells(file: String) -> ValidationIssue {
        ValidationIssue(.fileEmpty, file: file, message: LocalizedText(
            vi: "Tệp trống: mọi ô đều trống (chỉ có dấu phân cách). Hãy điền mẫu báo cáo, lưu “CSV UTF-8” rồi gửi lại.",
            en: "The file is empty: every cell is blank (delimiters only). Fill in the template, save it as “CSV UTF-8” and send it again."))
    }

    static func emptySheet(_ sheet: String, file: String) -> ValidationIssue {
        ValidationIssue(.fileEmpty, file: file, message: LocalizedText(
            vi: "Trang tính “\(Quoted.text(sheet))” (trang đầu tiên không ẩn) trống; số liệu phải nằm ở trang đầu tiên của bảng tính.",
            en: "Sheet “\(Quoted.text(sheet))” (the first visible one) is empty; the figures must be on the workbook's first sheet."))
    }

    static func titleRowSkipped(file: String, line: Int, text: String, firstRow: Int) -> ValidationIssue {
        ValidationIssue(.titleRowSkipped, file: file, line: line, message: LocalizedText(
            vi: "Dòng \(line) (“\(Quoted.text(text))”) nằm trên dòng tiêu đề cột nên được bỏ qua; số liệu đọc từ dòng \(firstRow).",
            en: "Row \(line) (“\(Quoted.text(text))”) is above the column headings and was skipped; figures are read from row \(firstRow)."))
    }

    static func totalRowSkipped(file: String, line: Int, code: String) -> ValidationIssue {
        ValidationIssue(.totalRowSkipped, file: file, line: line, message: LocalizedText(
            vi: "Dòng \(line) là dòng tổng cộng\(code.isEmpty ? " (các số bằng tổng các dòng trên)" : " (“\(Quoted.text(code))”)"), không phải số liệu của một xã, nên được bỏ qua.",
            en: "Row \(line) is a total row\(code.isEmpty ? " (its figures are the sums of the rows above)" : " (“\(Quoted.text(code))”)"), not a commune's figures, and was skipped."))
    }

    static func unfilledRowSkipped(file: String, line: Int, code: String) -> ValidationIssue {
        ValidationIssue(.unfilledRowSkipped, file: file, line: line, message: LocalizedText(
            vi: "Dòng \(line) (mã xã “\(Quoted.text(code))”) chưa điền số liệu nào nên được bỏ qua; xã này chưa được tính là đã báo cáo.",
            en: "Row \(line) (commune code “\(Quoted.text(code))”) has no figures filled in and was skipped; that commune has not reported yet."))
    }

    static func duplicateRow(_ row: SubmissionRow, firstLine: Int, at location: RowLocation) -> ValidationIssue {
        location.issue(.duplicateRow, at: .communeCode, LocalizedText(
            vi: "Xã \(row.communeCode) \(row.period.monthName(.vi)) đã có ở dòng \(firstLine); mỗi xã chỉ có một dòng cho mỗi kỳ.",
            en: "Commune \(row.communeCode) for \(row.period) already appears on line \(firstLine); one row per commune and period."))
    }

    static func noRows(file: String) -> ValidationIssue {
        ValidationIssue(.fileNoRows, file: file, message: LocalizedText(
            vi: "Tệp chỉ có dòng tiêu đề, không có dòng số liệu nào.",
            en: "The file has a header but no rows of figures."))
    }

    static func extraValues(at location: RowLocation, count: Int, column: Int, delimiter: UInt8) -> ValidationIssue {
        let mark = delimiter == UInt8(ascii: "\t") ? "tab" : String(UnicodeScalar(delimiter))
        let columns = location.header.columns.count
        return ValidationIssue(.rowExtraValues, file: location.file, line: location.line, column: column, message: LocalizedText(
            vi: "Dòng có \(count) giá trị nhưng tiêu đề chỉ có \(columns) cột; có thể một ô (thường là Ghi chú) chứa dấu “\(mark)” mà không đặt trong ngoặc kép.",
            en: "The row has \(count) values but the header has \(columns) columns; a cell (often the notes) probably holds a “\(mark)” without quotes."))
    }

    static func valueWithoutHeading(at location: RowLocation, column: Int, value: String) -> ValidationIssue {
        let value = Quoted.text(value)
        return ValidationIssue(.valueWithoutHeading, file: location.file, line: location.line, column: column, message: LocalizedText(
            vi: "Cột \(column) không có tiêu đề nhưng có giá trị “\(value)”; thêm tiêu đề đúng mẫu hoặc xoá giá trị.",
            en: "Column \(column) has no heading but holds “\(value)”; add the template heading or delete the value."))
    }

    static func quote(_ error: CSVReader.QuoteError, file: String, row: Int) -> ValidationIssue {
        let message: LocalizedText
        switch error.kind {
        case .unclosed:
            message = LocalizedText(
                vi: "Dấu ngoặc kép mở ở đây không bao giờ được đóng, nên phần còn lại của tệp không đọc được; kiểm tra ô này (thường là Ghi chú).",
                en: "A double quote opened here is never closed, so the rest of the file cannot be read; check this cell (often the notes).")
        case .strayAfterClosing:
            message = LocalizedText(
                vi: "Có ký tự ngay sau dấu ngoặc kép đóng; trong ô có ngoặc kép, hãy viết mỗi dấu ngoặc kép thành hai dấu (\"\").",
                en: "Characters follow a closing double quote; inside a quoted cell, write each double quote twice (\"\").")
        }
        return ValidationIssue(error.kind == .unclosed ? .fileUnclosedQuote : .fileStrayQuote,
                               file: file, line: row, column: error.column, message: message)
    }
}
