/// Number formatting for people: 2 decimals rounded half-up, decimal comma in Vietnamese.
enum ReportNumber {
    /// A difference of two fractions in percentage points: 0.125 → "12.5".
    static func points(_ fraction: Double, _ language: Language) -> String {
        plain((fraction * 1000).rounded() / 10, language)
    }

    /// A number as written in an indicator file (up to 4 decimals, no trailing zeros), with
    /// the language's decimal mark.
    static func plain(_ value: Double, _ language: Language) -> String {
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return language == .vi ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    static func score(_ value: Double?, _ language: Language) -> String {
        guard let value else { return "–" }
        let rounded = Rounding.halfUp(value)
        let negative = rounded < 0
        let cents = Int((abs(rounded) * 100).rounded())
        let fraction = cents % 100
        let text = "\(cents / 100)\(language == .vi ? "," : ".")\(fraction < 10 ? "0" : "")\(fraction)"
        return negative ? "-" + text : text
    }

    static func signedScore(_ value: Double?, _ language: Language) -> String {
        guard let value else { return "–" }
        let text = score(value, language)
        return Rounding.halfUp(value) > 0 ? "+" + text : text
    }

    /// A count with the language's thousands separator: 3.321 / 3,321.
    static func grouped(_ value: Int, _ language: Language) -> String {
        Quoted.grouped(value, separator: language == .vi ? "." : ",")
    }

    static func signed(_ value: Int?) -> String {
        guard let value else { return "–" }
        return value > 0 ? "+\(value)" : value == 0 ? "0" : "\(value)"
    }

    static func percent(_ value: Double?, _ language: Language) -> String {
        value.map { score($0 * 100, language) + " %" } ?? "–"
    }

    /// “35 / 38 (92,11 %)”.
    static func rate(_ count: Int, of expected: Int, _ language: Language) -> String {
        "\(count) / \(expected) (\(percent(expected == 0 ? nil : Double(count) / Double(expected), language)))"
    }
}
