/// The pieces of the `key = value` text shared by the indicator file and the configuration
/// file (`/etc/dti/dti.conf`): a `#` starts a comment outside double quotes, and a value may
/// be quoted, with `\"` for a quote inside.
enum KeyValueText {
    /// The lines of a text, each without its line break: `\n` or `\r\n` (a file saved on
    /// Windows). Split on the byte, not on characters: `\r\n` is one character, which made
    /// such a file one long line.
    static func lines(_ text: String) -> [Substring] {
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            let line = Substring(line)
            return line.utf8.last == UInt8(ascii: "\r") ? line.dropLast() : line
        }
    }

    /// The line without its `#` comment (a `#` inside double quotes stays). The config file
    /// (`Locations`) reads lines the same way. Both marks are ASCII: looked for byte by byte.
    static func stripComment(_ line: Substring) -> Substring {
        var inQuotes = false
        for index in line.utf8.indices {
            switch line.utf8[index] {
            case UInt8(ascii: "\""): inQuotes.toggle()
            case UInt8(ascii: "#") where !inQuotes: return line[..<index]
            default: break
            }
        }
        return line
    }

    static func unquote(_ value: Substring) -> String {
        guard value.utf8.count >= 2, value.first == "\"", value.last == "\"" else { return String(value) }
        let inner = value.dropFirst().dropLast()
        return inner.utf8.contains(UInt8(ascii: "\\")) ? String(inner).replacingOccurrences(of: "\\\"", with: "\"") : String(inner)
    }

    /// A `[section]` and its `key = value` lines, each value with the line it is on.
    struct Section {
        var name: String
        var line: Int
        var values: [String: (value: String, line: Int)] = [:]
    }

    /// The sections of a text, and what is wrong with its lines (line, section, words): a
    /// heading without its “]”, a line that is not `key = value`, a key before any section, a
    /// key given twice.
    static func sections(_ text: String) -> (sections: [Section], problems: [(line: Int, entry: String?, message: String)]) {
        var sections: [Section] = []
        var problems: [(line: Int, entry: String?, message: String)] = []
        for (offset, rawLine) in lines(text).enumerated() {
            let line = offset + 1
            let content = stripComment(rawLine).trimmingWhitespace()
            if content.isEmpty { continue }
            if content.hasPrefix("[") {
                guard content.hasSuffix("]") else {
                    problems.append((line, nil, "a section heading must end with “]”"))
                    continue
                }
                sections.append(Section(name: String(content.dropFirst().dropLast().trimmingWhitespace()), line: line))
                continue
            }
            guard let equals = content.firstIndex(of: "=") else {
                problems.append((line, sections.last?.name, "expected “key = value”, found “\(content)”"))
                continue
            }
            guard !sections.isEmpty else {
                problems.append((line, nil, "“\(content)” comes before any [section]"))
                continue
            }
            let key = String(content[..<equals].trimmingWhitespace())
            let value = unquote(content[content.index(after: equals)...].trimmingWhitespace())
            if sections[sections.count - 1].values[key] != nil {
                problems.append((line, sections.last?.name, "“\(key)” is given twice"))
            }
            sections[sections.count - 1].values[key] = (value, line)
        }
        return (sections, problems)
    }
}
