/// An arithmetic formula over submitted figures: `villages_fibre / villages_total`,
/// `(services_online_partial + services_online_full) / services_total`, `1000 * bts_stations / adult_population`.
///
/// Division by zero makes the value not applicable (nil), never 0 and never a crash.
public indirect enum Formula: Hashable, Sendable, CustomStringConvertible {
    case number(Double)
    case figure(Figure)
    /// A field the province's form adds (`[field.NAME]`), with its Vietnamese label: no value
    /// (nil) for a month whose form did not have it or where it was left blank.
    case field(name: String, label: String)
    case add(Formula, Formula)
    case subtract(Formula, Formula)
    case multiply(Formula, Formula)
    case divide(Formula, Formula)

    /// The divisor when the formula is a quotient (a share that may be exactly 100 %).
    public var denominator: Formula? {
        if case .divide(_, let divisor) = self { divisor } else { nil }
    }
    case negate(Formula)

    public func evaluate(_ figures: Figures) -> Double? {
        switch self {
        case .number(let value): return value
        case .figure(let figure): return Double(figures[figure])
        case .field(let name, _): return figures.extras[name].map(Double.init)
        case .negate(let operand): return operand.evaluate(figures).map { -$0 }
        case .add(let lhs, let rhs): return Self.combine(lhs, rhs, figures, +)
        case .subtract(let lhs, let rhs): return Self.combine(lhs, rhs, figures, -)
        case .multiply(let lhs, let rhs): return Self.combine(lhs, rhs, figures, *)
        case .divide(let lhs, let rhs):
            guard let numerator = lhs.evaluate(figures), let denominator = rhs.evaluate(figures),
                  denominator != 0 else { return nil }
            return numerator / denominator
        }
    }

    private static func combine(_ lhs: Formula, _ rhs: Formula, _ figures: Figures,
                                _ operation: (Double, Double) -> Double) -> Double? {
        guard let left = lhs.evaluate(figures), let right = rhs.evaluate(figures) else { return nil }
        return operation(left, right)
    }

    /// The formula as a reader says it: figures by their Vietnamese labels in Vietnamese
    /// (“Số thôn có cáp quang ÷ Tổng số thôn, tổ dân phố”), by their names in English, with
    /// the signs people write (÷, ×, −).
    public func readable(_ language: Language) -> String {
        switch self {
        case .number(let value): return value == value.rounded() ? String(Int(value)) : ReportNumber.plain(value, language)
        case .figure(let figure): return language == .vi ? figure.vietnameseLabel : figure.rawValue.replacingOccurrences(of: "_", with: " ")
        case .field(let name, let label): return language == .vi ? label : name.replacingOccurrences(of: "_", with: " ")
        case .negate(let operand): return "−" + operand.readableOperand(language)
        case .add(let lhs, let rhs): return "\(lhs.readable(language)) + \(rhs.readable(language))"
        case .subtract(let lhs, let rhs): return "\(lhs.readable(language)) − \(rhs.readableOperand(language))"
        case .multiply(let lhs, let rhs): return "\(lhs.readableOperand(language)) × \(rhs.readableOperand(language))"
        case .divide(let lhs, let rhs): return "\(lhs.readableOperand(language)) ÷ \(rhs.readableOperand(language))"
        }
    }

    private func readableOperand(_ language: Language) -> String {
        switch self {
        case .add, .subtract: "(\(readable(language)))"
        default: readable(language)
        }
    }

    public var description: String {
        switch self {
        case .number(let value): return value == value.rounded() ? String(Int(value)) : String(value)
        case .figure(let figure): return figure.rawValue
        case .field(let name, _): return name
        case .negate(let operand): return "-\(operand.parenthesised)"
        case .add(let lhs, let rhs): return "\(lhs) + \(rhs)"
        case .subtract(let lhs, let rhs): return "\(lhs) - \(rhs.parenthesised)"
        case .multiply(let lhs, let rhs): return "\(lhs.parenthesised) * \(rhs.parenthesised)"
        case .divide(let lhs, let rhs): return "\(lhs.parenthesised) / \(rhs.parenthesised)"
        }
    }

    private var parenthesised: String {
        switch self {
        case .number, .figure, .field, .multiply, .divide, .negate: description
        case .add, .subtract: "(\(description))"
        }
    }
}

extension Formula {
    public struct ParseError: Error, Equatable, Sendable {
        public var message: String
    }

    /// Parses `+ - * /`, parentheses, decimal numbers and field names (canonical column names):
    /// the contract's, and those `form` adds (nil: the contract's alone).
    public init(parsing text: String, form fields: [FormField]? = nil) throws(ParseError) {
        var parser = FormulaParser(tokens: try FormulaParser.tokenize(text), fields: fields ?? Form.contract.fields)
        let formula = try parser.expression()
        guard parser.atEnd else {
            throw ParseError(message: "unexpected “\(parser.peek!)” in the formula")
        }
        self = formula
    }
}

private struct FormulaParser {
    enum Token: Equatable, CustomStringConvertible {
        case number(Double), name(String), symbol(Character)
        var description: String {
            switch self {
            case .number(let value): String(value)
            case .name(let name): name
            case .symbol(let symbol): String(symbol)
            }
        }
    }

    let tokens: [Token]
    let fields: [FormField]
    var index = 0

    var atEnd: Bool { index == tokens.count }
    var peek: Token? { atEnd ? nil : tokens[index] }

    static func tokenize(_ text: String) throws(Formula.ParseError) -> [Token] {
        var tokens: [Token] = []
        var characters = Substring(text)
        while let first = characters.first {
            if first.isWhitespace {
                characters = characters.dropFirst()
            } else if "+-*/()".contains(first) {
                tokens.append(.symbol(first))
                characters = characters.dropFirst()
            } else if first.isASCIIDigit || first == "." {
                let literal = characters.prefix { $0.isASCIIDigit || $0 == "." }
                guard let value = Double(literal) else { throw .init(message: "“\(literal)” is not a number") }
                tokens.append(.number(value))
                characters = characters.dropFirst(literal.count)
            } else if first.isLetter || first == "_" {
                let name = characters.prefix { $0.isLetter || $0.isASCIIDigit || $0 == "_" }
                tokens.append(.name(String(name)))
                characters = characters.dropFirst(name.count)
            } else {
                throw .init(message: "unexpected character “\(first)” in the formula")
            }
        }
        guard !tokens.isEmpty else { throw .init(message: "the formula is empty") }
        return tokens
    }

    mutating func expression() throws(Formula.ParseError) -> Formula {
        var result = try term()
        while let token = peek, token == .symbol("+") || token == .symbol("-") {
            index += 1
            let rhs = try term()
            result = token == .symbol("+") ? .add(result, rhs) : .subtract(result, rhs)
        }
        return result
    }

    mutating func term() throws(Formula.ParseError) -> Formula {
        var result = try factor()
        while let token = peek, token == .symbol("*") || token == .symbol("/") {
            index += 1
            let rhs = try factor()
            result = token == .symbol("*") ? .multiply(result, rhs) : .divide(result, rhs)
        }
        return result
    }

    mutating func factor() throws(Formula.ParseError) -> Formula {
        guard let token = peek else { throw .init(message: "the formula ends too early") }
        index += 1
        switch token {
        case .number(let value):
            return .number(value)
        case .name(let name):
            if let figure = Figure(rawValue: name) { return .figure(figure) }
            guard let field = fields.first(where: { $0.name == name }) else {
                let known = fields.map(\.name).joined(separator: ", ")
                throw .init(message: "unknown field “\(name)”; the submitted fields are: \(known)")
            }
            guard field.kind != .text else { throw .init(message: "“\(name)” is a text field: a formula takes numbers") }
            return .field(name: field.name, label: field.label.vi)
        case .symbol("-"):
            return .negate(try factor())
        case .symbol("("):
            let inner = try expression()
            guard peek == .symbol(")") else { throw .init(message: "a “(” is not closed") }
            index += 1
            return inner
        case .symbol(let symbol):
            throw .init(message: "unexpected “\(symbol)” in the formula")
        }
    }
}
