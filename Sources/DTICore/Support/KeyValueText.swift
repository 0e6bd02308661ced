/// The pieces of the `key = value` text shared by the indicator file and the configuration
/// file (`/etc/dti/dti.conf`): a `#` starts a comment outside double quotes, and a value may
/// be quoted, with `\"` for a quote inside.
enum KeyValueText {
    /// The line without its `#` comment (a `#` inside double quotes stays). The config file
    /// (`Locations`) reads lines the same way.
    static func stripComment(_ line: Substring) -> Substring {
        var inQuotes = false
        for index in line.indices {
            if line[index] == "\"" { inQuotes.toggle() }
            if line[index] == "#" && !inQuotes { return line[..<index] }
        }
        return line
    }

    static func unquote(_ value: Substring) -> String {
        guard value.count >= 2, value.first == "\"", value.last == "\"" else { return String(value) }
        return String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
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
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
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
