/// Text from a received file as a message quotes it: short, and safe on any terminal, page
/// or workbook.
///
/// A message that repeats a 5 MB cell in full costs 5 MB per language and per issue; a value
/// holding ESC or BEL can rewrite an analyst's terminal. So a quote keeps at most
/// `maximumCharacters` characters (then “…”) and shows control characters and the
/// characters XML 1.0 forbids as escapes (`\u{1B}`).
public enum Quoted {
    public static let maximumCharacters = 100

    public static func text(_ value: String) -> String {
        escaped(value, limit: maximumCharacters)
    }

    /// The whole text with unsafe characters escaped (file names and paths on a terminal).
    public static func escaped(_ value: String, limit: Int = .max) -> String {
        // Most text has nothing to escape and no limit to keep: it is itself.
        if limit == .max, !value.unicodeScalars.contains(where: isUnsafe) { return value }
        var result = ""
        var count = 0
        for character in value {
            if count == limit {
                result += "…"
                break
            }
            count += 1
            if character.unicodeScalars.contains(where: isUnsafe) {
                for scalar in character.unicodeScalars {
                    result += isUnsafe(scalar) ? "\\u{\(String(scalar.value, radix: 16, uppercase: true))}" : String(scalar)
                }
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// Control characters (a tab or a line break too: a quote is one line) and the
    /// noncharacters U+FFFE and U+FFFF.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0xFFFE || scalar.value == 0xFFFF
    }

    /// False when `text` surely holds nothing `isForbiddenInXML`, as its UTF-8 bytes alone say
    /// (the common case, checked without decoding): a forbidden control is one byte below
    /// 0x20, and U+FFFE and U+FFFF start with 0xEF, as do a few rare characters, for which
    /// this answers true and the caller looks closer.
    public static func mayHoldForbiddenInXML(_ text: String) -> Bool {
        text.utf8.contains { $0 == 0xEF || ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) }
    }

    /// True when XML 1.0 cannot carry the scalar at all (C0 controls but tab and line
    /// breaks, U+FFFE, U+FFFF): such text would make a corrupt workbook.
    public static func isForbiddenInXML(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case ..<0x20, 0xFFFE, 0xFFFF: true
        default: false
        }
    }

    /// A whole number grouped as each language writes it: 9.100 in Vietnamese, 9,100 in English.
    public static func number(_ value: Int, _ language: Language) -> String {
        grouped(value, separator: language == .vi ? "." : ",")
    }

    /// A whole number with its digits in groups of three: `grouped(1240, separator: " ")` is “1 240”.
    public static func grouped(_ value: Int, separator: String) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped += separator }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// A CSV field (RFC 4180): quoted, with quotes doubled, when it holds the delimiter, a
    /// quote or a line break.
    public static func csvField(_ text: String, delimiter: Character = ",") -> String {
        let needsQuotes = text.contains { $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == delimiter }
        return needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}

extension LocalizedText {
    /// A number in both languages' grouping.
    static func number(_ value: Int) -> LocalizedText {
        LocalizedText(vi: Quoted.number(value, .vi), en: Quoted.number(value, .en))
    }
}
