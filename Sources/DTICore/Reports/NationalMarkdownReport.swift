/// The national report of one period: how many communes reported, the provinces ranked by
/// mean DTI, and the communes at the top and bottom of the country.
public struct NationalMarkdownReport: Sendable {
    public var result: NationalResult
    public var indicatorSet: IndicatorSet
    public var language: Language
    public var registerVersion: String
    /// How many communes the top and bottom tables show.
    public var tableSize = 10

    public init(result: NationalResult, indicatorSet: IndicatorSet, language: Language, registerVersion: String) {
        self.result = result
        self.indicatorSet = indicatorSet
        self.language = language
        self.registerVersion = registerVersion
    }

    public func render() -> String {
        var out = [
            "# \(t(ReportText.indexName)) — \(t(ReportText.national)) — \(result.period.name(language))", "",
            "\(t(ReportText.registerVersion)): \(registerVersion) · \(t(ReportText.indicatorFile)): \(cell(indicatorSet.identity))"
                + (ReportText.currency(nil, madeAt: result.madeAt, language: language).map { " · " + cell($0) } ?? ""), "",
            "## \(t(ReportText.summary))", "", "| | |", "|---|---:|",
            "| \(t(ReportText.submittedOfExpected)) | \(result.reportingCount) / \(result.expectedCount) |",
        ]
        if let accepted = result.acceptedCount, let onTime = result.onTimeCount {
            out.append("| \(t(ReportText.reportingRate)) | \(ReportNumber.rate(accepted, of: result.expectedCount, language)) |")
            out.append("| \(t(ReportText.timelinessRate)) | \(ReportNumber.rate(onTime, of: result.expectedCount, language)) |")
        }
        out += ["| \(t(ReportText.meanDTI)) | \(ReportNumber.score(result.meanDTI, language)) |", ""]
        out += provinces()
        out += communes(t(ReportText.top), Array(result.ranked.prefix(tableSize)))
        if result.ranked.count > tableSize {
            out += communes(t(ReportText.bottom), Array(result.ranked.suffix(min(tableSize, result.ranked.count - tableSize))))
        }
        out += ["## \(t(ReportText.method))", "", t(ReportText.methodNote), ""]
        return out.joined(separator: "\n") + "\n"
    }

    private func provinces() -> [String] {
        let pillars = indicatorSet.pillars.map { cell($0.label(language)) }
        let rates = result.acceptedCount != nil
        let rateHeaders = rates ? [t(ReportText.reportingRate), t(ReportText.timelinessRate)] : []
        var lines = ["## \(t(ReportText.provincesSection))", "",
                     "| " + ([t(ReportText.rank), t(ReportText.provinceCode), t(ReportText.province),
                              t(ReportText.submittedOfExpected)] + rateHeaders + [t(ReportText.meanDTI)] + pillars)
                         .joined(separator: " | ") + " |",
                     "|---:|---|---|---:|" + String(repeating: "---:|", count: rateHeaders.count + 1 + pillars.count)]
        for province in result.provinces {
            let provinceRates = rates ? [ReportNumber.rate(province.accepted!, of: province.expected, language),
                                         ReportNumber.rate(province.onTime!, of: province.expected, language)] : []
            let values = [province.rank.map(String.init) ?? "–", province.code, cell(province.name),
                          "\(province.reporting) / \(province.expected)"] + provinceRates
                + [ReportNumber.score(province.meanDTI, language)]
                + province.pillarMeans.map { ReportNumber.score($0, language) }
            lines.append("| " + values.joined(separator: " | ") + " |")
        }
        return lines + [""]
    }

    private func communes(_ title: String, _ entries: [NationalResult.Entry]) -> [String] {
        var lines = ["## \(title)", "",
                     "| \(t(ReportText.nationalRank)) | \(t(ReportText.communeCode)) | \(t(ReportText.commune)) | \(t(ReportText.province)) | \(t(ReportText.provinceRank)) | \(t(ReportText.dti)) |",
                     "|---:|---|---|---|---:|---:|"]
        for entry in entries {
            lines.append("| \(entry.nationalRank) | \(entry.commune.unit.communeCode) | \(cell(entry.commune.unit.fullName) + ReportText.imputedMark(entry.commune)) | \(cell(entry.province.name)) | \(entry.commune.rank.map(String.init) ?? "–") | \(ReportNumber.score(entry.commune.score.dti, language)) |")
        }
        return lines + [""]
    }

    private func cell(_ text: String) -> String { MarkdownReport.escapeCell(text) }

    private func t(_ text: LocalizedText) -> String { text(language) }
}
