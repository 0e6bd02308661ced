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
        "# \(t(ReportText.indexName)) — \(t(ReportText.national)) — \(result.period.name(language))\n\n"
            + "\(t(ReportText.registerVersion)): \(registerVersion) · \(t(ReportText.indicatorFile)): \(cell(indicatorSet.identity))"
            + (currency.map { " · " + cell($0) } ?? "") + "\n\n" + document().markdown()
    }

    var currency: String? { ReportText.currency(nil, madeAt: result.madeAt, language: language) }

    /// The sections: the summary, the provinces ranked, the top and bottom communes, the method.
    func document() -> ReportDocument {
        var document = ReportDocument()
        document.heading(t(ReportText.summary))
        var summary = ReportDocument.Table([.text(""), .number("")], role: "overview")
        summary.rows.append([ReportDocument.Cell(t(ReportText.submittedOfExpected)), ReportDocument.Cell(count(result.reportingCount, of: result.expectedCount))])
        if let accepted = result.acceptedCount, let onTime = result.onTimeCount {
            summary.rows.append([ReportDocument.Cell(t(ReportText.reportingRate)), ReportDocument.Cell(ReportNumber.rate(accepted, of: result.expectedCount, language))])
            summary.rows.append([ReportDocument.Cell(t(ReportText.timelinessRate)), ReportDocument.Cell(ReportNumber.rate(onTime, of: result.expectedCount, language))])
        }
        summary.rows.append([ReportDocument.Cell(t(ReportText.meanDTI)), ReportDocument.Cell(ReportNumber.score(result.meanDTI, language))])
        document.table(summary)
        document += MarkdownReport.monthlyReporting(result.monthlyReporting, language: language)
        document.heading(t(ReportText.provincesSection))
        document.table(provinces())
        document.heading(t(ReportText.top))
        // A first place shared by more communes than the table holds is said, not hidden.
        let leaders = result.ranked.prefix { $0.nationalRank == 1 }.count
        if leaders > 1, let first = result.ranked.first {
            let score = ReportNumber.score(first.commune.score.dti, language), count = ReportNumber.grouped(leaders, language)
            document.paragraph(language == .vi
                ? "\(count) xã, phường cùng hạng 1 toàn quốc với \(score) điểm" + (leaders > tableSize ? "; bảng liệt kê \(tableSize) xã đầu tiên theo mã." : ".")
                : "\(count) communes share the country's first place with \(score) points" + (leaders > tableSize ? "; the table lists the first \(tableSize) by code." : "."))
        }
        document.table(communes(Array(result.ranked.prefix(tableSize))))
        if result.ranked.count > tableSize {
            document.heading(t(ReportText.bottom))
            document.table(communes(Array(result.ranked.suffix(min(tableSize, result.ranked.count - tableSize)))))
        }
        document.heading(t(ReportText.method))
        document.paragraph(t(ReportText.nationalMethodNote))
        return document
    }

    /// “3.291 / 3.321”: counts grouped as the language writes them.
    private func count(_ part: Int, of whole: Int) -> String {
        "\(ReportNumber.grouped(part, language)) / \(ReportNumber.grouped(whole, language))"
    }

    private func provinces() -> ReportDocument.Table {
        let rates = result.acceptedCount != nil
        var columns: [ReportDocument.Column] = [.number(t(ReportText.rank)), .text(t(ReportText.provinceCode)), .text(t(ReportText.province)),
                                                .number(t(ReportText.submittedOfExpected))]
        if rates { columns += [.number(t(ReportText.reportingRate)), .number(t(ReportText.timelinessRate))] }
        columns.append(.number(t(ReportText.meanDTI)))
        if let previous = result.previous { columns.append(.number("\(t(ReportText.changeSince)) \(previous.period.name(language))")) }
        columns += indicatorSet.pillars.map { .number($0.label(language)) }
        var table = ReportDocument.Table(columns, role: "provinces")
        for province in result.provinces {
            var row: [ReportDocument.Cell] = [ReportDocument.Cell(province.rank.map(String.init) ?? "–"), ReportDocument.Cell(province.code),
                                              ReportDocument.Cell(province.name), ReportDocument.Cell(count(province.reporting, of: province.expected))]
            if rates {
                row += [ReportDocument.Cell(ReportNumber.rate(province.accepted!, of: province.expected, language)),
                        ReportDocument.Cell(ReportNumber.rate(province.onTime!, of: province.expected, language))]
            }
            row.append(ReportDocument.Cell(ReportNumber.score(province.meanDTI, language)))
            if let previous = result.previous {
                let change = province.meanDTI.flatMap { now in previous.means[province.code].map { now - $0 } }
                row.append(ReportDocument.Cell(ReportNumber.signedScore(change, language)))
            }
            row += province.pillarMeans.map { ReportDocument.Cell(ReportNumber.score($0, language)) }
            table.rows.append(row)
        }
        return table
    }

    private func communes(_ entries: [NationalResult.Entry]) -> ReportDocument.Table {
        ReportDocument.Table([.number(t(ReportText.nationalRank)), .text(t(ReportText.communeCode)), .text(t(ReportText.commune)),
                              .text(t(ReportText.province)), .number(t(ReportText.provinceRank)), .number(t(ReportText.dti))],
                             rows: entries.map { entry in
                                 [ReportDocument.Cell(ReportNumber.grouped(entry.nationalRank, language)), ReportDocument.Cell(entry.commune.unit.communeCode),
                                  ReportDocument.Cell(entry.commune.unit.fullName + ReportText.imputedMark(entry.commune)),
                                  ReportDocument.Cell(entry.province.name), ReportDocument.Cell(entry.commune.rank.map(String.init) ?? "–"),
                                  ReportDocument.Cell(ReportNumber.score(entry.commune.score.dti, language))]
                             }, role: "communes")
    }

    private func cell(_ text: String) -> String { MarkdownReport.escapeCell(text) }

    private func t(_ text: LocalizedText) -> String { text(language) }
}
