/// Reading single cells: the commune code, the period and the whole-number figures.
/// Each failure names the column and the value found, and says what was expected.
enum CellRules {
    /// Commune codes are 5 digits; Excel drops leading zeros, so "316" means "00316".
    static func communeCode(_ text: String, at location: RowLocation) -> Result<String, ValidationIssue> {
        let trimmed = text.trimmingWhitespace()
        guard (1...5).contains(trimmed.count), trimmed.allSatisfy(\.isASCIIDigit) else {
            let what = found(trimmed)
            return .failure(location.issue(
                trimmed.isEmpty ? .valueMissing : .communeCodeFormat, at: .communeCode,
                LocalizedText(
                    vi: "Mã xã phải là mã số gồm 5 chữ số theo danh mục đơn vị hành chính của Cục Thống kê (ví dụ 00316); \(what.vi).",
                    en: "The commune code must be the 5-digit statistics office code (e.g. 00316); \(what.en).")))
        }
        return .success(String(repeating: "0", count: 5 - trimmed.count) + trimmed)
    }

    /// The usual commune code, read straight from the cell's bytes: one to five ASCII digits,
    /// nothing else. Nil sends the cell through `communeCode(_:at:)`, which explains problems.
    static func plainCommuneCode(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard (1...5).contains(bytes.count), bytes.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        // Five ASCII bytes: the string is built in place, without an array between.
        return String(unsafeUninitializedCapacity: 5) { code in
            let zeros = 5 - bytes.count
            for index in 0..<zeros { code[index] = UInt8(ascii: "0") }
            for (index, byte) in bytes.enumerated() { code[zeros + index] = byte }
            return 5
        }
    }

    /// The usual period, `YYYY-MM` or `MM/YYYY` exactly, read straight from the bytes; nil otherwise.
    static func plainPeriod(_ bytes: UnsafeBufferPointer<UInt8>) -> Period? {
        guard bytes.count == 7 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            }
            return value
        }
        if bytes[4] == UInt8(ascii: "-"), let year = number(0..<4), let month = number(5..<7) {
            return Period(year: year, month: month)
        }
        if bytes[2] == UInt8(ascii: "/"), let month = number(0..<2), let year = number(3..<7) {
            return Period(year: year, month: month)
        }
        return nil
    }

    /// “it is empty” or “found “x”” (the value quoted short and safe).
    private static func found(_ text: some StringProtocol) -> LocalizedText {
        text.isEmpty ? LocalizedText(vi: "đang để trống", en: "it is empty")
            : LocalizedText(vi: "đã ghi “\(Quoted.text(String(text)))”", en: "found “\(Quoted.text(String(text)))”")
    }

    static func period(_ text: String, at location: RowLocation) -> Result<Period, ValidationIssue> {
        let trimmed = text.trimmingWhitespace()
        guard let period = Period(trimmed) else {
            let what = found(trimmed)
            return .failure(location.issue(
                trimmed.isEmpty ? .valueMissing : .periodFormat, at: .period,
                LocalizedText(
                    vi: "Kỳ báo cáo phải là một tháng, viết 2025-08 hoặc 08/2025; \(what.vi).",
                    en: "The period must be a month, written 2025-08 or 08/2025; \(what.en).")))
        }
        return .success(period)
    }

    static func figure(_ figure: Figure, _ bytes: UnsafeBufferPointer<UInt8>, at location: RowLocation)
        -> Result<Int, ValidationIssue>
    {
        whole(.figure(figure), bytes, at: location)
    }

    static let yes: Set<String> = ["co", "x", "1", "yes", "y", "true", "dat", "roi", "da"]
    static let no: Set<String> = ["khong", "0", "no", "n", "false", "chua", "k"]

    /// A yes/no cell: “Có” or “Không” as the template's drop-down writes them, and what people
    /// type for them (có, co, x, 1, yes; không, khong, 0, no), any case.
    static func yesNo(_ text: String, column: SubmissionColumn, at location: RowLocation) -> Result<Int, ValidationIssue> {
        // No way of writing yes or no is long: a long cell is not folded, only refused.
        let key = text.utf8.count <= 24 ? SubmissionColumn.headerKey(text) : ""
        if Self.yes.contains(key) { return .success(1) }
        if Self.no.contains(key) { return .success(0) }
        let name = location.name(of: column)
        let trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty {
            return .failure(location.issue(.valueMissing, at: column, LocalizedText(
                vi: "Ô “\(name)” đang để trống; hãy chọn “Có” hoặc “Không”.",
                en: "“\(name)” is empty; choose Có (yes) or Không (no).")))
        }
        let found = Quoted.text(String(trimmed))
        return .failure(location.issue(.valueNotYesNo, at: column, LocalizedText(
            vi: "“\(name)” chỉ ghi “Có” hoặc “Không”; đã ghi “\(found)”.",
            en: "“\(name)” takes Có (yes) or Không (no); found “\(found)”.")))
    }

    /// A whole-number cell of any field (a count, a score), explained when it is not one.
    static func whole(_ column: SubmissionColumn, _ bytes: UnsafeBufferPointer<UInt8>, at location: RowLocation)
        -> Result<Int, ValidationIssue>
    {
        switch WholeNumber.parse(bytes) {
        case .success(let value):
            return .success(value)
        case .failure(let problem):
            let name = location.name(of: column)
            let found = Quoted.text(String(String(decoding: bytes, as: UTF8.self).trimmingWhitespace()))
            switch problem {
            case .blank:
                return .failure(location.issue(.valueMissing, at: column, LocalizedText(
                    vi: "Ô “\(name)” đang để trống; hãy ghi số (ghi 0 nếu không có).",
                    en: "“\(name)” is empty; enter a number (0 if there are none).")))
            case .notWhole where found.contains(where: \.isLetter):
                // “56 thôn”, “khoảng 50”: words beside the number.
                let digits = found.filter(\.isASCIIDigit)
                let hint = digits.isEmpty ? LocalizedText(vi: "", en: "") : LocalizedText(vi: " (ghi \(digits))", en: " (write \(digits))")
                return .failure(location.issue(.valueNotWholeNumber, at: column, LocalizedText(
                    vi: "“\(name)” chỉ ghi con số, không kèm chữ hay đơn vị; đã ghi “\(found)”\(hint.vi).",
                    en: "“\(name)” takes the number alone, without words or units; found “\(found)”\(hint.en).")))
            case .notWhole:
                // A workbook stores 49,5 as 49.5: said as the officer typed it.
                let typed = location.file.lowercased().hasSuffix(".xlsx") ? found.replacingOccurrences(of: ".", with: ",") : found
                return .failure(location.issue(.valueNotWholeNumber, at: column, LocalizedText(
                    vi: "“\(name)” phải là số nguyên (số đếm, không có phần thập phân); đã ghi “\(typed)”.",
                    en: "“\(name)” takes a whole number (a count, no decimals); found “\(found)”.")))
            case .tooLarge:
                return .failure(location.issue(.valueTooLarge, at: column, LocalizedText(
                    vi: "“\(name)” quá lớn để là số đếm thật (“\(found)”); kiểm tra lại số liệu.",
                    en: "“\(name)” is too large to be a real count (“\(found)”); check the figure.")))
            }
        }
    }
}
