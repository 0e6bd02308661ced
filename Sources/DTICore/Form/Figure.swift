import Foundation

/// A whole-number figure a commune reports each month (the numeric columns of the template).
///
/// The raw value is the canonical ASCII column name; indicator formulas refer to figures by it.
public enum Figure: String, CaseIterable, Sendable, Codable {
    case villagesTotal = "villages_total"
    case villagesMobileBroadband = "villages_mobile_broadband"
    case villagesFibre = "villages_fibre"
    case btsStations = "bts_stations"
    case householdsTotal = "households_total"
    case householdsFibre = "households_fibre"
    case adultPopulation = "adult_population"
    case adultsSmartphone = "adults_smartphone"
    case servicesTotal = "services_total"
    case servicesOnlinePartial = "services_online_partial"
    case servicesOnlineFull = "services_online_full"
    case dossiersTotal = "dossiers_total"
    case dossiersOnline = "dossiers_online"

    /// The header of the Excel template commune officers fill in (the contract form's label,
    /// `indicators/default.toml`).
    public var vietnameseLabel: String { Form.contract.field(self).label.vi }

    /// The smallest value the contract allows: totals that divide must be at least 1.
    public var minimum: Int { Form.contract.field(self).minimum }

    /// The total this figure counts a part of, and so must not exceed (a one-part check of
    /// the contract form).
    public var total: Figure? {
        Form.contract.checks.first { $0.parts == [rawValue] }.flatMap { Figure(rawValue: $0.total) }
    }

    /// Position in `Figures` storage (and in `allCases`). A switch, not a dictionary: it runs
    /// for every figure of every row.
    var index: Int {
        switch self {
        case .villagesTotal: 0
        case .villagesMobileBroadband: 1
        case .villagesFibre: 2
        case .btsStations: 3
        case .householdsTotal: 4
        case .householdsFibre: 5
        case .adultPopulation: 6
        case .adultsSmartphone: 7
        case .servicesTotal: 8
        case .servicesOnlinePartial: 9
        case .servicesOnlineFull: 10
        case .dossiersTotal: 11
        case .dossiersOnline: 12
        }
    }
}

/// The contract's thirteen figures of a row, in `Figure.allCases` order, held in place: a
/// row's figures are no allocation of their own, and copying a row copies them, not a
/// reference (a national ingest reads some 200,000 rows; as an array of their own they were
/// a tenth of its time outside SQLite).
public struct ContractValues: Hashable, Sendable, RandomAccessCollection, MutableCollection {
    private var storage: InlineArray<13, Int>

    /// Thirteen zeros.
    public init() {
        storage = InlineArray(repeating: 0)
    }

    /// `values`, one per figure in `Figure.allCases` order.
    public init<Values: Collection<Int>>(_ values: Values) {
        precondition(values.count == Figure.allCases.count, "one value per figure")
        self.init()
        for (index, value) in values.enumerated() { storage[index] = value }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.count }

    /// One figure. Reading one copies the thirteen first (the compiler's way with an inline
    /// array read at a computed index): code that reads them all reads them through
    /// `withUnsafeBufferPointer`, which copies once.
    public subscript(position: Int) -> Int {
        get { storage[position] }
        set { storage[position] = newValue }
    }

    /// Calls `body` with the thirteen figures in order.
    public func withUnsafeBufferPointer<Result, Failure: Error>(
        _ body: (UnsafeBufferPointer<Int>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let span = storage.span
        return try span.withUnsafeBufferPointer { (values) throws(Failure) -> Result in try body(values) }
    }

    public static func == (lhs: ContractValues, rhs: ContractValues) -> Bool {
        lhs.withUnsafeBufferPointer { left in rhs.withUnsafeBufferPointer { right in left.elementsEqual(right) } }
    }

    public func hash(into hasher: inout Hasher) {
        withUnsafeBufferPointer { values in
            for value in values { hasher.combine(value) }
        }
    }
}

/// The figures of one submission: the contract's thirteen in `Figure.allCases` order, and the
/// values of the province's own fields (`Form.extras`) by name, when its form has any.
public struct Figures: Hashable, Sendable {
    public private(set) var values: ContractValues
    /// A province's fields, by canonical name: absent when not on the form of the month or left
    /// blank where optional. A yes/no task is 1 or 0.
    public var extras: [String: Int] = [:]
    /// A province's text fields (`kind = "text"`), by canonical name: stored and shown, never scored.
    public var texts: [String: String] = [:]

    public init(values: ContractValues) {
        self.values = values
    }

    public init(values: [Int]) {
        self.values = ContractValues(values)
    }

    public init(_ pairs: KeyValuePairs<Figure, Int>) {
        var values = ContractValues()
        for (figure, value) in pairs { values[figure.index] = value }
        self.values = values
    }

    /// Each figure by its canonical column name, as the API's documents give them.
    public var byName: [String: Int] {
        Dictionary(uniqueKeysWithValues: zip(Figure.allCases.map(\.rawValue), values)).merging(extras) { contract, _ in contract }
    }

    /// The province's fields as the store keeps them (the column `extra`): a JSON object with
    /// its keys sorted, `{"digital_team_members":12,"remark":"…"}`; nil when there are none.
    public var extrasJSON: String? {
        guard !extras.isEmpty || !texts.isEmpty else { return nil }
        if texts.isEmpty {
            // Field names are lower-case ASCII identifiers (`[field.NAME]`): nothing to escape.
            return "{" + extras.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
        }
        var object: [String: Any] = extras
        for (name, text) in texts { object[name] = text }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Takes the province's fields from the column `extra` (nil or unreadable: none): numbers
    /// into `extras`, text into `texts`.
    public mutating func setExtras(json: String?) {
        guard let json, let data = json.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return }
        for (name, value) in object {
            if let text = value as? String { texts[name] = text } else if let number = value as? NSNumber { extras[name] = number.intValue }
        }
    }

    /// The value of the field at `index` of `form.fields`, if it has one.
    public func value(ofField index: Int, in form: Form) -> Int? {
        index < values.count ? values[index] : extras[form.fields[index].name]
    }

    public subscript(figure: Figure) -> Int {
        get { values[figure.index] }
        set { values[figure.index] = newValue }
    }
}
