import Foundation

/// Reads a file of communes' contacts (`dti contacts import`): CSV, or the workbook `dti
/// contacts template` writes. One row per officer, several rows per commune allowed:
///
/// | column       | heading in the template | rule                                                  |
/// |--------------|-------------------------|-------------------------------------------------------|
/// | `ma_xa`      | Mã xã                   | required; a commune of the register in force          |
/// | `ten_xa`     | Tên xã                  | optional, for the reader; not checked, not stored     |
/// | `ho_ten`     | Họ và tên               | required                                              |
/// | `chuc_vu`    | Chức vụ                 | optional                                              |
/// | `dien_thoai` | Điện thoại              | a Vietnamese number: 10–11 digits from a leading 0     |
/// | `email`      | E-mail                  | one address                                           |
/// | `zalo`       | Zalo                    | a Zalo name or number                                 |
///
/// Each row needs a phone, an e-mail or a Zalo. A number Excel stored as a number lost its
/// leading 0 (`912345678`, `3390`): the 0 is put back. Title rows above the headings and an STT
/// column are skipped, and so are rows with nothing but a commune (the template's rows left
/// empty). Every problem is reported with its file, row and column, the same
/// standard as a submission's; a file with any error gives no contact at all.
public enum ContactFile {
    public struct Reading: Sendable {
        public var contacts: [Contact]
        public var issues: IssueCollector
        public var isAccepted: Bool { !issues.hasErrors }
    }

    enum Column: String, CaseIterable {
        case communeCode = "ma_xa", communeName = "ten_xa", name = "ho_ten", position = "chuc_vu"
        case phone = "dien_thoai", email, zalo

        /// The heading of the template, as an officer reads it.
        var label: LocalizedText {
            switch self {
            case .communeCode: LocalizedText(vi: "Mã xã", en: "Commune code")
            case .communeName: LocalizedText(vi: "Tên xã", en: "Commune")
            case .name: LocalizedText(vi: "Họ và tên", en: "Full name")
            case .position: LocalizedText(vi: "Chức vụ", en: "Position")
            case .phone: LocalizedText(vi: "Điện thoại", en: "Phone")
            case .email: LocalizedText(vi: "E-mail", en: "E-mail")
            case .zalo: LocalizedText(vi: "Zalo", en: "Zalo")
            }
        }

        /// Every heading the column answers to, folded as submission headings are.
        var names: [String] {
            let more: [String]
            switch self {
            case .communeCode: more = ["commune_code", "Mã đơn vị", "Mã ĐVHC", "Mã xã, phường"]
            case .communeName: more = ["commune", "commune_name", "Tên đơn vị", "Xã, phường"]
            case .name: more = ["name", "full_name", "Họ tên", "Người phụ trách", "Cán bộ phụ trách"]
            case .position: more = ["position", "Chức danh"]
            case .phone: more = ["phone", "Số điện thoại", "SĐT", "Di động"]
            case .email: more = ["e-mail", "Thư điện tử", "Địa chỉ e-mail"]
            case .zalo: more = ["Zalo (tên hoặc số)", "Tài khoản Zalo"]
            }
            return [rawValue, label.vi, label.en] + more
        }

        static let byKey: [String: Column] = {
            var keys: [String: Column] = [:]
            for column in allCases { for name in column.names { keys[SubmissionColumn.headerKey(name)] = column } }
            return keys
        }()
    }

    /// Rows above the headings that may be titles; past them a file without headings is refused.
    static let headerSearchRows = 10
    /// The longest text kept in a cell.
    static let longestText = 200

    /// Reads `bytes`, checking every commune code against `register` (the one in force now);
    /// each contact is dated `date`.
    public static func read(_ bytes: [UInt8], fileName: String, register: RegisterVersion, at date: Date) -> Reading {
        var issues = IssueCollector()
        guard bytes.count <= FileValidator.maximumFileSize else {
            issues.add(ReadingIssues.tooLarge(file: fileName, size: bytes.count))
            return Reading(contacts: [], issues: issues)
        }
        guard let (table, sheet) = cells(bytes, file: fileName, issues: &issues) else { return Reading(contacts: [], issues: issues) }
        var contacts = rows(table, file: fileName, register: register, at: date, issues: &issues)
        if let sheet { issues.placeOnSheet(sheet) }
        if issues.hasErrors { contacts = [] }
        return Reading(contacts: contacts, issues: issues)
    }

    /// The file's rows of cells (and the sheet they are on, for a workbook); nil when it
    /// cannot be read, with the reason in `issues`.
    static func cells(_ bytes: [UInt8], file: String, issues: inout IssueCollector) -> ([[String]], String?)? {
        if FileSignature.of(bytes) == .zip {
            switch WorkbookReader.read(bytes) {
            case .failure(let problem):
                issues.add(ReadingIssues.workbook(problem, file: file))
                return nil
            case .success(let table):
                for (row, column) in table.formulasWithoutValue {
                    issues.add(ReadingIssues.formulaWithoutValue(file: file, row: row, column: column))
                }
                issues.placeOnSheet(table.sheet)
                return issues.hasErrors ? nil : (table.rows, table.sheet)
            }
        }
        switch TextEncodingCheck.textStart(of: bytes) {
        case .failure(let refusal):
            issues.add(ReadingIssues.encoding(refusal, file: file))
            return nil
        case .success(let start):
            var reader = CSVReader(bytes: bytes, delimiter: CSVReader.detectDelimiter(in: bytes, from: start), startingAt: start)
            var fields: [CSVReader.Field] = []
            var rows: [[String]] = []
            do {
                while try reader.next(into: &fields) != nil { rows.append(fields.map(reader.string)) }
            } catch {
                issues.add(ReadingIssues.quote(error, file: file, row: rows.count + 1))
                return nil
            }
            return (rows, nil)
        }
    }

    /// The contacts of the rows under the headings, every problem in `issues`.
    static func rows(_ table: [[String]], file: String, register: RegisterVersion, at date: Date,
                     issues: inout IssueCollector) -> [Contact] {
        let trimmed = { (text: String) in text.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping }
        // The headings: the first row that names the commune code column.
        guard let headerIndex = table.prefix(headerSearchRows).firstIndex(where: { row in
            row.contains { Column.byKey[SubmissionColumn.headerKey($0)] == .communeCode }
        }) else {
            issues.add(ValidationIssue(.headerMissingColumn, file: file, line: 1, message: LocalizedText(
                vi: "Không thấy dòng tiêu đề có cột “Mã xã” trong \(headerSearchRows) dòng đầu. Dùng mẫu của lệnh dti contacts template, hoặc ghi dòng đầu: ma_xa, ho_ten, chuc_vu, dien_thoai, email, zalo.",
                en: "No heading row with a “Mã xã” (commune code) column in the first \(headerSearchRows) rows. Use the workbook of dti contacts template, or start with: ma_xa, ho_ten, chuc_vu, dien_thoai, email, zalo.")))
            return []
        }
        let headerLine = headerIndex + 1
        var positions: [Column: Int] = [:]
        for (index, heading) in table[headerIndex].enumerated() {
            let text = trimmed(heading)
            guard !text.isEmpty, !SubmissionColumn.isSequenceNumber(text) else { continue }
            guard let column = Column.byKey[SubmissionColumn.headerKey(text)] else {
                issues.add(ValidationIssue(.headerUnknownColumn, file: file, line: headerLine, column: index + 1, columnName: text,
                    message: LocalizedText(
                        vi: "Cột “\(text)” không thuộc mẫu danh bạ. Các cột: Mã xã, Tên xã, Họ và tên, Chức vụ, Điện thoại, E-mail, Zalo.",
                        en: "Column “\(text)” is not part of the contacts template. The columns: Mã xã, Tên xã, Họ và tên, Chức vụ, Điện thoại, E-mail, Zalo.")))
                continue
            }
            if let first = positions[column] {
                issues.add(ValidationIssue(.headerDuplicateColumn, file: file, line: headerLine, column: index + 1, columnName: text,
                    message: LocalizedText(vi: "Cột “\(column.label.vi)” có hai lần (cột \(first + 1) và cột \(index + 1)).",
                                           en: "Column “\(column.label.en)” appears twice (columns \(first + 1) and \(index + 1)).")))
                continue
            }
            positions[column] = index
        }
        if positions[.name] == nil {
            issues.add(ValidationIssue(.headerMissingColumn, file: file, line: headerLine, message: LocalizedText(
                vi: "Thiếu cột “Họ và tên”.", en: "The “Họ và tên” (full name) column is missing.")))
        }
        if positions[.phone] == nil, positions[.email] == nil, positions[.zalo] == nil {
            issues.add(ValidationIssue(.headerMissingColumn, file: file, line: headerLine, message: LocalizedText(
                vi: "Thiếu cột liên lạc: cần ít nhất một trong “Điện thoại”, “E-mail”, “Zalo”.",
                en: "No way to reach anyone: at least one of the “Điện thoại”, “E-mail”, “Zalo” columns is needed.")))
        }
        guard !issues.hasErrors else { return [] }

        var contacts: [Contact] = []
        var seen: [String: Int] = [:]  // commune and phone or e-mail → first line
        for index in table.indices.dropFirst(headerIndex + 1) {
            let line = index + 1, cells = table[index]
            let value = { (column: Column) -> String in
                guard let position = positions[column], position < cells.count else { return "" }
                return trimmed(cells[position])
            }
            // A row with nothing but its commune (the template's row of a commune without a
            // contact, left as it was) says nothing.
            guard [Column.name, .position, .phone, .email, .zalo].contains(where: { !value($0).isEmpty }) else { continue }
            func problem(_ code: IssueCode, _ column: Column?, _ vi: String, _ en: String) {
                issues.add(ValidationIssue(code, file: file, line: line, column: column.flatMap { positions[$0] }.map { $0 + 1 },
                                           columnName: column.map { $0.label.vi }, message: LocalizedText(vi: vi, en: en)))
            }
            func custom(_ code: String, _ column: Column, _ vi: String, _ en: String) {
                issues.add(ValidationIssue(code: code, severity: .error, file: file, line: line,
                                           column: positions[column].map { $0 + 1 }, columnName: column.label.vi,
                                           message: LocalizedText(vi: vi, en: en)))
            }
            let errorsBefore = issues.errorCount
            // The commune: Excel drops the leading zeros of a code typed as a number.
            var code = value(.communeCode)
            if !code.isEmpty, code.count < 5, code.allSatisfy(\.isASCIIDigit) { code = String(repeating: "0", count: 5 - code.count) + code }
            var unit: AdministrativeUnit?
            if code.isEmpty {
                problem(.valueMissing, .communeCode, "Thiếu mã xã.", "The commune code is missing.")
            } else if code.count != 5 || !code.allSatisfy(\.isASCIIDigit) {
                problem(.communeCodeFormat, .communeCode, "Mã xã “\(Quoted.text(code))” phải gồm 5 chữ số (ví dụ 03390).",
                        "The commune code “\(Quoted.text(code))” must be 5 digits (e.g. 03390).")
            } else if let known = register.unit(code: code) {
                unit = known
            } else {
                problem(.communeUnknown, .communeCode,
                        "Mã xã \(code) không có trong danh mục đơn vị hành chính áp dụng từ \(register.inForce.monthName(.vi)).",
                        "No commune \(code) in the register in force since \(register.inForce.monthName(.en)).")
            }
            let name = value(.name)
            if name.isEmpty { problem(.valueMissing, .name, "Thiếu họ và tên người phụ trách.", "The officer's name is missing.") }
            for column in [Column.name, .position, .email, .zalo] where value(column).count > longestText {
                problem(.valueTooLong, column, "Ô “\(column.label.vi)” dài quá \(longestText) ký tự.",
                        "The “\(column.label.en)” cell is longer than \(longestText) characters.")
            }
            var phone: String?
            if !value(.phone).isEmpty {
                phone = Self.phone(value(.phone))
                if phone == nil {
                    custom("contact-phone-format", .phone,
                           "Số điện thoại “\(Quoted.text(value(.phone)))” không đúng: ghi 10 chữ số bắt đầu bằng 0 (ví dụ 0912 345 678), mỗi ô một số.",
                           "The phone number “\(Quoted.text(value(.phone)))” is not valid: write 10 digits from a leading 0 (e.g. 0912 345 678), one number a cell.")
                }
            }
            let email = value(.email)
            if !email.isEmpty, !Self.isEmail(email) {
                custom("contact-email-format", .email,
                       "Địa chỉ e-mail “\(Quoted.text(email))” không đúng: ghi một địa chỉ dạng ten@donvi.gov.vn, mỗi ô một địa chỉ.",
                       "The e-mail address “\(Quoted.text(email))” is not valid: write one address like name@unit.gov.vn, one a cell.")
            }
            if value(.phone).isEmpty, email.isEmpty, value(.zalo).isEmpty {
                custom("contact-no-channel", .phone, "Dòng không có điện thoại, e-mail hay Zalo: ghi ít nhất một cách liên lạc.",
                       "The row has no phone, e-mail or Zalo: give at least one way to reach the officer.")
            }
            for (kind, key) in [("e-mail", email.lowercased()), ("điện thoại", phone ?? "")] where !key.isEmpty {
                if let first = seen["\(code) \(key)"] {
                    problem(.duplicateRow, kind == "e-mail" ? .email : .phone,
                            "Trùng với dòng \(first): cùng xã \(code), cùng \(kind).",
                            "The same as row \(first): the same commune \(code) and \(kind == "e-mail" ? "e-mail" : "phone").")
                } else {
                    seen["\(code) \(key)"] = line
                }
            }
            guard issues.errorCount == errorsBefore, let unit else { continue }
            let optional = { (column: Column) -> String? in value(column).isEmpty ? nil : value(column) }
            contacts.append(Contact(unit: unit, name: name, position: optional(.position), phone: phone,
                                    email: optional(.email), zalo: optional(.zalo), source: file, importedAt: date))
        }
        if contacts.isEmpty, !issues.hasErrors {
            issues.add(ValidationIssue(.fileNoRows, file: file, line: headerLine, message: LocalizedText(
                vi: "Tệp chỉ có dòng tiêu đề, không có người liên hệ nào.", en: "The file has headings and no contacts.")))
        }
        return contacts
    }

    /// A Vietnamese phone number as ten or eleven digits from a leading 0 (`0912345678`), from
    /// what people write: spaces, dots, dashes, brackets, `+84`/`84`, or the 0 Excel dropped.
    /// Nil when it is none.
    public static func phone(_ text: String) -> String? {
        var digits = text.unicodeScalars.filter { !" .-()\u{00A0}".unicodeScalars.contains($0) }.map(Character.init)
        if digits.first == "+" {
            guard digits.starts(with: Array("+84")) else { return nil }
            digits = ["0"] + digits.dropFirst(3)
        } else if digits.starts(with: Array("84")), digits.count == 11 {
            digits = ["0"] + digits.dropFirst(2)
        }
        guard digits.allSatisfy(\.isASCIIDigit) else { return nil }
        if digits.count == 9, digits.first != "0" { digits = ["0"] + digits }
        guard digits.first == "0", (10...11).contains(digits.count), digits.dropFirst().first != "0" else { return nil }
        return String(digits)
    }

    /// One plain address: `local@domain.tld`, ASCII, no spaces, no display name.
    public static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, text.utf8.count <= 254, text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0.value < 127 })
        else { return false }
        let local = parts[0], domain = parts[1]
        let forbidden = Set("<>()[]\\,;:\"")
        guard !local.isEmpty, local.count <= 64, !local.contains(where: forbidden.contains),
              !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCIILetterOrDigit || $0 == "-" }
        } && labels.last!.allSatisfy(\.isLetter)
    }
}

private extension Character {
    var isASCIILetterOrDigit: Bool { isASCII && (isLetter || isNumber) }
}
