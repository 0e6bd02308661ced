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
}
