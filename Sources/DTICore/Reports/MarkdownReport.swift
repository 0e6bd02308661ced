import Foundation

/// The monthly report a provincial leader reads: summary, top and bottom communes, movers,
/// missing submissions, partial scoring and data warnings.
public struct MarkdownReport: Sendable {
    public var result: ProvinceResult
    public var indicatorSet: IndicatorSet
    /// Warnings recorded when the period's files were ingested.
    public var warnings: [ValidationIssue]
    public var language: Language
    /// How many communes the top and bottom tables show.
    public var tableSize = 10
    /// The province's means the month before and the same month a year earlier, when known:
    /// the summary gives the change against each.
    public var comparisons: [ProvinceMeans] = []
    /// When the report was made (`ReportClock`): said with the figures' currency, and marks a
    /// report made before the deadline provisional. Nil: not said.
    public var madeAt: Date?

    public init(result: ProvinceResult, indicatorSet: IndicatorSet, warnings: [ValidationIssue], language: Language) {
        self.result = result
        self.indicatorSet = indicatorSet
        self.warnings = warnings
        self.language = language
    }

    public func render() -> String {
        var out: [String] = []
        out.append("# \(t(ReportText.indexName)) — \(cell(result.provinceName)) — \(result.period.name(language))")
        out.append("")
        out.append("\(t(ReportText.registerVersion)): \(result.registerVersion) · \(t(ReportText.indicatorFile)): \(cell(indicatorSet.identity))"
                   + (currency.map { " · " + cell($0) } ?? ""))
        out.append("")
        out += summary()
        let pillarRanks = result.pillarRanks(count: indicatorSet.pillars.count)
        out += rankingSection(t(ReportText.top), Array(result.ranked.prefix(tableSize)), pillarRanks: pillarRanks)
        if result.ranked.count > tableSize {
            out += rankingSection(t(ReportText.bottom), Array(result.ranked.suffix(min(tableSize, result.ranked.count - tableSize))),
                                  pillarRanks: pillarRanks)
        }
        out += movers()
        if !result.districts.isEmpty { out += districts() }
        out += missing()
        out += insufficient()
        out += imputed()
        out += fewerIndicators()
        out += warningSection()
        out += qualitySection()
        out += notes()
        out += method()
        return out.joined(separator: "\n") + "\n"
    }

    /// How current the figures are (`ReportText.currency`).
    var currency: String? { ReportText.currency(result.status, madeAt: madeAt, language: language) }

    private func summary() -> [String] {
        // One column per comparison: the change of each mean against that month.
        let blanks = String(repeating: " |", count: comparisons.count)
        var lines = ["## \(t(ReportText.summary))", "",
                     "| | \(result.period.name(language)) |" + comparisons.map { " \(t(ReportText.changeSince)) \($0.period.name(language)) |" }.joined(),
                     "|---|---:|" + String(repeating: "---:|", count: comparisons.count)]
        lines.append("| \(t(ReportText.submittedOfExpected)) | \(result.communes.count - result.imputed.count) / \(result.expectedCount) |" + blanks)
        if let status = result.status {
            lines.append("| \(t(ReportText.reportingRate)) | \(ReportNumber.rate(status.accepted, of: status.expected, language)) |" + blanks)
            lines.append("| \(t(ReportText.timelinessRate)) | \(ReportNumber.rate(status.onTime, of: status.expected, language)) |" + blanks)
        }
        func changes(_ now: Double?, _ then: (ProvinceMeans) -> Double?) -> String {
            comparisons.map { comparison in
                " \(now.flatMap { now in then(comparison).map { ReportNumber.signedScore(now - $0, language) } } ?? "–") |"
            }.joined()
        }
        lines.append("| \(t(ReportText.meanDTI)) | \(ReportNumber.score(result.meanDTI, language)) |" + changes(result.meanDTI, \.meanDTI))
        for (index, (pillar, mean)) in zip(indicatorSet.pillars, result.pillarMeans(count: indicatorSet.pillars.count)).enumerated() {
            lines.append("| \(cell(pillar.label(language))) (\(t(ReportText.mean))) | \(ReportNumber.score(mean, language)) |"
                + changes(mean) { $0.pillarMeans[index] })
        }
        for tier in indicatorSet.tiers {
            let count = result.ranked.count { indicatorSet.tier(of: $0.score.dti) == tier }
            lines.append("| \(t(ReportText.tier)) \(cell(tier.label(language))) | \(count) |" + blanks)
        }
        lines.append("")
        if let moves = tierMoves() { lines += [moves, ""] }
        return lines
    }

    /// How many ranked communes changed tier since their last ranked report: “3 xã lên loại,
    /// 1 xã xuống loại so với kỳ báo cáo trước”; nil without tiers or earlier standings.
    private func tierMoves() -> String? {
        guard !indicatorSet.tiers.isEmpty else { return nil }
        var up = 0, down = 0, compared = 0
        for commune in result.ranked {
            guard let previous = commune.previous else { continue }
            compared += 1
            let now = indicatorSet.tier(of: commune.score.dti)?.minimum ?? -1
            let then = indicatorSet.tier(of: previous.dti)?.minimum ?? -1
            if now > then { up += 1 } else if now < then { down += 1 }
        }
        guard compared > 0 else { return nil }
        return language == .vi
            ? "Xếp loại so với lần xếp hạng trước của từng xã (\(compared) xã): \(up) xã lên loại, \(down) xã xuống loại, \(compared - up - down) xã giữ loại."
            : "Tiers against each commune's previous ranking (\(compared) communes): \(up) moved up, \(down) moved down, \(compared - up - down) kept their tier."
    }

    /// The top or bottom of the ranking; each pillar score is followed by the commune's rank
    /// on that pillar, as the official DTI publishes it.
    private func rankingSection(_ title: String, _ communes: [CommuneResult], pillarRanks: [String: [Int?]]) -> [String] {
        let late = result.lateCodes
        let pillars = indicatorSet.pillars.map { cell($0.label(language)) }
        var lines = ["## \(title)", ""]
        let tiers = !indicatorSet.tiers.isEmpty
        var headings: [String] = [t(ReportText.rank), t(ReportText.communeCode), t(ReportText.commune), t(ReportText.dti)]
        headings += pillars
        headings.append(t(ReportText.rankChange))
        if tiers { headings.append(t(ReportText.tier)) }
        lines.append("| " + headings.joined(separator: " | ") + " |")
        lines.append("|---:|---|---|" + String(repeating: "---:|", count: pillars.count + 2) + (tiers ? "---|" : ""))
        for result in communes {
            let name: String = cell(result.unit.fullName) + ReportText.imputedMark(result) + ReportText.approximateMark(result)
                + ReportText.lateMark(late.contains(result.unit.communeCode), language)
            var values: [String] = [result.rank.map(String.init) ?? "–", result.unit.communeCode, name,
                                    ReportNumber.score(result.score.dti, language)]
            values += zip(result.score.pillars, pillarRanks[result.unit.communeCode] ?? []).map { score, rank in
                ReportNumber.score(score, language) + (rank.map { " (\($0))" } ?? "")
            }
            values.append(ReportNumber.signed(result.rankChange))
            if tiers { values.append(indicatorSet.tier(of: result.score.dti).map { cell($0.label(language)) } ?? "–") }
            lines.append("| " + values.joined(separator: " | ") + " |")
        }
        return lines + [""]
    }

    private func movers() -> [String] {
        var lines = ["## \(t(ReportText.movers))", ""]
        let moved = result.ranked.filter { $0.rankChange != nil && $0.rankChange != 0 }
            .sorted { (abs($0.rankChange!), abs($0.dtiChange ?? 0), $1.unit.communeCode) > (abs($1.rankChange!), abs($1.dtiChange ?? 0), $0.unit.communeCode) }
            .prefix(tableSize)
        guard !moved.isEmpty else { return lines + [t(ReportText.moversNone), ""] }
        lines.append("| \(t(ReportText.communeCode)) | \(t(ReportText.commune)) | \(t(ReportText.rank)) | \(t(ReportText.rankChange)) | \(t(ReportText.dti)) | \(t(ReportText.dtiChange)) | \(t(ReportText.previousPeriod)) |")
        lines.append("|---|---|---:|---:|---:|---:|---|")
        for result in moved {
            lines.append("| \(result.unit.communeCode) | \(cell(result.unit.fullName)) | \(result.rank!) | \(ReportNumber.signed(result.rankChange)) | \(ReportNumber.score(result.score.dti, language)) | \(ReportNumber.signedScore(result.dtiChange, language)) | \(result.previous!.period.name(language)) |")
        }
        return lines + [""]
    }

    private func districts() -> [String] {
        var lines = ["## \(t(ReportText.districts))", "",
                     "| \(t(ReportText.rank)) | \(t(ReportText.districtCode)) | \(t(ReportText.district)) | \(t(ReportText.submitting)) | \(t(ReportText.meanDTI)) |",
                     "|---:|---|---|---:|---:|"]
        for district in result.districts {
            lines.append("| \(district.rank) | \(district.code) | \(cell(district.name)) | \(district.submitting) | \(ReportNumber.score(district.meanDTI, language)) |")
        }
        return lines + [""]
    }

    private func missing() -> [String] {
        guard let status = result.status else { return missingWithoutStatus() }
        let refused = status.refusedWaiting
        var lines = ["## \(t(ReportText.refusedWaiting)) (\(refused.count))", ""]
        if refused.isEmpty {
            lines += [t(ReportText.refusedWaitingNone), ""]
        } else {
            lines.append("| \(t(ReportText.communeCode)) | \(t(ReportText.commune)) | \(t(ReportText.errors)) | \(t(ReportText.firstError)) | \(t(ReportText.file)) | \(t(ReportText.receivedAt)) |")
            lines.append("|---|---|---:|---|---|---|")
            for commune in refused {
                lines.append("| \(commune.unit.communeCode) | \(cell(commune.unit.fullName))\(imputedMark(commune)) | \(commune.errors) | \(cell(commune.firstError?(language) ?? "")) | \(cell(commune.lastFile?.name ?? "")) | \(commune.lastFile.map { MonthStatus.time.string(from: $0.at) } ?? "") |")
            }
            lines.append("")
        }
        let returned = status.returned
        if !returned.isEmpty {
            lines += ["## \(t(ReportText.returned)) (\(returned.count))", "",
                      "| \(t(ReportText.communeCode)) | \(t(ReportText.commune)) | \(t(ReportText.returnReason)) | \(t(ReportText.returnedBy)) | \(t(ReportText.file)) |",
                      "|---|---|---|---|---|"]
            for commune in returned {
                let by = commune.returned.map { "\($0.author), \(MonthStatus.time.string(from: $0.at))" } ?? ""
                lines.append("| \(commune.unit.communeCode) | \(cell(commune.unit.fullName)) | \(cell(commune.returned?.reason ?? "")) | \(cell(by)) | \(cell(commune.lastFile?.name ?? "")) |")
            }
            lines.append("")
        }
        let silent = status.nothingReceived
        lines += ["## \(t(ReportText.nothingReceived)) (\(silent.count))", ""]
        guard !silent.isEmpty else { return lines + [t(ReportText.nothingReceivedNone), ""] }
        lines.append("| \(t(ReportText.communeCode)) | \(t(ReportText.commune)) |")
        lines.append("|---|---|")
        for commune in silent {
            lines.append("| \(commune.unit.communeCode) | \(cell(commune.unit.fullName))\(imputedMark(commune)) |")
        }
        return lines + [""]
    }

    private func imputedMark(_ commune: MonthStatus.Commune) -> String {
        commune.imputedFrom.map { " † \($0)" } ?? ""
    }

    /// Reports built without the month's arrivals (tests, tools) list the missing communes only.
    private func missingWithoutStatus() -> [String] {
        var lines = ["## \(t(ReportText.missing)) (\(result.missing.count))", ""]
        guard !result.missing.isEmpty else { return lines + [t(ReportText.missingNone), ""] }
        lines.append("| \(t(ReportText.communeCode)) | \(t(ReportText.commune)) |")
        lines.append("|---|---|")
        for unit in result.missing {
            lines.append("| \(unit.communeCode) | \(cell(unit.fullName)) |")
        }
        return lines + [""]
    }

    /// Only for a quarter or a year: who reported, but in too few months to be ranked.
    private func insufficient() -> [String] {
        guard let minimum = result.minimumMonths else { return [] }
        var lines = ["## \(t(ReportText.insufficient)) (\(result.insufficient.count))", ""]
        guard !result.insufficient.isEmpty else { return lines + [t(ReportText.fewerNone), ""] }
        lines.append("| \(t(ReportText.communeCode)) | \(t(ReportText.commune)) | \(t(ReportText.monthsReported)) |")
        lines.append("|---|---|---|")
        for partial in result.insufficient {
            let months = partial.months.map { $0.monthName(language) }.joined(separator: ", ")
            lines.append("| \(partial.unit.communeCode) | \(cell(partial.unit.fullName)) | \(partial.months.count)/\(result.period.kind.length) (< \(minimum)): \(months) |")
        }
        return lines + [""]
    }

    /// Only with carry-forward: the communes ranked on an earlier period's figures.
    private func imputed() -> [String] {
        guard indicatorSet.carryForwardMonths > 0 else { return [] }
        let imputed = result.imputed
        var lines = ["## \(t(ReportText.imputedSection)) (\(imputed.count))", "", t(ReportText.imputedNote(months: indicatorSet.carryForwardMonths)), ""]
        guard !imputed.isEmpty else { return lines }
        lines.append("| \(t(ReportText.communeCode)) | \(t(ReportText.commune)) | \(t(ReportText.imputedFrom)) | \(t(ReportText.rank)) |")
        lines.append("|---|---|---|---:|")
        for commune in imputed.sorted(by: { $0.unit.communeCode < $1.unit.communeCode }) {
            lines.append("| \(commune.unit.communeCode) | \(cell(commune.unit.fullName)) | \(commune.imputedFrom!.monthName(language)) | \(commune.rank.map(String.init) ?? "–") |")
        }
        return lines + [""]
    }

    private func fewerIndicators() -> [String] {
        let total = indicatorSet.indicators.count
        let partial = result.communes.filter { $0.score.applicableCount < total }
        var lines = ["## \(t(ReportText.fewer)) (\(partial.count))", ""]
        guard !partial.isEmpty else { return lines + [t(ReportText.fewerNone), ""] }
        lines.append("| \(t(ReportText.communeCode)) | \(t(ReportText.commune)) | \(t(ReportText.indicatorsScored)) | \(t(ReportText.notApplicable)) |")
        lines.append("|---|---|---:|---|")
        for result in partial {
            let absent = zip(indicatorSet.indicators, result.score.raw).filter { $0.1 == nil }.map { cell($0.0.label(language)) }
            lines.append("| \(result.unit.communeCode) | \(cell(result.unit.fullName)) | \(result.score.applicableCount) / \(total) | \(absent.joined(separator: "; ")) |")
        }
        return lines + [""]
    }

    private func qualitySection() -> [String] {
        let flagged = result.flagged
        let count = flagged.reduce(0) { $0 + $1.qualityFlags.count }
        var lines = ["## \(t(ReportText.quality)) (\(count))", ""]
        guard !flagged.isEmpty else { return lines + [t(ReportText.qualityNone), ""] }
        lines += [t(ReportText.qualityNote), "",
                  "| \(t(ReportText.communeCode)) | \(t(ReportText.commune)) | \(t(ReportText.rule)) | \(t(ReportText.message)) |",
                  "|---|---|---|---|"]
        for commune in flagged {
            for flag in commune.qualityFlags {
                lines.append("| \(commune.unit.communeCode) | \(cell(commune.unit.fullName)) | \(cell(flag.rule.label(language))) | \(cell(flag.message(language))) |")
            }
        }
        return lines + [""]
    }

    private func warningSection() -> [String] {
        var lines = ["## \(t(ReportText.warnings)) (\(warnings.count))", ""]
        guard !warnings.isEmpty else { return lines + [t(ReportText.warningsNone), ""] }
        lines.append("| \(t(ReportText.file)) | \(t(ReportText.line)) | \(t(ReportText.message)) |")
        lines.append("|---|---:|---|")
        for warning in warnings {
            lines.append("| \(cell(warning.file)) | \(warning.line.map(String.init) ?? "") | \(cell(warning.message(language))) |")
        }
        return lines + [""]
    }

    private func notes() -> [String] {
        let noted = result.communes.filter { $0.submission.notes != nil }.sorted { $0.unit.communeCode < $1.unit.communeCode }
        guard !noted.isEmpty else { return [] }
        var lines = ["## \(t(ReportText.notesSection))", "",
                     "| \(t(ReportText.communeCode)) | \(t(ReportText.commune)) | \(t(ReportText.notes)) |", "|---|---|---|"]
        for result in noted {
            lines.append("| \(result.unit.communeCode) | \(cell(result.unit.fullName)) | \(cell(result.submission.notes!)) |")
        }
        return lines + [""]
    }

    private func method() -> [String] {
        var lines = ["## \(t(ReportText.method))", "", t(ReportText.methodNote), ""]
            + (result.status.map { [t(ReportText.lateNote(dueDay: $0.dueDay(language))), ""] } ?? [])
            + (result.minimumMonths.map { [ReportText.spanNote(indicatorSet, minimum: $0, of: result.period.kind.length, language: language), ""] } ?? [])
            + (result.acrossReform ? [t(ReportText.reformNote), ""] : [])
            + (ReportText.methodChoices(indicatorSet).map { [t($0), ""] } ?? []) + [
                     "| \(t(ReportText.indicator)) | \(t(ReportText.pillar)) | \(t(ReportText.formula)) | \(t(ReportText.target)) | \(t(ReportText.weight)) |",
                     "|---|---|---|---:|---:|"]
        let pillarNames = Dictionary(uniqueKeysWithValues: indicatorSet.pillars.map { ($0.id, $0.label(language)) })
        for indicator in indicatorSet.indicators {
            lines.append("| \(cell(indicator.label(language))) | \(cell(pillarNames[indicator.pillar] ?? indicator.pillar)) | \(cell(indicator.formula.readable(language))) | \(cell(ReportText.normalisation(of: indicator, language))) | \(ReportNumber.score(indicator.weight, language)) |")
        }
        return lines + [""]
    }

    /// Escapes text for a Markdown table cell: pipes, line breaks, HTML and inline markup
    /// from submissions must not break the table or render as something else.
    static func escapeCell(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        var previousWasCR = false
        for character in text.unicodeScalars {
            defer { previousWasCR = character == "\r" }
            switch character {
            case "\r": out += "<br>"
            case "\n": if !previousWasCR { out += "<br>" }
            case "|": out += "\\|"
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "*", "_", "`", "[", "]": out += "\\" + String(character)
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    private func cell(_ text: String) -> String { Self.escapeCell(text) }

    private func t(_ text: LocalizedText) -> String { text(language) }
}
