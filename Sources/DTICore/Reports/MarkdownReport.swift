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
        var out = "# \(t(ReportText.indexName)) — \(cell(result.provinceName)) — \(result.period.name(language))\n\n"
        out += "\(t(ReportText.registerVersion)): \(result.registerVersion) · \(t(ReportText.indicatorFile)): \(cell(indicatorSet.identity))"
            + (currency.map { " · " + cell($0) } ?? "") + "\n\n"
        var document = summary()
        let ranked = result.ranked
        let pillarRanks = result.pillarRanks(count: indicatorSet.pillars.count)
        document.heading(t(ReportText.top))
        document.table(rankingTable(ranked.prefix(tableSize), pillarRanks: pillarRanks))
        if ranked.count > tableSize {
            document.heading(t(ReportText.bottom))
            document.table(rankingTable(ranked.suffix(min(tableSize, ranked.count - tableSize)), pillarRanks: pillarRanks))
        }
        document += details()
        document += method()
        return out + document.markdown()
    }

    /// How current the figures are (`ReportText.currency`).
    var currency: String? {
        ReportText.currency(result.status, madeAt: madeAt, span: result.period, deadlineDay: indicatorSet.deadlineDay, language: language)
    }

    /// The overview: communes that reported, the rates, the means and their change, the
    /// communes in each tier and how many changed tier.
    func summary() -> ReportDocument {
        var document = ReportDocument()
        document.heading(t(ReportText.summary))
        document.table(overview())
        if let moves = tierMoves() { document.paragraph(moves) }
        return document
    }

    func overview() -> ReportDocument.Table {
        // One column per comparison: the change of each mean against that month.
        let blanks = [ReportDocument.Cell](repeating: "", count: comparisons.count)
        var table = ReportDocument.Table([.text(""), .number(result.period.name(language))]
            + comparisons.map { .number("\(t(ReportText.changeSince)) \($0.period.name(language))") }, role: "overview")
        table.rows.append(["\(t(ReportText.submittedOfExpected))", "\(result.communes.count - result.imputed.count) / \(result.expectedCount)"] + blanks)
        if let status = result.status {
            table.rows.append([ReportDocument.Cell(t(ReportText.reportingRate)), ReportDocument.Cell(ReportNumber.rate(status.accepted, of: status.expected, language))] + blanks)
            table.rows.append([ReportDocument.Cell(t(ReportText.timelinessRate)), ReportDocument.Cell(ReportNumber.rate(status.onTime, of: status.expected, language))] + blanks)
        }
        func changes(_ now: Double?, _ then: (ProvinceMeans) -> Double?) -> [ReportDocument.Cell] {
            comparisons.map { comparison in
                ReportDocument.Cell(now.flatMap { now in then(comparison).map { ReportNumber.signedScore(now - $0, language) } } ?? "–")
            }
        }
        table.rows.append([ReportDocument.Cell(t(ReportText.meanDTI)), ReportDocument.Cell(ReportNumber.score(result.meanDTI, language))]
            + changes(result.meanDTI, \.meanDTI))
        for (index, (pillar, mean)) in zip(indicatorSet.pillars, result.pillarMeans(count: indicatorSet.pillars.count)).enumerated() {
            table.rows.append([ReportDocument.Cell("\(pillar.label(language)) (\(t(ReportText.mean)))"), ReportDocument.Cell(ReportNumber.score(mean, language))]
                + changes(mean) { $0.pillarMeans[index] })
        }
        for tier in indicatorSet.tiers {
            let count = result.ranked.count { indicatorSet.tier(of: $0.score.dti) == tier }
            table.rows.append([ReportDocument.Cell("\(t(ReportText.tier)) \(tier.label(language))", colour: ReportCharts.tint(tier.colour)), "\(count)"] + blanks)
        }
        return table
    }

    /// How many ranked communes changed tier since their last ranked report: “3 xã lên loại,
    /// 1 xã xuống loại so với kỳ báo cáo trước”; nil without tiers or earlier standings.
    func tierMoves() -> String? {
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

    /// Ranked communes with their DTI, pillar scores and tier; each pillar score is followed
    /// by the commune's rank on that pillar, as the official DTI publishes it.
    func rankingTable(_ communes: ArraySlice<CommuneResult>, pillarRanks: [String: [Int?]]? = nil) -> ReportDocument.Table {
        let late = result.lateCodes
        let pillarRanks = pillarRanks ?? result.pillarRanks(count: indicatorSet.pillars.count)
        let tiers = !indicatorSet.tiers.isEmpty
        var columns: [ReportDocument.Column] = [.number(t(ReportText.rank)), .text(t(ReportText.communeCode)), .text(t(ReportText.commune)),
                                                .number(t(ReportText.dti))]
        let adjusted = !indicatorSet.adjustments.isEmpty
        if adjusted { columns.append(.number(t(ReportText.adjustment))) }
        columns += indicatorSet.pillars.map { .number($0.label(language)) }
        columns.append(.number(t(ReportText.rankChange)))
        if tiers { columns.append(.text(t(ReportText.tier))) }
        var table = ReportDocument.Table(columns, role: "ranking")
        for commune in communes {
            let name = commune.unit.fullName + ReportText.imputedMark(commune) + ReportText.approximateMark(commune) + ReportText.gateMark(commune)
                + ReportText.lateMark(late.contains(commune.unit.communeCode), language)
            var row: [ReportDocument.Cell] = [ReportDocument.Cell(commune.rank.map(String.init) ?? "–"), ReportDocument.Cell(commune.unit.communeCode),
                                              ReportDocument.Cell(name), ReportDocument.Cell(ReportNumber.score(commune.score.dti, language))]
            if adjusted { row.append(ReportDocument.Cell(ReportNumber.signedScore(commune.score.adjustment, language))) }
            row += zip(commune.score.pillars, pillarRanks[commune.unit.communeCode] ?? []).map { score, rank in
                ReportDocument.Cell(ReportNumber.score(score, language) + (rank.map { " (\($0))" } ?? ""))
            }
            row.append(ReportDocument.Cell(ReportNumber.signed(commune.rankChange)))
            if tiers {
                let tier = indicatorSet.tier(of: commune.score.dti)
                row.append(ReportDocument.Cell(tier.map { $0.label(language) } ?? "–", colour: tier.map { ReportCharts.tint($0.colour) }))
            }
            table.rows.append(row)
        }
        return table
    }

    /// What follows the ranking: movers, districts, who did not report, partial scoring,
    /// warnings, quality flags and the communes' notes.
    func details() -> ReportDocument {
        var document = movers()
        if !result.districts.isEmpty { document += districts() }
        document += missing()
        document += monthlyReporting()
        document += insufficient()
        document += gates()
        document += imputed()
        document += fewerIndicators()
        document += warningSection()
        document += qualitySection()
        document += notes()
        return document
    }

    /// A section of a heading, then a table of `rows`, or `none` when there are none.
    private func section(_ title: String, _ columns: [ReportDocument.Column], _ rows: [[ReportDocument.Cell]], none: String?,
                         note: String? = nil) -> ReportDocument {
        var document = ReportDocument()
        document.heading(title)
        if let note, !rows.isEmpty || none == nil { document.paragraph(note) }
        if rows.isEmpty {
            if let none { document.paragraph(none) }
        } else {
            document.table(ReportDocument.Table(columns, rows: rows))
        }
        return document
    }

    private func movers() -> ReportDocument {
        let moved = result.ranked.filter { $0.rankChange != nil && $0.rankChange != 0 }
            .sorted { (abs($0.rankChange!), abs($0.dtiChange ?? 0), $1.unit.communeCode) > (abs($1.rankChange!), abs($1.dtiChange ?? 0), $0.unit.communeCode) }
            .prefix(tableSize)
        return section(t(ReportText.movers), [.text(t(ReportText.communeCode)), .text(t(ReportText.commune)), .number(t(ReportText.rank)),
                                              .number(t(ReportText.rankChange)), .number(t(ReportText.dti)), .number(t(ReportText.dtiChange)),
                                              .text(t(ReportText.previousPeriod))],
                       moved.map { commune in
                           [ReportDocument.Cell(commune.unit.communeCode), ReportDocument.Cell(commune.unit.fullName), "\(commune.rank!)",
                            ReportDocument.Cell(ReportNumber.signed(commune.rankChange)), ReportDocument.Cell(ReportNumber.score(commune.score.dti, language)),
                            ReportDocument.Cell(ReportNumber.signedScore(commune.dtiChange, language)), ReportDocument.Cell(commune.previous!.period.name(language))]
                       }, none: t(ReportText.moversNone))
    }

    private func districts() -> ReportDocument {
        section(t(ReportText.districts), [.number(t(ReportText.rank)), .text(t(ReportText.districtCode)), .text(t(ReportText.district)),
                                          .number(t(ReportText.submitting)), .number(t(ReportText.meanDTI))],
                result.districts.map { district in
                    ["\(district.rank)", ReportDocument.Cell(district.code), ReportDocument.Cell(district.name), "\(district.submitting)",
                     ReportDocument.Cell(ReportNumber.score(district.meanDTI, language))]
                }, none: nil)
    }

    private func missing() -> ReportDocument {
        guard let status = result.status else { return missingWithoutStatus() }
        let code = ReportDocument.Column.text(t(ReportText.communeCode)), name = ReportDocument.Column.text(t(ReportText.commune))
        let refused = status.refusedWaiting
        var document = section("\(t(ReportText.refusedWaiting)) (\(refused.count))",
                               [code, name, .number(t(ReportText.errors)), .text(t(ReportText.firstError)), .text(t(ReportText.file)),
                                .text(t(ReportText.receivedAt))],
                               refused.map { commune in
                                   [ReportDocument.Cell(commune.unit.communeCode), ReportDocument.Cell(commune.unit.fullName + imputedMark(commune)),
                                    "\(commune.errors)", ReportDocument.Cell(commune.firstError?(language) ?? ""), ReportDocument.Cell(commune.lastFile?.name ?? ""),
                                    ReportDocument.Cell(commune.lastFile.map { MonthStatus.time.string(from: $0.at) } ?? "")]
                               }, none: t(ReportText.refusedWaitingNone))
        let returned = status.returned
        if !returned.isEmpty {
            document += section("\(t(ReportText.returned)) (\(returned.count))",
                                [code, name, .text(t(ReportText.returnReason)), .text(t(ReportText.returnedBy)), .text(t(ReportText.file))],
                                returned.map { commune in
                                    [ReportDocument.Cell(commune.unit.communeCode), ReportDocument.Cell(commune.unit.fullName),
                                     ReportDocument.Cell(commune.returned?.reason ?? ""),
                                     ReportDocument.Cell(commune.returned.map { "\($0.author), \(MonthStatus.time.string(from: $0.at))" } ?? ""),
                                     ReportDocument.Cell(commune.lastFile?.name ?? "")]
                                }, none: nil)
        }
        let silent = status.nothingReceived
        document += section("\(t(ReportText.nothingReceived)) (\(silent.count))", [code, name],
                            silent.map { [ReportDocument.Cell($0.unit.communeCode), ReportDocument.Cell($0.unit.fullName + imputedMark($0))] },
                            none: t(ReportText.nothingReceivedNone))
        return document
    }

    private func imputedMark(_ commune: MonthStatus.Commune) -> String {
        commune.imputedFrom.map { " † \($0)" } ?? ""
    }

    /// Reports built without the month's arrivals (tests, tools) list the missing communes only.
    private func missingWithoutStatus() -> ReportDocument {
        section("\(t(ReportText.missing)) (\(result.missing.count))", [.text(t(ReportText.communeCode)), .text(t(ReportText.commune))],
                result.missing.map { [ReportDocument.Cell($0.communeCode), ReportDocument.Cell($0.fullName)] }, none: t(ReportText.missingNone))
    }

    /// Only for a quarter or a year: how many communes reported in each of its months.
    private func monthlyReporting() -> ReportDocument {
        Self.monthlyReporting(result.monthlyReporting, language: language)
    }

    /// A span's months with how many communes reported in each, of how many (a province's or
    /// the country's); nothing for a month's report.
    static func monthlyReporting(_ months: [MonthReporting], language: Language) -> ReportDocument {
        guard !months.isEmpty else { return ReportDocument() }
        let t = { (text: LocalizedText) in text(language) }
        var document = ReportDocument()
        document.heading(t(ReportText.monthlyReporting))
        document.paragraph(t(ReportText.monthlyReportingNote))
        document.table(ReportDocument.Table(
            [.text(t(ReportText.month)), .number(t(ReportText.reported)), .number(t(ReportText.rate))],
            rows: months.map { month in
                guard let reported = month.reported else {
                    return [ReportDocument.Cell(month.month.monthName(language)), "–", ReportDocument.Cell(t(ReportText.monthNotCounted))]
                }
                return [ReportDocument.Cell(month.month.monthName(language)),
                        ReportDocument.Cell("\(ReportNumber.grouped(reported, language))/\(ReportNumber.grouped(month.expected, language))"),
                        ReportDocument.Cell(ReportNumber.percent(month.rate, language))]
            }))
        return document
    }

    /// Only for a quarter or a year: who reported, but in too few months to be ranked.
    private func insufficient() -> ReportDocument {
        guard let minimum = result.minimumMonths else { return ReportDocument() }
        let needed = language == .vi ? "cần ít nhất \(minimum)" : "at least \(minimum) needed"
        return section("\(t(ReportText.insufficient)) (\(result.insufficient.count))",
                       [.text(t(ReportText.communeCode)), .text(t(ReportText.commune)), .text(t(ReportText.monthsReported))],
                       result.insufficient.map { partial in
                           let months = partial.months.map { $0.monthName(language) }.joined(separator: ", ")
                           return [ReportDocument.Cell(partial.unit.communeCode), ReportDocument.Cell(partial.unit.fullName),
                                   "\(partial.months.count)/\(result.period.kind.length) (\(needed)): \(months)"]
                       }, none: t(ReportText.fewerNone))
    }

    /// Only with mandatory indicators: who missed one, with their DTI and the conditions missed.
    private func gates() -> ReportDocument {
        guard indicatorSet.hasGates else { return ReportDocument() }
        let missing = result.communes.filter { !$0.score.failedGates.isEmpty }
        return section("\(t(ReportText.gates)) (\(missing.count))",
                       [.text(t(ReportText.communeCode)), .text(t(ReportText.commune)), .number(t(ReportText.rank)), .number(t(ReportText.dti)),
                        .text(t(ReportText.gatesMissed))],
                       missing.map { commune in
                           [ReportDocument.Cell(commune.unit.communeCode), ReportDocument.Cell(commune.unit.fullName),
                            ReportDocument.Cell(commune.rank.map(String.init) ?? "–"), ReportDocument.Cell(ReportNumber.score(commune.score.dti, language)),
                            ReportDocument.Cell(commune.score.failedGates.map { indicatorSet.indicators[$0].label(language) }.joined(separator: "; "))]
                       }, none: t(ReportText.gatesNone), note: t(ReportText.gatesNote(indicatorSet.gateRule)))
    }

    /// Only with carry-forward: the communes ranked on an earlier period's figures.
    private func imputed() -> ReportDocument {
        guard indicatorSet.carryForwardMonths > 0 else { return ReportDocument() }
        let imputed = result.imputed.sorted { $0.unit.communeCode < $1.unit.communeCode }
        var document = ReportDocument()
        document.heading("\(t(ReportText.imputedSection)) (\(imputed.count))")
        document.paragraph(t(ReportText.imputedNote(months: indicatorSet.carryForwardMonths)))
        guard !imputed.isEmpty else { return document }
        document.table(ReportDocument.Table([.text(t(ReportText.communeCode)), .text(t(ReportText.commune)), .text(t(ReportText.imputedFrom)),
                                             .number(t(ReportText.rank))],
                                            rows: imputed.map { commune in
                                                [ReportDocument.Cell(commune.unit.communeCode), ReportDocument.Cell(commune.unit.fullName),
                                                 ReportDocument.Cell(commune.imputedFrom!.monthName(language)), ReportDocument.Cell(commune.rank.map(String.init) ?? "–")]
                                            }))
        return document
    }

    private func fewerIndicators() -> ReportDocument {
        let total = indicatorSet.indicators.count
        let partial = result.communes.filter { $0.score.applicableCount < total }
        return section("\(t(ReportText.fewer)) (\(partial.count))",
                       [.text(t(ReportText.communeCode)), .text(t(ReportText.commune)), .number(t(ReportText.indicatorsScored)),
                        .text(t(ReportText.notApplicable))],
                       partial.map { commune in
                           let absent = zip(indicatorSet.indicators, commune.score.raw).filter { $0.1 == nil }.map { $0.0.label(language) }
                           return [ReportDocument.Cell(commune.unit.communeCode), ReportDocument.Cell(commune.unit.fullName),
                                   "\(commune.score.applicableCount) / \(total)", ReportDocument.Cell(absent.joined(separator: "; "))]
                       }, none: t(ReportText.fewerNone))
    }

    private func qualitySection() -> ReportDocument {
        let flagged = result.flagged
        let count = flagged.reduce(0) { $0 + $1.qualityFlags.count }
        return section("\(t(ReportText.quality)) (\(count))",
                       [.text(t(ReportText.communeCode)), .text(t(ReportText.commune)), .text(t(ReportText.rule)), .text(t(ReportText.message))],
                       flagged.flatMap { commune in
                           commune.qualityFlags.map { flag in
                               [ReportDocument.Cell(commune.unit.communeCode), ReportDocument.Cell(commune.unit.fullName),
                                ReportDocument.Cell(flag.rule.label(language)), ReportDocument.Cell(flag.message(language))]
                           }
                       }, none: t(ReportText.qualityNone), note: t(ReportText.qualityNote))
    }

    private func warningSection() -> ReportDocument {
        section("\(t(ReportText.warnings)) (\(warnings.count))",
                [.text(t(ReportText.file)), .number(t(ReportText.line)), .text(t(ReportText.message))],
                warnings.map { [ReportDocument.Cell($0.file), ReportDocument.Cell($0.line.map(String.init) ?? ""), ReportDocument.Cell($0.message(language))] },
                none: t(ReportText.warningsNone))
    }

    private func notes() -> ReportDocument {
        let noted = result.communes.filter { $0.submission.notes != nil }.sorted { $0.unit.communeCode < $1.unit.communeCode }
        guard !noted.isEmpty else { return ReportDocument() }
        return section(t(ReportText.notesSection), [.text(t(ReportText.communeCode)), .text(t(ReportText.commune)), .text(t(ReportText.notes))],
                       noted.map { [ReportDocument.Cell($0.unit.communeCode), ReportDocument.Cell($0.unit.fullName), ReportDocument.Cell($0.submission.notes!)] },
                       none: nil)
    }

    /// How the scores were made: the rules in words, then each indicator's formula, target and weight.
    func method() -> ReportDocument {
        var document = ReportDocument()
        document.heading(t(ReportText.method))
        document.paragraph(t(ReportText.methodNote))
        if let status = result.status { document.paragraph(t(ReportText.lateNote(dueDay: status.dueDay(language)))) }
        if let minimum = result.minimumMonths {
            document.paragraph(ReportText.spanNote(indicatorSet, minimum: minimum, of: result.period.kind.length, language: language))
        }
        if result.acrossReform { document.paragraph(t(ReportText.reformNote)) }
        if let change = ReportText.formChangeNote(indicatorSet, span: result.period, language: language) { document.paragraph(change) }
        if let choices = ReportText.methodChoices(indicatorSet) { document.paragraph(t(choices)) }
        document.table(Self.indicatorTable(indicatorSet, language: language))
        return document
    }

    /// Each indicator's pillar, formula, target (or normalisation) and weight.
    static func indicatorTable(_ indicatorSet: IndicatorSet, language: Language) -> ReportDocument.Table {
        let t = { (text: LocalizedText) in text(language) }
        let pillarNames = Dictionary(uniqueKeysWithValues: indicatorSet.pillars.map { ($0.id, $0.label(language)) })
        return ReportDocument.Table([.text(t(ReportText.indicator)), .text(t(ReportText.pillar)), .text(t(ReportText.formula)),
                                     .number(t(ReportText.target)), .number(t(ReportText.weight))],
                                    rows: indicatorSet.indicators.map { indicator in
                                        [ReportDocument.Cell(indicator.label(language)), ReportDocument.Cell(pillarNames[indicator.pillar] ?? indicator.pillar),
                                         ReportDocument.Cell(indicator.formula.readable(language)), ReportDocument.Cell(ReportText.normalisation(of: indicator, language)),
                                         ReportDocument.Cell(ReportNumber.score(indicator.weight, language))]
                                    }, role: "indicators")
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
