/// The free-text cells (commune name, notes): stored as written and shown in every report,
/// so they must be text a workbook and a page can carry.
enum TextCellRules {
    /// The longest name or note accepted. A real note is a sentence or two; Excel caps a cell
    /// at 32,767 characters, and a longer note would break every report of its province.
    static let maximumCharacters = 2_000

    /// The problems of one text cell: characters XML 1.0 forbids (control characters other
    /// than tab and line breaks, U+FFFE, U+FFFF), and length.
    static func check(_ text: String, column: SubmissionColumn, at location: RowLocation,
                      into issues: inout IssueCollector) {
        // Nearly every name or note is short and clean, which its bytes say without decoding
        // (a text has no more characters than UTF-8 bytes); the column's name is quoted only
        // for a message.
        guard text.utf8.count > maximumCharacters || Quoted.mayHoldForbiddenInXML(text) else { return }
        let name = location.name(of: column)
        if let bad = text.unicodeScalars.first(where: Quoted.isForbiddenInXML) {
            let code = "U+" + String(bad.value, radix: 16, uppercase: true).leftPadded(to: 4)
            issues.add(location.issue(.valueInvalidCharacter, at: column, LocalizedText(
                vi: "Ô “\(name)” chứa ký tự điều khiển không hiển thị được (\(code)), thường do dán từ phần mềm khác; hãy gõ lại nội dung ô này.",
                en: "“\(name)” holds an invisible control character (\(code)), usually pasted from another program; retype the cell.")))
        }
        let length = text.count
        if length > maximumCharacters {
            let (found, limit) = (LocalizedText.number(length), LocalizedText.number(maximumCharacters))
            issues.add(location.issue(.valueTooLong, at: column, LocalizedText(
                vi: "Ô “\(name)” dài \(found.vi) ký tự, tối đa \(limit.vi); hãy rút gọn (chi tiết gửi kèm văn bản riêng).",
                en: "“\(name)” is \(found.en) characters long, at most \(limit.en); shorten it (send details separately).")))
        }
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
