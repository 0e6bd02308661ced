/// The form communes fill each month: its fields and the checks between them, declared as data
/// in the indicator file (`[field.NAME]`, `[check.ID]`; docs/indicators.md, “The form”).
///
/// The thirteen fields of the national contract (`Figure`) are in every form, declared once in
/// `indicators/default.toml`; a province adds its own (a count, a yes/no task, a score, a text), each
/// from the month its decree brings it in (`since`). The form in force for a month is the
/// contract's fields and the fields whose `since` it has reached: a month is read, validated
/// and scored with its own form, and stored history is never rewritten when the form changes.
public struct Form: Sendable {
    /// Every field: the contract's thirteen in `Figure` order, then the province's in file order.
    public let fields: [FormField]
    /// The checks between fields, the contract's first.
    public let checks: [FormCheck]
    /// What the file calls the form (`[set] name`), said in messages about a field's month.
    public let name: String
    /// The columns of a file under this form, with their headings folded for lookup.
    let columns: FormColumns
    /// Each check's fields as positions in `fields` (names are looked up once: the rule runs
    /// for every row), flat: each check's total and where its parts are in `checkParts` (a
    /// check's own array of parts was retained and released for every check of every row).
    let checkSpans: [(total: Int, parts: Range<Int>)]
    let checkParts: [Int]
    /// Each field's bounds by position (nil for a yes/no task, read as 1 or 0): the bounds rule
    /// runs for every field of every row, and a `FormField` is costly to copy.
    let bounds: [(minimum: Int, maximum: Int?)?]

    public init(fields: [FormField], checks: [FormCheck], name: String) {
        self.fields = fields
        self.name = name
        columns = FormColumns(fields: fields)
        bounds = fields.map { $0.kind == .yesNo || $0.kind == .text ? nil : ($0.minimum, $0.maximum) }
        let position = Dictionary(fields.enumerated().map { ($1.name, $0) }) { first, _ in first }
        // A check without parts, or naming a field the form lacks, cannot be held (the indicator
        // file refuses both).
        let resolved = checks.compactMap { check -> (FormCheck, [Int], Int)? in
            guard !check.parts.isEmpty, let total = position[check.total] else { return nil }
            let parts = check.parts.compactMap { position[$0] }
            return parts.count == check.parts.count ? (check, parts, total) : nil
        }
        self.checks = resolved.map(\.0)
        var spans: [(total: Int, parts: Range<Int>)] = [], parts: [Int] = []
        for (_, checkParts, total) in resolved {
            spans.append((total, parts.count..<parts.count + checkParts.count))
            parts += checkParts
        }
        checkSpans = spans
        checkParts = parts
    }

    /// Each check's parts and total as positions in `fields`, for what is said about a check.
    var checkFields: [(parts: [Int], total: Int)] {
        checkSpans.map { (Array(checkParts[$0.parts]), $0.total) }
    }

    /// The column of the field at `index`.
    func column(ofField index: Int) -> SubmissionColumn { columns.all[2 + index] }

    /// The province's own fields (not the contract's), in file order: `Figures.extras` holds
    /// their values by name.
    public var extras: ArraySlice<FormField> { fields[Figure.allCases.count...] }

    /// The field of a contract column.
    public func field(_ figure: Figure) -> FormField { fields[figure.index] }

    public func field(named name: String) -> FormField? { fields.first { $0.name == name } }

    public func index(ofField name: String) -> Int? { fields.firstIndex { $0.name == name } }

    /// True when a month is read with the contract's fields and checks alone.
    public var isContractOnly: Bool { extras.isEmpty && checks.count == Form.contract.checks.count }

    /// The province's fields in force for `period`.
    public func extras(in period: Period) -> [FormField] { extras.filter { $0.isInForce(period) } }

    /// How messages name the form in force for `period`: the set's name, and the month its
    /// newest field came in (“DTI Đà Nẵng, từ 2026-01” / “DTI Đà Nẵng, from 2026-01”).
    public func version(for period: Period, _ language: Language = .vi) -> String {
        let start = extras.compactMap(\.since).filter { $0 <= period }.max()
        return start.map { "\(name), \(language == .vi ? "từ" : "from") \($0)" } ?? name
    }

    /// The months where the form changes (a field comes in), oldest first.
    public var changes: [(period: Period, fields: [FormField])] {
        Dictionary(grouping: extras.compactMap { field in field.since.map { ($0, field) } }, by: \.0)
            .mapValues { $0.map(\.1) }
            .sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The fields and checks as a Markdown table (`dti codes --fields`): what a department
    /// hands to communes with its template.
    public func markdownTable(_ language: Language) -> String {
        let vi = language == .vi
        var lines = vi ? ["| tên cột | tiêu đề | loại | giá trị | bắt buộc | quý, năm | từ tháng |", "|---|---|---|---|---|---|---|"]
            : ["| column | heading | kind | values | required | quarter, year | from |", "|---|---|---|---|---|---|---|"]
        for field in fields {
            let kind = switch field.kind {
            case .count: vi ? "số đếm" : "count"
            case .yesNo: vi ? "có/không" : "yes/no"
            case .score: vi ? "điểm" : "score"
            case .text: vi ? "văn bản" : "text"
            }
            let values = switch field.kind {
            case .yesNo: vi ? "Có, Không" : "Có (yes), Không (no)"
            case .text: vi ? "tối đa 2.000 ký tự" : "up to 2,000 characters"
            case .count, .score: "\(field.minimum)…" + (field.maximum.map(String.init) ?? "")
            }
            let aggregation = field.aggregation == .sum ? (vi ? "cộng các tháng" : "summed") : (vi ? "tháng gần nhất" : "latest")
            lines.append("| `\(field.name)` | \(vi ? field.label.vi : field.label.en) | \(kind) | \(values) | "
                + "\(field.isRequired ? (vi ? "có" : "yes") : (vi ? "không" : "no")) | \(aggregation) | \(field.since?.description ?? "–") |")
        }
        lines.append("")
        lines.append(vi ? "Kiểm tra giữa các cột:" : "Checks between columns:")
        lines.append("")
        for check in checks { lines.append("- `\(check.id)`: `\(check.rule)`") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The form of the national contract: the thirteen fields and six checks of the built-in
    /// indicator file (`indicators/default.toml`), which every other file starts from. Read
    /// here, not through `IndicatorFile`: the form sits below the indicators.
    public static let contract: Form = {
        let (sections, lineProblems) = KeyValueText.sections(BuiltInIndicators.text)
        var reader = FormReader(base: nil)
        reader.read(sections)
        // A test keeps the built-in file valid (`LocationsTests`).
        precondition(lineProblems.isEmpty && reader.problems.isEmpty, "the built-in form does not read: \(reader.problems)")
        let name = sections.first { $0.name == "set" }?.values["name"]?.value ?? "DTI"
        return Form(fields: reader.fields, checks: reader.checks, name: name)
    }()
}

/// How a field's monthly values make a quarter's or a year's.
public enum FieldAggregation: String, Sendable, CaseIterable {
    /// A stock (villages, stations, people, services): the value of the latest report.
    case latest
    /// A flow (dossiers received): the sum over the months reported.
    case sum
}

/// One field of the form: what it is called, what it holds and how it is checked.
public struct FormField: Hashable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// A whole number of things (villages, members, meetings): from `minimum`, 0 unless set.
        case count
        /// A task done or not (“đã số hoá sổ hộ tịch”): Có/Không in the template, stored 1/0.
        case yesNo = "yes_no"
        /// A whole-number score between `minimum` and `maximum` (the portal's 0–100 rating).
        case score
        /// A short text (a remark, the name of a model): stored and shown, never scored or checked
        /// beyond what notes are (at most 2,000 characters, nothing invisible).
        case text
    }

    /// The canonical column name (ASCII), as formulas and the API use it.
    public var name: String
    public var label: LocalizedText
    /// Other headings sheets use for the column.
    public var aliases: [String]
    public var kind: Kind
    public var minimum: Int
    public var maximum: Int?
    /// A required field's cell must be filled; an optional one may be left blank (no value).
    public var isRequired: Bool
    /// How a quarter or a year gathers it.
    public var aggregation: FieldAggregation
    /// The first month the field is on the form (nil: always).
    public var since: Period?
    /// One line on what the field counts, for the template's instructions.
    public var help: String?
    /// The range `dti sample generate` draws the field's monthly values from (`sample = "0..5"`).
    public var sample: ClosedRange<Int>?

    public init(name: String, label: LocalizedText, aliases: [String] = [], kind: Kind = .count, minimum: Int = 0,
                maximum: Int? = nil, isRequired: Bool = true, aggregation: FieldAggregation = .latest,
                since: Period? = nil, help: String? = nil, sample: ClosedRange<Int>? = nil) {
        self.name = name
        self.label = label
        self.aliases = aliases
        self.kind = kind
        self.minimum = minimum
        self.maximum = maximum
        self.isRequired = isRequired
        self.aggregation = aggregation
        self.since = since
        self.help = help
        self.sample = sample
    }

    public func isInForce(_ period: Period) -> Bool { since.map { $0 <= period } ?? true }

    /// The contract column it is, if it is one.
    public var figure: Figure? { Figure(rawValue: name) }
}

/// A check between fields, written `parts <= total`: one part (villages with fibre ≤ villages)
/// or a sum (services partly online + end to end ≤ services). Its message is made from the
/// fields' headings; `note` ends it (“each procedure counts once”).
public struct FormCheck: Hashable, Sendable {
    public var id: String
    public var parts: [String]
    public var total: String
    public var note: LocalizedText?

    public init(id: String, parts: [String], total: String, note: LocalizedText? = nil) {
        self.id = id
        self.parts = parts
        self.total = total
        self.note = note
    }

    /// As the file writes it: `services_online_partial + services_online_full <= services_total`.
    public var rule: String { parts.joined(separator: " + ") + " <= " + total }
}
