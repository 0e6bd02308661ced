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
    private typealias Column<Row> = SheetColumn<Row>

    /// The national sheets, named in the report's language.
    private enum Sheet {
        case provinces, ranking, method

        func name(_ language: Language) -> String {
            switch (self, language) {
            case (.provinces, .vi): "Xếp hạng tỉnh"
            case (.provinces, .en): "Provinces"
            case (.ranking, .vi): "Xếp hạng xã"
            case (.ranking, .en): "Ranking"
            case (.method, .vi): "Phương pháp"
            case (.method, .en): "Method"
            }
        }
    }

    public func write(to path: String) throws {
        let title = "\(ReportText.indexName(language)) — \(t(ReportText.national)) — \(result.period.name(language))"
        let workbook = try XLSXWorkbook(path: path, createdAt: result.period.endOfMonthTimestamp, title: title)
        func sheet(_ sheet: Sheet) throws -> XLSXSheet {
            let added = try workbook.addSheet(sheet.name(language))
            try added.printOnA4(landscape: true, repeatRows: SheetLayout.firstDataRow,
                                footer: "\(t(ReportText.national)) — \(result.period.name(language)) — \(sheet.name(language))")
            return added
        }
        try writeProvinces(try sheet(.provinces))
        let ranking = try sheet(.ranking), rankingTable = SheetTable(title: self.title(.ranking), source: source, columns: rankingColumns)
        let lastRow = try rankingTable.write(result.ranked, to: ranking)
        try ranking.colourScale(column: rankingTable.column(t(ReportText.dti))!, firstRow: SheetLayout.firstDataRow,
                                lastRow: lastRow)
        try WorkbookReport.writeMethod(try sheet(.method), title: self.title(.method), source: source, indicatorSet: indicatorSet,
                                       language: language, facts: [
            (ReportText.period, result.period.description),
            (ReportText.registerVersion, registerVersion),
            (ReportText.indicatorFile, indicatorSet.provenance),
        ], files: nil)
        try workbook.close()
    }

    private func title(_ sheet: Sheet) -> String {
        "\(ReportText.indexName(language)) — \(t(ReportText.national)) — \(result.period.name(language)) — \(sheet.name(language))"
    }

    private var source: String {
        ReportText.generatedFrom(register: registerVersion, indicators: indicatorSet.name)(language)
            + (ReportText.currency(nil, madeAt: result.madeAt, language: language).map { " · " + $0 } ?? "")
    }

    private func t(_ text: LocalizedText) -> String { text(language) }

    private func writeProvinces(_ sheet: XLSXSheet) throws {
        let rates = result.acceptedCount != nil
        func share(_ province: ProvinceResult.Summary, _ count: Int?) -> Double? {
            count.map { province.expected == 0 ? 0 : Double($0) / Double(province.expected) }
        }
        var columns: [Column<ProvinceResult.Summary>] = [
            .integer(t(ReportText.rank), width: 7, Styles.rank) { $0.rank },
            .text(t(ReportText.provinceCode), width: 10) { $0.code },
            .text(t(ReportText.province), width: 26) { $0.name },
            .integer(t(ReportText.submitting), width: 12) { $0.reporting },
            .integer(t(ReportText.expected), width: 12) { $0.expected },
            .number(t(ReportText.meanDTI), width: 11, Styles.score) { $0.meanDTI },
        ]
        columns += indicatorSet.pillars.enumerated().map { index, pillar in
            .number(pillar.label(language), width: 14, Styles.score) { $0.pillarMeans[index] }
        }
        if rates {
            columns += [.number(t(ReportText.reportingRate), width: 16, Styles.ratio) { share($0, $0.accepted) },
                        .number(t(ReportText.timelinessRate), width: 16, Styles.ratio) { share($0, $0.onTime) }]
        }
        let table = SheetTable(title: title(.provinces), source: source, columns: columns)
        let lastRow = try table.write(result.provinces, to: sheet)
        let ranked = result.provinces.filter { $0.rank != nil }.count
        guard ranked > 0 else { return }
        let first = SheetLayout.firstDataRow, meanColumn = table.column(t(ReportText.meanDTI))!
        try sheet.colourScale(column: meanColumn, firstRow: first, lastRow: first + ranked - 1)
        // Under the table, on a page of its own: beside it, the chart would widen the printed
        // page and shrink the table's text.
        try sheet.insertBarChart(
            title: "\(t(ReportText.meanDTI)) — \(result.period.name(language))", categoriesColumn: 2, valuesColumn: meanColumn,
            firstRow: first, lastRow: first + ranked - 1, at: lastRow + 2, column: 0,
            heightPixels: max(300, 16 * ranked + 80))
        try sheet.breakPages(before: [lastRow + 2])
    }

    private var rankingColumns: [Column<NationalResult.Entry>] {
        var columns: [Column<NationalResult.Entry>] = [
            .integer(t(ReportText.nationalRank), width: 9, Styles.rank) { $0.nationalRank },
            .text(t(ReportText.provinceCode), width: 10) { $0.province.code },
            .text(t(ReportText.province), width: 22) { $0.province.name },
            .integer(t(ReportText.provinceRank), width: 9) { $0.commune.rank },
            .text(t(ReportText.communeCode), width: 12) { $0.commune.unit.communeCode },
            .text(t(ReportText.commune), width: 24) { $0.commune.unit.fullName },
            .text(t(ReportText.communeType), width: 10) { $0.commune.unit.communeType },
            .number(t(ReportText.dti), width: 9, Styles.score) { $0.commune.score.dti },
        ]
        columns += indicatorSet.pillars.enumerated().map { index, pillar in
            .number(pillar.label(language), width: 14, Styles.score) { $0.commune.score.pillars[index] }
        }
        columns += [.integer(t(ReportText.rankChange), width: 11, Styles.signedInteger) { $0.commune.rankChange },
                    .number(t(ReportText.dtiChange), width: 11, Styles.signedScore) { $0.commune.dtiChange }]
        if indicatorSet.carryForwardMonths > 0 {
            columns.append(.text(t(ReportText.imputedFrom), width: 12) { $0.commune.imputedFrom?.description })
        }
        return columns
    }
}
