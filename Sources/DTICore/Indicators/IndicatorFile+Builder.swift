extension IndicatorFile {
    /// Turns parsed sections into an `IndicatorSet`, checking each entry.
    struct Builder {
        let file: String
        var problems: [Problem]
        var name = "DTI"
        var pillars: [Pillar] = []
        var indicators: [(indicator: Indicator, line: Int)] = []
        /// Per indicator (same order): the normalisation its section names, if any, and its
        /// target, if given; resolved against the set's default in `finish`.
        var declared: [(normalisation: Normalisation?, target: Double?, targetWritten: Bool)] = []
        var defaultNormalisation: Normalisation = .target
        var aggregation: Aggregation = .arithmetic
        var carryForwardMonths = 0
        var deadlineDay = 5
        /// The form the file starts from: the contract's (nil while reading the built-in file,
        /// which declares it).
        let base: Form?
        /// The form's fields and checks (`FormReader`).
        var formFields: [FormField] = []
        var formChecks: [FormCheck] = []

        /// Reads the `[field.NAME]` and `[check.ID]` sections (`FormReader`), first: formulas
        /// name the form's fields.
        mutating func readForm(_ sections: [Section]) {
            var reader = FormReader(base: base)
            reader.read(sections)
            formFields = reader.fields
            formChecks = reader.checks
            problems += reader.problems.map { Problem(file: file, line: $0.line, entry: $0.entry, message: $0.message) }
        }
        var spanMinMonthsShare = 0.67
        var context: [ContextMeasure] = []
        var adjustments: [Adjustment] = []
        var gateRule: GateRule = .flagged
        var tiers: [(tier: Tier, line: Int)] = []
        var scorecardNear = Scorecard.defaultNear
        var idLines: [String: Int] = [:]
        var indicatorSections = 0

        init(file: String, problems: [Problem], base: Form?) {
            self.file = file
            self.problems = problems
            self.base = base
        }

        mutating func add(_ section: Section) {
            let parts = section.name.split(separator: ".", maxSplits: 1).map(String.init)
            let kind = parts[0], id = parts.count == 2 ? parts[1] : ""
            switch kind {
            case "set" where id.isEmpty:
                expectKeys(section, allowed: ["name", "normalisation", "aggregation", "carry_forward_months", "deadline_day",
                                              "span_min_months_share", "mandatory", "mandatory_cap"])
                readGateRule(section)
                if section.values["span_min_months_share"] != nil {
                    let share = number(section, "span_min_months_share", id: "set") { value in
                        value > 0 && value <= 1 ? nil : "span_min_months_share must be more than 0 and at most 1 (0.67: 2 months of 3, 8 of 12)"
                    }
                    spanMinMonthsShare = share ?? 0.67
                }
                if section.values["deadline_day"] != nil {
                    let day = number(section, "deadline_day", id: "set") { value in
                        value >= 1 && value <= 28 && value.rounded() == value ? nil : "deadline_day must be a whole day of the month from 1 to 28"
                    }
                    deadlineDay = day.map { Int($0) } ?? 5
                }
                if section.values["carry_forward_months"] != nil {
                    let months = number(section, "carry_forward_months", id: "set") { value in
                        value >= 0 && value <= 12 && value.rounded() == value ? nil : "carry_forward_months must be a whole number from 0 to 12"
                    }
                    carryForwardMonths = months.map { Int($0) } ?? 0
                }
                name = section.values["name"]?.value ?? name
                if section.values["normalisation"] != nil {
                    defaultNormalisation = normalisation(section, id: "set") ?? .target
                    if case .goalposts = defaultNormalisation {
                        fail(section.values["normalisation"]!.line, "set", "goalposts differ by indicator: give them in each [indicator.ID] with min and max")
                    }
                }
                if let entry = section.values["aggregation"] {
                    if let value = Aggregation(rawValue: entry.value) {
                        aggregation = value
                    } else {
                        fail(entry.line, "set", "“aggregation” must be arithmetic or geometric, found “\(entry.value)”")
                    }
                }
            case "field", "check":
                break  // the form, read first (`readForm`)
            case "scorecard" where id.isEmpty:
                expectKeys(section, allowed: ["near"])
                if section.values["near"] != nil {
                    scorecardNear = number(section, "near", id: "scorecard") { value in
                        value > 0 && value < 1 ? nil : "“near” is a share of full marks between 0 and 1 (0.8: within 80 % of the target)"
                    } ?? Scorecard.defaultNear
                }
            case "tier":
                guard isIdentifier(id) else {
                    fail(section.line, section.name, "the id after “tier.” must be lower-case letters, digits and “_”")
                    return
                }
                addTier(section, id: id)
            case "pillar", "indicator", "context", "adjustment":
                guard isIdentifier(id) else {
                    fail(section.line, section.name, "the id after “\(kind).” must be lower-case letters, digits and “_”")
                    return
                }
                if let earlier = idLines[id] {
                    fail(section.line, id, "duplicate id: “\(id)” is already defined on line \(earlier)")
                    return
                }
                idLines[id] = section.line
                switch kind {
                case "pillar": addPillar(section, id: id)
                case "indicator":
                    indicatorSections += 1
                    addIndicator(section, id: id)
                case "adjustment": addAdjustment(section, id: id)
                default: addContext(section, id: id)
                }
            default:
                fail(section.line, section.name, "unknown section; use [set], [pillar.ID], [indicator.ID], [context.ID], [adjustment.ID], [tier.ID], [scorecard] or [field.NAME]")
            }
        }

        mutating func finish() throws(Problems) -> IndicatorSet {
            let pillarIDs = Set(pillars.map(\.id))
            for (indicator, line) in indicators where !pillarIDs.contains(indicator.pillar) {
                fail(line, indicator.id, "unknown pillar “\(indicator.pillar)”; defined pillars: \(pillars.map(\.id).joined(separator: ", "))")
            }
            if indicatorSections == 0 {
                fail(1, nil, "the file defines no [indicator.ID] section")
            } else if !indicators.isEmpty && indicators.allSatisfy({ $0.indicator.weight == 0 }) {
                fail(indicators[0].line, nil, "all weights are 0; at least one indicator must count")
            }
            resolveMethods()
            var seen: [Double: String] = [:]
            for (tier, line) in tiers {
                if let other = seen[tier.minimum] {
                    fail(line, tier.id, "tiers “\(other)” and “\(tier.id)” have the same “min” (\(tier.minimum)); each tier needs its own lower bound")
                }
                seen[tier.minimum] = tier.id
            }
            guard problems.isEmpty else { throw Problems(problems: problems.sorted { $0.line < $1.line }) }
            return IndicatorSet(name: name, source: file, pillars: pillars,
                                indicators: indicators.map(\.indicator), context: context, aggregation: aggregation,
                                carryForwardMonths: carryForwardMonths, deadlineDay: deadlineDay,
                                form: Form(fields: formFields, checks: formChecks, name: name), spanMinMonthsShare: spanMinMonthsShare,
                                tiers: tiers.map(\.tier), scorecard: Scorecard(near: scorecardNear), adjustments: adjustments,
                                gateRule: gateRule)
        }

        /// Gives each indicator the set's normalisation unless it names its own, then checks
        /// that each has what its method needs.
        private mutating func resolveMethods() {
            for index in indicators.indices {
                let (indicator, line) = indicators[index]
                let method = declared[index].normalisation ?? defaultNormalisation
                indicators[index].indicator.normalisation = method
                switch (method, declared[index].target) {
                case (.target, nil):
                    // A target written but unreadable has had its complaint already.
                    if !declared[index].targetWritten {
                        fail(line, indicator.id, "“target” is missing (normalisation by distance to target needs it)")
                    }
                case (.target, let target?):
                    indicators[index].indicator.target = target
                case (_, .some):
                    fail(line, indicator.id, "“target” applies to normalisation = \"target\" only; this indicator uses \(method.keyword)")
                default:
                    break
                }
                if aggregation == .geometric && method == .zScore {
                    fail(line, indicator.id, "geometric aggregation needs values of 0 or more, and z-scores are negative below the mean; use minmax or goalposts, or arithmetic aggregation")
                }
            }
        }

        /// `[tier.ID]`: a class of communes by DTI, from `min` (inclusive) up to the next tier's.
        private mutating func addTier(_ section: Section, id: String) {
            expectKeys(section, allowed: ["label_vi", "label_en", "min", "colour"])
            let minimum = number(section, "min", id: id) { (0...100).contains($0) ? nil : "“min” is a DTI from 0 to 100" }
            let colour = section.values["colour"]?.value ?? ""
            let hex = colour.count == 7 && colour.first == "#" && colour.dropFirst().allSatisfy(\.isHexDigit)
            if !hex { fail(section.values["colour"]?.line ?? section.line, id, "“colour” must be #RRGGBB, e.g. \"#1b7a3a\"") }
            guard let minimum, hex else { return }
            tiers.append((Tier(id: id, label: label(section, id: id), minimum: minimum, colour: colour.lowercased()), section.line))
        }

        private mutating func addPillar(_ section: Section, id: String) {
            expectKeys(section, allowed: ["label_vi", "label_en"])
            pillars.append(Pillar(id: id, label: label(section, id: id)))
        }

        private mutating func addIndicator(_ section: Section, id: String) {
            expectKeys(section, allowed: ["pillar", "formula", "target", "weight", "label_vi", "label_en",
                                          "normalisation", "direction", "min", "max", "steps", "mandatory"])
            let pillar = require(section, "pillar", id: id)
            let formula = formula(section, id: id)
            let target = section.values["target"] == nil ? nil
                : number(section, "target", id: id) { $0 > 0 ? nil : "the target must be more than 0" }
            let weight = number(section, "weight", id: id) { $0 >= 0 ? nil : "a weight cannot be negative" }
            let method = section.values["normalisation"] == nil ? nil : normalisation(section, id: id)
            var direction = Direction.higher
            if let entry = section.values["direction"] {
                if let value = Direction(rawValue: entry.value) {
                    direction = value
                } else {
                    fail(entry.line, id, "“direction” must be higher or lower, found “\(entry.value)”")
                }
            }
            guard let pillar, let formula, let weight else { return }
            var indicator = Indicator(id: id, pillar: pillar, formula: formula, target: 0, weight: weight,
                                      label: label(section, id: id))
            indicator.direction = direction
            if let entry = section.values["mandatory"] {
                switch entry.value {
                case "true": indicator.mandatory = true
                case "false": break
                default: fail(entry.line, id, "“mandatory” must be true or false, found “\(entry.value)”")
                }
            }
            indicators.append((indicator, section.line))
            if section.values["normalisation"]?.value != "goalposts" {
                for key in ["min", "max"] where section.values[key] != nil {
                    fail(section.values[key]!.line, id, "“\(key)” applies to normalisation = \"goalposts\" only")
                }
            }
            if let entry = section.values["steps"], section.values["normalisation"]?.value != "steps" {
                fail(entry.line, id, "“steps” applies to normalisation = \"steps\" only")
            }
            declared.append((method, target, section.values["target"] != nil))
        }

        /// The `normalisation` of a section: target, minmax, zscore, or goalposts with its
        /// `min` and `max` from the same section.
        private mutating func normalisation(_ section: Section, id: String) -> Normalisation? {
            guard let entry = section.values["normalisation"] else { return nil }
            switch entry.value {
            case "target": return .target
            case "minmax": return .minMax
            case "zscore": return .zScore
            case "goalposts":
                guard section.name != "set" else { return .goalposts(min: 0, max: 1) }
                let low = number(section, "min", id: id) { _ in nil }
                let high = number(section, "max", id: id) { _ in nil }
                guard let low, let high else { return nil }
                guard low < high else {
                    fail(section.values["max"]!.line, id, "goalposts need min below max (found min \(low), max \(high))")
                    return nil
                }
                return .goalposts(min: low, max: high)
            case "steps":
                guard section.name != "set" else {
                    fail(entry.line, "set", "step rules differ by indicator: give them in each [indicator.ID] with steps")
                    return nil
                }
                return steps(section, id: id)
            default:
                fail(entry.line, id, "“normalisation” must be target, goalposts, minmax, zscore or steps, found “\(entry.value)”")
                return nil
            }
        }

        /// `steps = "4: 20, 3: 15, 2: 10"`: from each value, so many points (a decree's step
        /// rule). Each value and its points are numbers, points 0 or more, some above 0, no
        /// value twice.
        private mutating func steps(_ section: Section, id: String) -> Normalisation? {
            guard let entry = section.values["steps"] else {
                fail(section.line, id, "“steps” is missing (normalisation = \"steps\" needs them), e.g. steps = \"4: 20, 3: 15, 2: 10\"")
                return nil
            }
            var steps: [Step] = []
            for part in entry.value.split(separator: ",") {
                let pair = part.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
                guard pair.count == 2, let from = Double(pair[0]), let points = Double(pair[1]), from.isFinite, points.isFinite else {
                    fail(entry.line, id, "each step is “value: points”, as in \"4: 20, 3: 15\"; found “\(part.trimmingWhitespace())”")
                    return nil
                }
                guard points >= 0 else {
                    fail(entry.line, id, "a step's points cannot be negative (found \(pair[1]))")
                    return nil
                }
                guard !steps.contains(where: { $0.from == from }) else {
                    fail(entry.line, id, "the value \(pair[0]) has two steps")
                    return nil
                }
                steps.append(Step(from: from, points: points))
            }
            guard steps.contains(where: { $0.points > 0 }) else {
                fail(entry.line, id, "some step must give points (all give 0)")
                return nil
            }
            return .steps(steps)
        }

        /// `[set] mandatory`: flagged (default), capped (with `mandatory_cap`, a DTI 0–100) or
        /// excluded — what becomes of a commune missing a mandatory indicator.
        private mutating func readGateRule(_ section: Section) {
            let cap = section.values["mandatory_cap"]
            guard let entry = section.values["mandatory"] else {
                if let cap { fail(cap.line, "set", "“mandatory_cap” applies to mandatory = \"capped\" only") }
                return
            }
            switch entry.value {
            case "flagged", "excluded":
                gateRule = entry.value == "flagged" ? .flagged : .excluded
                if let cap { fail(cap.line, "set", "“mandatory_cap” applies to mandatory = \"capped\" only") }
            case "capped":
                guard cap != nil else {
                    fail(entry.line, "set", "mandatory = \"capped\" needs mandatory_cap, the highest DTI such a commune may have (e.g. 64.99)")
                    return
                }
                if let value = number(section, "mandatory_cap", id: "set", check: { (0...100).contains($0) ? nil : "“mandatory_cap” is a DTI from 0 to 100" }) {
                    gateRule = .capped(value)
                }
            default:
                fail(entry.line, "set", "“mandatory” must be flagged, capped or excluded, found “\(entry.value)”")
            }
        }

        /// `[adjustment.ID]`: a bonus or penalty, its formula's value held within `min`…`max`
        /// (both required: a decree says how many points at most), added after aggregation.
        private mutating func addAdjustment(_ section: Section, id: String) {
            expectKeys(section, allowed: ["formula", "min", "max", "label_vi", "label_en"])
            let formula = formula(section, id: id)
            let low = number(section, "min", id: id) { _ in nil }
            let high = number(section, "max", id: id) { _ in nil }
            guard let formula, let low, let high else { return }
            guard low <= high else {
                fail(section.values["max"]!.line, id, "an adjustment needs min at or below max (found min \(low), max \(high))")
                return
            }
            adjustments.append(Adjustment(id: id, formula: formula, minimum: low, maximum: high, label: label(section, id: id)))
        }

        private mutating func addContext(_ section: Section, id: String) {
            expectKeys(section, allowed: ["formula", "label_vi", "label_en"])
            guard let formula = formula(section, id: id) else { return }
            context.append(ContextMeasure(id: id, formula: formula, label: label(section, id: id)))
        }

        private mutating func formula(_ section: Section, id: String) -> Formula? {
            guard let text = require(section, "formula", id: id) else { return nil }
            do {
                return try Formula(parsing: text, form: formFields)
            } catch {
                fail(section.values["formula"]!.line, id, error.message)
                return nil
            }
        }

        mutating func number(_ section: Section, _ key: String, id: String,
                                     check: (Double) -> String?) -> Double? {
            guard let text = require(section, key, id: id) else { return nil }
            let line = section.values[key]!.line
            guard let value = Double(text), value.isFinite else {
                fail(line, id, "“\(key)” must be a number written with a decimal point (0.15), found “\(text)”")
                return nil
            }
            if let complaint = check(value) {
                fail(line, id, "\(complaint) (found \(text))")
                return nil
            }
            return value
        }

        mutating func require(_ section: Section, _ key: String, id: String) -> String? {
            guard let value = section.values[key]?.value, !value.isEmpty else {
                fail(section.line, id, "“\(key)” is missing")
                return nil
            }
            return value
        }

        func label(_ section: Section, id: String) -> LocalizedText {
            let english = section.values["label_en"]?.value ?? id
            return LocalizedText(vi: section.values["label_vi"]?.value ?? english, en: english)
        }

        mutating func expectKeys(_ section: Section, allowed: Set<String>) {
            for (key, entry) in section.values where !allowed.contains(key) {
                fail(entry.line, section.name, "unknown key “\(key)”; allowed here: \(allowed.sorted().joined(separator: ", "))")
            }
        }

        mutating func fail(_ line: Int, _ entry: String?, _ message: String) {
            problems.append(Problem(file: file, line: line, entry: entry, message: message))
        }

        func isIdentifier(_ id: String) -> Bool {
            !id.isEmpty && id.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }
        }
    }
}
