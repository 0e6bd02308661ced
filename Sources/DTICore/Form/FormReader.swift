/// Reads the form in an indicator file: `[field.NAME]` declares a field communes report,
/// `[check.ID]` a check between fields (docs/indicators.md, “The form”). `IndicatorFile` hands
/// it those sections; the contract's form (`Form.contract`) is read by it from the built-in file.
///
/// ```
/// [field.digital_team_members]
/// label_vi = "Số thành viên tổ công nghệ số cộng đồng"
/// label_en = "Members of community digital teams"
/// kind = "count"
/// since = "2026-01"
///
/// [check.team_within_adults]
/// rule = "digital_team_members <= adult_population"
/// ```
struct FormReader {
    typealias Section = KeyValueText.Section

    /// The form the file starts from: the contract's (nil while reading the built-in file,
    /// which declares it).
    let base: Form?
    /// The fields and checks read so far: the base form's first.
    private(set) var fields: [FormField]
    private(set) var checks: [FormCheck]
    /// Each mistake: its line, its section and what is wrong.
    private(set) var problems: [(line: Int, entry: String?, message: String)] = []

    init(base: Form?) {
        self.base = base
        fields = base.map { Array($0.fields) } ?? []
        checks = base?.checks ?? []
    }

    /// The most fields a province may add: each is a column of every file and a bit of a row's
    /// readable cells.
    static let maximumExtraFields = 40

    /// Column names that are not fields.
    static let reservedNames: Set<String> = ["commune_code", "period", "commune_name", "notes"]

    /// Reads every `[field.NAME]` and `[check.ID]` section of `sections` (the others are the
    /// indicator file's), after the base form's.
    mutating func read(_ sections: [Section]) {
        let declared = sections.filter { $0.name.hasPrefix("field.") }
        var seen: [String: Int] = [:]
        for section in declared {
            let name = String(section.name.dropFirst("field.".count))
            guard isIdentifier(name), name.first?.isLetter == true, !Self.reservedNames.contains(name) else {
                fail(section.line, section.name, "a field's name must start with a lower-case letter and hold only lower-case letters, digits and “_”, and may not be commune_code, period, commune_name or notes")
                continue
            }
            if let earlier = seen[name] {
                fail(section.line, section.name, "the field “\(name)” is declared twice (first on line \(earlier))")
                continue
            }
            seen[name] = section.line
            addFormField(section, name: name)
        }
        if base == nil {
            // The built-in file declares the contract: all thirteen, kept in `Figure` order.
            let missing = Figure.allCases.filter { figure in !fields.contains { $0.name == figure.rawValue } }
            if !missing.isEmpty {
                fail(1, nil, "the contract's fields are not all declared: \(missing.map(\.rawValue).joined(separator: ", "))")
            } else {
                let contract = Figure.allCases.map { figure in fields.first { $0.name == figure.rawValue }! }
                fields = contract + fields.filter { $0.figure == nil }
            }
        }
        if fields.count - Figure.allCases.count > Self.maximumExtraFields {
            fail(declared.last?.line ?? 1, nil, "a form may add at most \(Self.maximumExtraFields) fields to the contract's")
        }
        var checkIDs = Set(checks.map(\.id))
        for section in sections where section.name.hasPrefix("check.") {
            let id = String(section.name.dropFirst("check.".count))
            guard isIdentifier(id) else {
                fail(section.line, section.name, "the id after “check.” must be lower-case letters, digits and “_”")
                continue
            }
            addCheck(section, id: id, isNew: checkIDs.insert(id).inserted)
        }
    }

    /// One `[field.NAME]`: a field of its own, or one of the contract's restated (its
    /// aggregation and aliases may change; what the national template says of it may not).
    private mutating func addFormField(_ section: Section, name: String) {
        expectKeys(section, allowed: ["label_vi", "label_en", "aliases", "kind", "min", "max", "required", "aggregation",
                                      "since", "help", "sample"])
        let value = { (key: String) in section.values[key] }
        var aggregation: FieldAggregation?
        if let entry = value("aggregation") {
            aggregation = FieldAggregation(rawValue: entry.value)
            if aggregation == nil {
                fail(entry.line, section.name, "“aggregation” must be \"latest\" (a stock) or \"sum\" (a flow), found “\(entry.value)”")
            }
        }
        let aliases = value("aliases").map { entry in
            entry.value.split(separator: ";").map { String($0.trimmingWhitespace()) }.filter { !$0.isEmpty }
        } ?? []

        if let index = fields.firstIndex(where: { $0.name == name }), base != nil {
            // A field of the base form (the contract's): it keeps what the national template says.
            let known = fields[index]
            if section.values.keys.allSatisfy({ $0 == "aggregation" }) && aggregation == nil && value("aggregation") == nil {
                fail(section.line, section.name, "“aggregation” is missing: \"latest\" (a stock) or \"sum\" (a flow)")
            }
            let restated: [(String, String)] = [
                ("label_vi", known.label.vi), ("label_en", known.label.en), ("kind", known.kind.rawValue),
                ("min", String(known.minimum)), ("max", known.maximum.map(String.init) ?? ""),
                ("required", known.isRequired ? "true" : "false"),
            ]
            for (key, expected) in restated {
                if let entry = value(key), entry.value != expected {
                    fail(entry.line, section.name, "“\(name)” is a field of the national template: its “\(key)” is “\(expected)” in every form; to accept another heading, add it to “aliases”")
                }
            }
            for key in ["since", "sample"] where value(key) != nil {
                fail(value(key)!.line, section.name, "“\(name)” is a field of the national template, on the form in every month; “\(key)” is for a province's own fields")
            }
            fields[index].aliases += aliases.filter { !known.aliases.contains($0) }
            if let aggregation { fields[index].aggregation = aggregation }
            return
        }

        guard let labelVI = value("label_vi")?.value, !labelVI.isEmpty else {
            // Most likely a known field misspelt (`[field.villages] aggregation = …`).
            let known = fields.map(\.name).joined(separator: ", ")
            fail(section.line, section.name, "unknown field “\(name)”; the fields are \(known). To add a field of your own, give at least its “label_vi” (the heading officers see in the template)")
            return
        }
        var kind = FormField.Kind.count
        if let entry = value("kind") {
            guard let read = FormField.Kind(rawValue: entry.value) else {
                fail(entry.line, section.name, "“kind” must be \"count\", \"yes_no\", \"score\" or \"text\", found “\(entry.value)”")
                return
            }
            kind = read
        }
        func whole(_ key: String) -> Int? {
            guard let entry = value(key) else { return nil }
            guard let number = Int(entry.value), number >= 0 else {
                fail(entry.line, section.name, "“\(key)” must be a whole number of 0 or more, found “\(entry.value)”")
                return nil
            }
            return number
        }
        var minimum = whole("min") ?? 0
        var maximum = whole("max")
        switch kind {
        case .yesNo:
            if let entry = value("min") ?? value("max") {
                fail(entry.line, section.name, "a yes/no field holds Có (1) or Không (0): no “min” or “max”")
            }
            (minimum, maximum) = (0, 1)
        case .score:
            if maximum == nil { fail(section.line, section.name, "a score needs its “max” (100 for a score out of 100)") }
        case .text:
            if let entry = value("min") ?? value("max") ?? value("sample") {
                fail(entry.line, section.name, "a text field holds words: no “min”, “max” or “sample”")
            }
            if value("aggregation")?.value == "sum" {
                fail(value("aggregation")!.line, section.name, "a text field cannot be summed over months: its latest text is kept")
            }
        case .count:
            break
        }
        if let maximum, maximum < minimum {
            fail(value("max")!.line, section.name, "“max” (\(maximum)) is less than “min” (\(minimum))")
        }
        var required = true
        if let entry = value("required") {
            switch entry.value {
            case "true": required = true
            case "false": required = false
            default: fail(entry.line, section.name, "“required” is true or false, found “\(entry.value)”")
            }
        }
        var since: Period?
        if let entry = value("since") {
            since = Period(entry.value)
            if since == nil { fail(entry.line, section.name, "“since” is the first month of the field, written 2026-01; found “\(entry.value)”") }
        }
        if base == nil, Figure(rawValue: name) == nil {
            fail(section.line, section.name, "the built-in file declares the contract's fields only")
        }
        var sample: ClosedRange<Int>?
        if let entry = value("sample") {
            let bounds = entry.value.components(separatedBy: "..").map { Int($0.trimmingWhitespace()) }
            if bounds.count == 2, let low = bounds[0], let high = bounds[1], low >= minimum, low <= high,
               maximum.map({ high <= $0 }) ?? true, kind != .yesNo, kind != .text {
                sample = low...high
            } else {
                fail(entry.line, section.name, "“sample” is the range `dti sample generate` draws from, written \"0..5\", within min and max (not for a yes/no task); found “\(entry.value)”")
            }
        }
        let english = value("label_en")?.value ?? name.replacingOccurrences(of: "_", with: " ")
        fields.append(FormField(
            name: name, label: LocalizedText(vi: labelVI, en: english), aliases: aliases, kind: kind, minimum: minimum,
            maximum: maximum, isRequired: required, aggregation: aggregation ?? .latest, since: since,
            help: value("help")?.value, sample: sample))
    }

    /// One `[check.ID]`: `rule = "part <= total"` or `"a + b <= total"`, with an optional
    /// `note_vi`/`note_en` ending its message. A check of the base form may be restated only
    /// as it is.
    private mutating func addCheck(_ section: Section, id: String, isNew: Bool) {
        expectKeys(section, allowed: ["rule", "note_vi", "note_en"])
        guard let ruleEntry = section.values["rule"] else {
            fail(section.line, section.name, "“rule” is missing: write it “part <= total” or “a + b <= total”")
            return
        }
        let sides = ruleEntry.value.components(separatedBy: "<=")
        let parts = sides.first.map { $0.split(separator: "+").map { String($0.trimmingWhitespace()) } } ?? []
        let total = sides.count == 2 ? String(sides[1].trimmingWhitespace()) : ""
        guard sides.count == 2, !parts.isEmpty, !total.isEmpty, parts.allSatisfy({ !$0.isEmpty }) else {
            fail(ruleEntry.line, section.name, "“rule” must read “part <= total” or “a + b <= total”, found “\(ruleEntry.value)”")
            return
        }
        for name in parts + [total] {
            guard let field = fields.first(where: { $0.name == name }) else {
                fail(ruleEntry.line, section.name, "unknown field “\(name)” in the rule; the fields are \(fields.map(\.name).joined(separator: ", "))")
                return
            }
            if field.kind == .yesNo || field.kind == .text {
                fail(ruleEntry.line, section.name, "“\(name)” is a \(field.kind == .text ? "text" : "yes/no") field: a check compares counts")
                return
            }
        }
        if Set(parts).count != parts.count || parts.contains(total) {
            fail(ruleEntry.line, section.name, "each field appears once in a rule")
            return
        }
        var note: LocalizedText?
        if let vi = section.values["note_vi"]?.value {
            note = LocalizedText(vi: vi, en: section.values["note_en"]?.value ?? vi)
        } else if let entry = section.values["note_en"] {
            fail(entry.line, section.name, "“note_en” needs its “note_vi”: officers read the Vietnamese")
        }
        let check = FormCheck(id: id, parts: parts, total: total, note: note)
        if !isNew {
            if let known = checks.first(where: { $0.id == id }), known.rule != check.rule {
                fail(ruleEntry.line, section.name, "“\(id)” is a check of the national template (\(known.rule)); give your own check another id")
            } else if base == nil {
                fail(section.line, section.name, "the check “\(id)” is declared twice")
            }
            return
        }
        checks.append(check)
    }

    private mutating func expectKeys(_ section: Section, allowed: Set<String>) {
        for (key, entry) in section.values where !allowed.contains(key) {
            fail(entry.line, section.name, "unknown key “\(key)”; allowed here: \(allowed.sorted().joined(separator: ", "))")
        }
    }

    private mutating func fail(_ line: Int, _ entry: String?, _ message: String) {
        problems.append((line, entry, message))
    }

    private func isIdentifier(_ id: String) -> Bool {
        !id.isEmpty && id.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }
    }
}
