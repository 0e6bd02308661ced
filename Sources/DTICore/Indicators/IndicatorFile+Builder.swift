extension IndicatorFile {
    /// Turns parsed sections into an `IndicatorSet`, checking each entry.
    struct Builder {
        let file: String
        var problems: [Problem]
        var name = "DTI"
        var pillars: [Pillar] = []
        var indicators: [(indicator: Indicator, line: Int)] = []
        var context: [ContextMeasure] = []
        var idLines: [String: Int] = [:]
        var indicatorSections = 0

        init(file: String, problems: [Problem]) {
            self.file = file
            self.problems = problems
        }

        mutating func add(_ section: Section) {
            let parts = section.name.split(separator: ".", maxSplits: 1).map(String.init)
            let kind = parts[0], id = parts.count == 2 ? parts[1] : ""
            switch kind {
            case "set" where id.isEmpty:
                expectKeys(section, allowed: ["name"])
                name = section.values["name"]?.value ?? name
            case "pillar", "indicator", "context":
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
                default: addContext(section, id: id)
                }
            default:
                fail(section.line, section.name, "unknown section; use [set], [pillar.ID], [indicator.ID] or [context.ID]")
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
            guard problems.isEmpty else { throw Problems(problems: problems.sorted { $0.line < $1.line }) }
            return IndicatorSet(name: name, source: file, pillars: pillars,
                                indicators: indicators.map(\.indicator), context: context)
        }

        private mutating func addPillar(_ section: Section, id: String) {
            expectKeys(section, allowed: ["label_vi", "label_en"])
            pillars.append(Pillar(id: id, label: label(section, id: id)))
        }

        private mutating func addIndicator(_ section: Section, id: String) {
            expectKeys(section, allowed: ["pillar", "formula", "target", "weight", "label_vi", "label_en"])
            let pillar = require(section, "pillar", id: id)
            let formula = formula(section, id: id)
            let target = number(section, "target", id: id) { $0 > 0 ? nil : "the target must be more than 0" }
            let weight = number(section, "weight", id: id) { $0 >= 0 ? nil : "a weight cannot be negative" }
            guard let pillar, let formula, let target, let weight else { return }
            indicators.append((Indicator(id: id, pillar: pillar, formula: formula, target: target, weight: weight,
                                         label: label(section, id: id)), section.line))
        }

        private mutating func addContext(_ section: Section, id: String) {
            expectKeys(section, allowed: ["formula", "label_vi", "label_en"])
            guard let formula = formula(section, id: id) else { return }
            context.append(ContextMeasure(id: id, formula: formula, label: label(section, id: id)))
        }

        private mutating func formula(_ section: Section, id: String) -> Formula? {
            guard let text = require(section, "formula", id: id) else { return nil }
            do {
                return try Formula(parsing: text)
            } catch {
                fail(section.values["formula"]!.line, id, error.message)
                return nil
            }
        }

        private mutating func number(_ section: Section, _ key: String, id: String,
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

        private mutating func require(_ section: Section, _ key: String, id: String) -> String? {
            guard let value = section.values[key]?.value, !value.isEmpty else {
                fail(section.line, id, "“\(key)” is missing")
                return nil
            }
            return value
        }

        private func label(_ section: Section, id: String) -> LocalizedText {
            let english = section.values["label_en"]?.value ?? id
            return LocalizedText(vi: section.values["label_vi"]?.value ?? english, en: english)
        }

        private mutating func expectKeys(_ section: Section, allowed: Set<String>) {
            for (key, entry) in section.values where !allowed.contains(key) {
                fail(entry.line, section.name, "unknown key “\(key)”; allowed here: \(allowed.sorted().joined(separator: ", "))")
            }
        }

        private mutating func fail(_ line: Int, _ entry: String?, _ message: String) {
            problems.append(Problem(file: file, line: line, entry: entry, message: message))
        }

        private func isIdentifier(_ id: String) -> Bool {
            !id.isEmpty && id.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }
        }
    }
}
