/// The national workbook of one period: Provinces (ranked by mean DTI, with a chart), Ranking
/// (every ranked commune with its national and province rank) and Method.
public struct NationalWorkbookReport: Sendable {
    public var result: NationalResult
    public var indicatorSet: IndicatorSet
    public var language: Language
    public var registerVersion: String

    public init(result: NationalResult, indicatorSet: IndicatorSet, language: Language, registerVersion: String) {
        self.result = result
        self.indicatorSet = indicatorSet
        self.language = language
        self.registerVersion = registerVersion
    }

    private typealias Styles = WorkbookReport

    public func write(to path: String) throws {
        let title = "\(ReportText.indexName(language)) — \(t(ReportText.national)) — \(result.period)"
        let workbook = try XLSXWorkbook(path: path, createdAt: result.period.endOfMonthTimestamp, title: title)
        try writeProvinces(try workbook.addSheet("Provinces"))
        try writeRanking(try workbook.addSheet("Ranking"))
        try WorkbookReport.writeMethod(try workbook.addSheet("Method"), indicatorSet: indicatorSet, language: language, facts: [
            (ReportText.period, result.period.description),
            (ReportText.registerVersion, registerVersion),
            (ReportText.indicatorFile, indicatorSet.provenance),
        ], files: nil)
        try workbook.close()
    }

    private func t(_ text: LocalizedText) -> String { text(language) }

    private func number(_ value: Double?) -> CellValue { value.map(CellValue.number) ?? .blank }
    private func number(_ value: Int?) -> CellValue { value.map { .number(Double($0)) } ?? .blank }

    private func writeProvinces(_ sheet: XLSXSheet) throws {
        let pillars = indicatorSet.pillars.map { $0.label(language) }
        let rates = result.acceptedCount != nil
        let headers = [t(ReportText.rank), t(ReportText.provinceCode), t(ReportText.province),
                       t(ReportText.submitting), t(ReportText.expected), t(ReportText.meanDTI)] + pillars
            + (rates ? [t(ReportText.reportingRate), t(ReportText.timelinessRate)] : [])
        try WorkbookReport.start(sheet, headers: headers, widths: [7, 10, 26, 12, 12, 11] + pillars.map { _ in 14.0 } + [16, 16],
                                 rows: result.provinces.count)
        for (index, province) in result.provinces.enumerated() {
            func share(_ count: Int?) -> CellValue {
                count.map { .number(province.expected == 0 ? 0 : Double($0) / Double(province.expected)) } ?? .blank
            }
            let values: [CellValue] = [number(province.rank), .text(province.code), .text(province.name),
                                       number(province.reporting), number(province.expected), number(province.meanDTI)]
                + province.pillarMeans.map(number) + (rates ? [share(province.accepted), share(province.onTime)] : [])
            for (column, value) in values.enumerated() {
                let style: CellStyle? = switch column {
                case 1, 2: Styles.text
                case 0, 3, 4: nil
                case let column where column >= 6 + pillars.count: Styles.ratio
                default: Styles.score
                }
                try sheet.write(value, row: index + 1, column: column, style: style)
            }
        }
        let ranked = result.provinces.filter { $0.rank != nil }.count
        guard ranked > 0 else { return }
        try sheet.colourScale(column: 5, firstRow: 1, lastRow: ranked)
        try sheet.insertBarChart(
            title: "\(t(ReportText.meanDTI)) — \(result.period)", categoriesColumn: 2, valuesColumn: 5,
            firstRow: 1, lastRow: ranked, at: 1, column: headers.count + 1, heightPixels: max(300, 16 * ranked + 80))
    }

    private func writeRanking(_ sheet: XLSXSheet) throws {
        let pillars = indicatorSet.pillars.map { $0.label(language) }
        let headers = [t(ReportText.nationalRank), t(ReportText.provinceCode), t(ReportText.province), t(ReportText.provinceRank),
                       t(ReportText.communeCode), t(ReportText.commune), t(ReportText.communeType), t(ReportText.dti)]
            + pillars + [t(ReportText.rankChange), t(ReportText.dtiChange)]
            + (indicatorSet.carryForwardMonths > 0 ? [t(ReportText.imputedFrom)] : [])
        let widths = [9.0, 10, 22, 9, 12, 24, 10, 9] + pillars.map { _ in 14.0 } + [11, 11]
            + (indicatorSet.carryForwardMonths > 0 ? [12] : [])
        try WorkbookReport.start(sheet, headers: headers, widths: widths, rows: result.ranked.count)
        for (index, entry) in result.ranked.enumerated() {
            let commune = entry.commune
            let values: [CellValue] = [
                number(entry.nationalRank), .text(entry.province.code), .text(entry.province.name), number(commune.rank),
                .text(commune.unit.communeCode), .text(commune.unit.fullName), .text(commune.unit.communeType),
                number(commune.score.dti),
            ] + commune.score.pillars.map(number) + [number(commune.rankChange), number(commune.dtiChange)]
            if indicatorSet.carryForwardMonths > 0 {
                try sheet.write(commune.imputedFrom.map { .text($0.description) } ?? .blank, row: index + 1,
                                column: values.count, style: Styles.text)
            }
            for (column, value) in values.enumerated() {
                let style: CellStyle? = switch column {
                case 0, 3: nil
                case 1, 2, 4, 5, 6: Styles.text
                case values.count - 2: Styles.signedInteger
                case values.count - 1: Styles.signedScore
                default: Styles.score
                }
                try sheet.write(value, row: index + 1, column: column, style: style)
            }
        }
        if !result.ranked.isEmpty { try sheet.colourScale(column: 7, firstRow: 1, lastRow: result.ranked.count) }
    }
}
