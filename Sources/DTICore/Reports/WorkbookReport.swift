import Foundation

/// The ranked workbook of one province and period: Ranking (with a colour scale), its Chart
/// on a page of its own, Scorecard, Indicators, Submissions (with notes), Missing, By month
/// (quarters and years), Districts (old registers), Method and Quality; sheet names in the
/// report's language, every sheet set to print on A4 landscape one page wide with its header
/// row repeated and a footer.
///
/// Sheet names and headers follow `language` (`dti export` is the interface for scripts).
public struct WorkbookReport: Sendable {
    public var result: ProvinceResult
    public var indicatorSet: IndicatorSet
    public var language: Language
    /// When the report was made (`ReportClock`); see `MarkdownReport.madeAt`.
    public var madeAt: Date?

    public init(result: ProvinceResult, indicatorSet: IndicatorSet, language: Language) {
        self.result = result
        self.indicatorSet = indicatorSet
        self.language = language
    }

    static let header = CellStyle(bold: true, wrap: true, background: 0xDDEBF7)
    static let title = CellStyle(bold: true, wrap: true, fontSize: 12)
    static let score = CellStyle(numberFormat: "0.00")
    static let ratio = CellStyle(numberFormat: "0.00%")
    static let signedScore = CellStyle(numberFormat: "+0.00;-0.00;0.00")
    static let signedInteger = CellStyle(numberFormat: "+0;-0;0")
    static let text = CellStyle(numberFormat: "@")
    /// Whole counts, grouped: 14 223 shows as 14,223 (or 14.223 in a Vietnamese Excel).
    static let count = CellStyle(numberFormat: "#,##0")
    static let wrapped = CellStyle(numberFormat: "@", wrap: true)
    /// A rank, centred: on paper it never runs into the code beside it.
    static let rank = CellStyle(centred: true)

    /// The sheets, named in the report's language.
    enum Sheet: CaseIterable {
        case ranking, chart, scorecard, indicators, submissions, missing, months, districts, method, quality

        func name(_ language: Language) -> String {
            switch (self, language) {
            case (.ranking, .vi): "Xếp hạng"
            case (.ranking, .en): "Ranking"
            case (.chart, .vi): "Biểu đồ"
            case (.chart, .en): "Chart"
            case (.scorecard, .vi): "Bảng điểm"
            case (.scorecard, .en): "Scorecard"
            case (.indicators, .vi): "Chỉ số"
            case (.indicators, .en): "Indicators"
            case (.submissions, .vi): "Số liệu"
            case (.submissions, .en): "Submissions"
            case (.missing, .vi): "Chưa có số liệu"
            case (.missing, .en): "Missing"
            case (.months, .vi): "Từng tháng"
            case (.months, .en): "By month"
            case (.districts, .vi): "Huyện"
            case (.districts, .en): "Districts"
            case (.method, .vi): "Phương pháp"
            case (.method, .en): "Method"
            case (.quality, .vi): "Chất lượng số liệu"
            case (.quality, .en): "Quality"
            }
        }
    }

    public func write(to path: String) throws {
        let title = "\(ReportText.indexName(language)) — \(result.provinceName) — \(result.period.name(language))"
        let workbook = try XLSXWorkbook(path: path, createdAt: result.period.endOfMonthTimestamp, title: title)
        func sheet(_ sheet: Sheet) throws -> XLSXSheet {
            let added = try workbook.addSheet(sheet.name(language))
            // A4 landscape, one page wide, the title and header rows on every page, the report and page in the footer.
            try added.printOnA4(landscape: true, repeatRows: sheet == .chart ? 0 : SheetLayout.firstDataRow,
                                onePage: sheet == .chart && result.ranked.count <= 30,
                                footer: "\(result.provinceName) — \(result.period.name(language)) — \(sheet.name(language))")
            return added
        }
        let ranking = try sheet(.ranking)
        try writeRanking(ranking)
        try writeChart(try sheet(.chart), data: ranking)
        if !result.ranked.isEmpty { try writeScorecard(try sheet(.scorecard)) }
        try table(.indicators, indicatorColumns).write(result.communes, to: try sheet(.indicators))
        try table(.submissions, submissionColumns)
            .write(result.communes.sorted { $0.unit.communeCode < $1.unit.communeCode }, to: try sheet(.submissions))
        if let status = result.status {
            try table(.missing, missingColumns).write(status.refusedWaiting + status.returned + status.nothingReceived, to: try sheet(.missing))
        } else {
            // A quarter or a year lists who reported too few months first, with those months.
            let rows = result.insufficient.map { (unit: $0.unit, months: Optional($0.months)) } + result.missing.map { ($0, nil) }
            try table(.missing, missingColumnsWithoutStatus).write(rows, to: try sheet(.missing))
        }
        if !result.monthlyReporting.isEmpty { try table(.months, monthColumns).write(result.monthlyReporting, to: try sheet(.months)) }
        if !result.districts.isEmpty { try table(.districts, districtColumns).write(result.districts, to: try sheet(.districts)) }
        try writeMethod(try sheet(.method))
        try table(.quality, qualityColumns)
            .write(result.flagged.flatMap { commune in commune.qualityFlags.map { (commune, $0) } }, to: try sheet(.quality))
        try workbook.close()
    }

    /// A sheet's title: what, where and when.
    private func title(_ sheet: Sheet) -> String {
        "\(ReportText.indexName(language)) — \(result.provinceName) — \(result.period.name(language)) — \(sheet.name(language))"
    }

    /// What every sheet was made from.
    private var source: String {
        ReportText.generatedFrom(files: Set(result.communes.map(\.submission.fileSHA256)).count,
                                 register: result.registerVersion, indicators: indicatorSet.name)(language)
            + (ReportText.currency(result.status, madeAt: madeAt, span: result.period, deadlineDay: indicatorSet.deadlineDay,
                                   language: language).map { " · " + $0 } ?? "")
    }

    private func table<Row>(_ sheet: Sheet, _ columns: [SheetColumn<Row>]) -> SheetTable<Row> {
        SheetTable(title: title(sheet), source: source, columns: columns)
    }

    /// The ranking as bar charts, at most `perChart` communes each and each on a page of its
    /// own, every commune named: a large province's chart is never squeezed into a strip.
    private func writeChart(_ sheet: XLSXSheet, data: XLSXSheet, perChart: Int = 30) throws {
        let ranked = result.ranked.count
        try SheetLayout.writeTitle(title(.chart), source: source, to: sheet, across: 14)
        // A landscape page holds about 32 rows of 20 pixels: one chart and its margin.
        let rowsPerChart = 34
        var breaks: [Int] = []
        // Charts of even size: 35 communes make two charts of 18 and 17, not 30 and 5.
        let charts = max(1, (ranked + perChart - 1) / perChart), size = max(1, (ranked + charts - 1) / charts)
        for (index, first) in stride(from: 0, to: ranked, by: size).enumerated() {
            let count = min(size, ranked - first), at = 1 + index * rowsPerChart
            if index > 0 { breaks.append(at) }
            try sheet.insertBarChart(
                title: "\(t(ReportText.dti)) — \(result.provinceName) — \(result.period.name(language))"
                    + (charts > 1 ? " (\(first + 1)–\(first + count))" : ""),
                categoriesColumn: 2, valuesColumn: 3, firstRow: SheetLayout.firstDataRow + first,
                lastRow: SheetLayout.firstDataRow + first + count - 1,
                at: at, column: 0, heightPixels: max(300, 18 * count + 90), data: data)
        }
        try sheet.breakPages(before: breaks)
    }

    private func t(_ text: LocalizedText) -> String { text(language) }

    /// With carry-forward, rankings say which communes are imputed.
    private var carriesForward: Bool { indicatorSet.carryForwardMonths > 0 }

    private typealias Column<Row> = SheetColumn<Row>

    private func writeRanking(_ sheet: XLSXSheet) throws {
        let pillars = indicatorSet.pillars.enumerated().map { ($0.offset, $0.element.label(language)) }
        let pillarRanks = result.pillarRanks(count: pillars.count)
        let late = result.lateCodes
        var columns: [Column<CommuneResult>] = [
            .integer(t(ReportText.rank), width: 7, Self.rank) { $0.rank },
            .text(t(ReportText.communeCode), width: 12) { $0.unit.communeCode },
            .text(t(ReportText.commune), width: 24) { $0.unit.fullName },
            .number(t(ReportText.dti), width: 9, Self.score) { $0.score.dti },
        ]
        // Each bonus or penalty beside the DTI it is part of.
        columns += indicatorSet.adjustments.enumerated().map { index, adjustment in
            .number(adjustment.label(language), width: 12, Self.signedScore) { $0.score.adjustments[index] }
        }
        columns += pillars.map { index, label in .number(label, width: 14, Self.score) { $0.score.pillars[index] } }
        columns += [
            .integer(t(ReportText.rankChange), width: 11, Self.signedInteger) { $0.rankChange },
            .number(t(ReportText.dtiChange), width: 11, Self.signedScore) { $0.dtiChange },
            .text(t(ReportText.previousPeriod), width: 12) { $0.previous?.period.description },
            .text(t(ReportText.indicatorsScored), width: 11) { "\($0.score.applicableCount) / \(indicatorSet.indicators.count)" },
            .text(t(ReportText.communeType), width: 10) { $0.unit.communeType },
        ]
        if !indicatorSet.tiers.isEmpty { columns.append(tierColumn) }
        if indicatorSet.hasGates {
            columns.append(.text(t(ReportText.gatesMissed), width: 28) { commune in
                commune.score.failedGates.isEmpty ? nil
                    : commune.score.failedGates.map { indicatorSet.indicators[$0].label(language) }.joined(separator: "; ")
            })
        }
        if carriesForward { columns.append(.text(t(ReportText.imputedFrom), width: 12) { $0.imputedFrom?.description }) }
        if result.status != nil {
            columns.append(.text(t(ReportText.submitted), width: 10) { commune in
                commune.imputedFrom != nil ? nil : t(late.contains(commune.unit.communeCode) ? ReportText.late : ReportText.onTime)
            })
        }
        // The rank on each pillar, as the official DTI publishes it.
        columns += pillars.map { index, label in
            .integer(ReportText.pillarRank(label)(language), width: 12) { pillarRanks[$0.unit.communeCode]?[index] ?? nil }
        }
        var table = table(.ranking, columns)
        table.keyColumns = 3
        let lastRow = try table.write(result.communes, to: sheet)
        try sheet.colourScale(column: table.column(t(ReportText.dti))!, firstRow: SheetLayout.firstDataRow, lastRow: lastRow)
    }

    /// Each commune's tier, on the tier's colour.
    private var tierColumn: Column<CommuneResult> {
        Column(t(ReportText.tier), width: 12) { commune in
            guard let tier = indicatorSet.tier(of: commune.score.dti) else { return (.blank, Self.text) }
            return (.text(tier.label(language)), Self.tierStyle(tier))
        }
    }

    /// A colour as the HTML writes it (`#RRGGBB`), as a cell's fill.
    static func fill(_ colour: String) -> UInt32? { UInt32(colour.dropFirst(), radix: 16) }

    static func tierStyle(_ tier: Tier) -> CellStyle {
        CellStyle(numberFormat: "@", background: fill(ReportCharts.tint(tier.colour)))
    }

    /// The scorecard: the ranked communes in rank order, each indicator's value coloured met /
    /// near / missed by conditional formats (so the colours hold when the reader sorts), a
    /// legend under the table.
    private func writeScorecard(_ sheet: XLSXSheet) throws {
        let card = ScorecardTable(result: result, indicatorSet: indicatorSet, language: language)
        var columns: [Column<CommuneResult>] = [
            .integer(t(ReportText.rank), width: 7, Self.rank) { $0.rank },
            .text(t(ReportText.communeCode), width: 9) { $0.unit.communeCode },
            .text(t(ReportText.commune), width: 22) { $0.unit.fullName },
            .number(t(ReportText.dti), width: 8, Self.score) { $0.score.dti },
        ]
        if !indicatorSet.tiers.isEmpty { columns.append(tierColumn) }
        if indicatorSet.hasGates {
            columns.append(.text(t(ReportText.gatesMissed), width: 28) { commune in
                commune.score.failedGates.isEmpty ? nil
                    : commune.score.failedGates.map { indicatorSet.indicators[$0].label(language) }.joined(separator: "; ")
            })
        }
        let first = columns.count
        columns += indicatorSet.indicators.enumerated().map { index, indicator in
            .number(indicator.label(language), width: 13, Self.ratio) { $0.score.raw[index] }
        }
        var scorecard = table(.scorecard, columns)
        scorecard.keyColumns = 3
        let lastRow = try scorecard.write(Array(result.ranked), to: sheet)
        let styles = Scorecard.Judgement.allCases.map { judgement in
            CellStyle(numberFormat: "0.00%", background: Self.fill(ScorecardTable.colour(judgement)), fontColour: 0x1B1B1B)
        }
        for index in indicatorSet.indicators.indices {
            guard let bounds = card.bounds(index) else { continue }
            try sheet.judgementColours(column: first + index, firstRow: SheetLayout.firstDataRow, lastRow: lastRow,
                                       metFrom: bounds.met, nearFrom: bounds.near, higher: bounds.higher,
                                       met: styles[0], near: styles[1], missed: styles[2])
        }
        for (offset, judgement) in Scorecard.Judgement.allCases.enumerated() {
            try sheet.write(.text(ScorecardTable.label(judgement, card.near, language)), row: lastRow + 2, column: first + 2 * offset,
                            style: CellStyle(numberFormat: "@", background: Self.fill(ScorecardTable.colour(judgement))))
        }
    }

    /// One row per data-quality flag (`DataQuality`), by commune code.
    private var qualityColumns: [Column<(CommuneResult, QualityFlag)>] {
        [.text(t(ReportText.communeCode), width: 12) { $0.0.unit.communeCode },
         .text(t(ReportText.commune), width: 24) { $0.0.unit.fullName },
         .text(t(ReportText.rule), width: 26) { $0.1.rule.label(language) },
         .text(t(ReportText.message), width: 100) { $0.1.message(language) }]
    }

    private var indicatorColumns: [Column<CommuneResult>] {
        var columns: [Column<CommuneResult>] = [.text(t(ReportText.communeCode), width: 12) { $0.unit.communeCode },
                                                .text(t(ReportText.commune), width: 24) { $0.unit.fullName }]
        for (index, indicator) in indicatorSet.indicators.enumerated() {
            columns += [.number("\(indicator.label(language)) (\(t(ReportText.raw)))", width: 14, Self.ratio) { $0.score.raw[index] },
                        .number("\(indicator.label(language)) (\(t(ReportText.normalised)))", width: 14, Self.score) {
                            $0.score.normalised[index]
                        }]
        }
        columns += indicatorSet.context.enumerated().map { index, context in
            .number(context.label(language), width: 14, Self.count) { $0.score.context[index] }
        }
        return columns
    }

    private var submissionColumns: [Column<CommuneResult>] {
        [.text(t(ReportText.communeCode), width: 12) { $0.unit.communeCode },
         .text(t(ReportText.commune), width: 24) { $0.unit.fullName },
         .text(t(ReportText.period), width: 10) { $0.submission.period.description }]
            + Figure.allCases.enumerated().map { index, figure in
                .integer(language == .vi ? figure.vietnameseLabel : figure.rawValue, width: 13, Self.count) {
                    $0.submission.figures.values[index]
                }
            }
            // A province's own fields: blank where the month's form did not have them.
            + indicatorSet.form.extras.map { field in
                field.kind == .text
                    ? .text(language == .vi ? field.label.vi : field.name, width: 24) { $0.submission.figures.texts[field.name] }
                    : .integer(language == .vi ? field.label.vi : field.name, width: 13, Self.count) {
                        $0.submission.figures.extras[field.name]
                    }
            }
            + [.text(t(ReportText.nameAsWritten), width: 22) { $0.submission.communeName },
               Column(t(ReportText.notes), width: 40, Self.wrapped) { $0.submission.notes.map(CellValue.text) ?? .blank },
               .integer(t(ReportText.revision), width: 9) { $0.submission.revision },
               .text(t(ReportText.file), width: 30) { $0.submission.fileName },
               .integer(t(ReportText.line), width: 7) { $0.submission.line }]
    }

    /// With the month's status: every commune without accepted figures, refused ones (with
    /// their errors) first, then those that sent nothing.
    private var missingColumns: [Column<MonthStatus.Commune>] {
        [.text(t(ReportText.communeCode), width: 12) { $0.unit.communeCode },
         .text(t(ReportText.commune), width: 24) { $0.unit.fullName },
         .text(t(ReportText.communeType), width: 10) { $0.unit.communeType },
         .text(t(ReportText.status), width: 28) { $0.label(language) },
         .integer(t(ReportText.errors), width: 8) { $0.kind == .refusedWaiting ? $0.errors : nil },
         Column(t(ReportText.firstError), width: 60, Self.wrapped) { $0.firstError.map { .text($0(language)) } ?? .blank },
         .text(t(ReportText.file), width: 28) { $0.lastFile?.name },
         .text(t(ReportText.receivedAt), width: 18) { $0.lastFile.map { MonthStatus.time.string(from: $0.at) } }]
            + (carriesForward ? [.text(t(ReportText.imputedFrom), width: 12) { $0.imputedFrom?.description }] : [])
    }

    /// Reports built without the month's arrivals (quarters, years, tests) list the communes
    /// without a rank; for a span, with the months they reported.
    private var missingColumnsWithoutStatus: [Column<(unit: AdministrativeUnit, months: [Period]?)>] {
        [.text(t(ReportText.communeCode), width: 12) { $0.unit.communeCode },
         .text(t(ReportText.commune), width: 24) { $0.unit.fullName },
         .text(t(ReportText.communeType), width: 10) { $0.unit.communeType }]
            + (result.minimumMonths == nil ? [] : [.text(t(ReportText.monthsReported), width: 40) { row in
                row.months.map { $0.map(\.description).joined(separator: ", ") } ?? ""
            }])
            + (result.missing.contains { $0.districtCode != nil }
                ? [.text(t(ReportText.districtCode), width: 12) { $0.unit.districtCode },
                   .text(t(ReportText.district), width: 24) { $0.unit.districtName }] : [])
    }

    /// A quarter's or a year's months, each with how many communes reported in it.
    private var monthColumns: [Column<MonthReporting>] {
        [.text(t(ReportText.month), width: 16) { $0.month.monthName(language) },
         .integer(t(ReportText.reported), width: 12) { $0.reported },
         .integer(t(ReportText.expected), width: 12) { $0.expected },
         .number(t(ReportText.rate), width: 12, Self.ratio) { $0.rate }]
    }

    private var districtColumns: [Column<DistrictResult>] {
        [.integer(t(ReportText.rank), width: 7, Self.rank) { $0.rank },
         .text(t(ReportText.districtCode), width: 12) { $0.code },
         .text(t(ReportText.district), width: 24) { $0.name },
         .integer(t(ReportText.submitting), width: 12) { $0.submitting },
         .number(t(ReportText.meanDTI), width: 12, Self.score) { $0.meanDTI }]
    }

    private func writeMethod(_ sheet: XLSXSheet) throws {
        let files = Set(result.communes.map { FileKey(name: $0.submission.fileName, sha256: $0.submission.fileSHA256) })
        try Self.writeMethod(sheet, title: title(.method), source: source, indicatorSet: indicatorSet, language: language, facts: [
            (ReportText.period, result.period.description),
            (ReportText.registerVersion, result.registerVersion),
            (ReportText.indicatorFile, indicatorSet.provenance),
        ] + (result.status.map { status in [
            (ReportText.deadline, status.dueDay(language)),
            (ReportText.reportingRate, ReportNumber.rate(status.accepted, of: status.expected, language)),
            (ReportText.timelinessRate, ReportNumber.rate(status.onTime, of: status.expected, language)),
            (ReportText.submitted, ReportText.lateNote(dueDay: status.dueDay(language))(language)),
        ] } ?? []) + (result.minimumMonths.map { minimum in
            [(ReportText.method, ReportText.spanNote(indicatorSet, minimum: minimum, of: result.period.kind.length, language: language))]
        } ?? []) + (ReportText.formChangeNote(indicatorSet, span: result.period, language: language).map {
            [(ReportText.method, $0)]
        } ?? []), files: files.sorted { ($0.name, $0.sha256) < ($1.name, $1.sha256) }.map { ($0.name, $0.sha256) })
    }

    /// The indicators with formula, target and weight, how scores are made, the facts of the
    /// run, and (when given) the input files with their hashes.
    static func writeMethod(_ sheet: XLSXSheet, title: String, source: String?, indicatorSet: IndicatorSet, language: Language,
                            facts: [(LocalizedText, String)], files: [(name: String, sha256: String)]?) throws {
        let t = { (text: LocalizedText) in text(language) }
        let pillarNames = Dictionary(uniqueKeysWithValues: indicatorSet.pillars.map { ($0.id, $0.label(language)) })
        let columns: [SheetColumn<Indicator>] = [
            .text(t(ReportText.indicator), width: 40) { $0.label(language) },
            .text(t(ReportText.pillar), width: 20) { pillarNames[$0.pillar] ?? $0.pillar },
            .text(t(ReportText.formula), width: 50) { $0.formula.readable(language) },
            SheetColumn(t(ReportText.target), width: 10) { indicator in
                indicator.normalisation == .target && indicator.direction == .higher
                    ? (.number(indicator.target), ratio) : (.text(ReportText.normalisation(of: indicator, language)), text)
            },
            .number(t(ReportText.weight), width: 10, score) { $0.weight },
        ]
        var row = try SheetTable(title: title, source: source, columns: columns).write(indicatorSet.indicators, to: sheet) + 2
        let width = columns.reduce(0) { $0 + $1.width }
        for note in [t(ReportText.methodNote)] + (ReportText.methodChoices(indicatorSet).map { [t($0)] } ?? []) {
            try SheetLayout.writeParagraph(note, row: row, columns: columns.count, width: width, to: sheet)
            row += 1
        }
        row += 1
        for (label, value) in facts {
            // The label in the first column, the value wrapped across the others.
            try sheet.write(.text(t(label)), row: row, column: 0, style: wrapped)
            try sheet.mergeRow(row, 1, columns.count - 1, text: value, style: wrapped)
            let lines = max((Double(t(label).count) / 44).rounded(.up), (Double(value.count) / ((width - 40) * 1.1)).rounded(.up))
            try sheet.setRowHeight(row, 15 * max(1, lines))
            row += 1
        }
        guard let files else { return }
        row += 1
        try sheet.writeRow([.text(t(ReportText.inputFiles)), .text("SHA-256")], row: row, style: header)
        row += 1
        for file in files {
            try sheet.writeRow([.text(file.name), .text(file.sha256)], row: row, style: text)
            row += 1
        }
    }

    private struct FileKey: Hashable {
        var name: String
        var sha256: String
    }
}
