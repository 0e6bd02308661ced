/// The ranked workbook of one province and period: Ranking (with a colour scale), its Chart
/// on a page of its own, Indicators, Submissions (with notes), Missing, Districts (old
/// registers), Method and Quality; sheet names in the report's language, every sheet set to
/// print on A4 landscape one page wide with its header row repeated and a footer.
///
/// Sheet names and headers follow `language` (`dti export` is the interface for scripts).
public struct WorkbookReport: Sendable {
    public var result: ProvinceResult
    public var indicatorSet: IndicatorSet
    public var language: Language

    public init(result: ProvinceResult, indicatorSet: IndicatorSet, language: Language) {
        self.result = result
        self.indicatorSet = indicatorSet
        self.language = language
    }

    static let header = CellStyle(bold: true, wrap: true, background: 0xDDEBF7)
    static let score = CellStyle(numberFormat: "0.00")
    static let ratio = CellStyle(numberFormat: "0.00%")
    static let signedScore = CellStyle(numberFormat: "+0.00;-0.00;0.00")
    static let signedInteger = CellStyle(numberFormat: "+0;-0;0")
    static let text = CellStyle(numberFormat: "@")
    /// Whole counts, grouped: 14 223 shows as 14,223 (or 14.223 in a Vietnamese Excel).
    static let count = CellStyle(numberFormat: "#,##0")
    static let wrapped = CellStyle(numberFormat: "@", wrap: true)

    /// The sheets, named in the report's language.
    enum Sheet: CaseIterable {
        case ranking, chart, indicators, submissions, missing, districts, method, quality

        func name(_ language: Language) -> String {
            switch (self, language) {
            case (.ranking, .vi): "Xếp hạng"
            case (.ranking, .en): "Ranking"
            case (.chart, .vi): "Biểu đồ"
            case (.chart, .en): "Chart"
            case (.indicators, .vi): "Chỉ số"
            case (.indicators, .en): "Indicators"
            case (.submissions, .vi): "Số liệu"
            case (.submissions, .en): "Submissions"
            case (.missing, .vi): "Chưa có số liệu"
            case (.missing, .en): "Missing"
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
        let title = "\(ReportText.indexName(language)) — \(result.provinceName) — \(result.period.monthName(language))"
        let workbook = try XLSXWorkbook(path: path, createdAt: result.period.endOfMonthTimestamp, title: title)
        func sheet(_ sheet: Sheet) throws -> XLSXSheet {
            let added = try workbook.addSheet(sheet.name(language))
            // A4 landscape, one page wide, the header row on every page, the report and page in the footer.
            try added.printOnA4(landscape: true, repeatRows: sheet == .chart ? 0 : 1, onePage: sheet == .chart,
                                footer: "\(result.provinceName) — \(result.period.monthName(language)) — \(sheet.name(language))")
            return added
        }
        let ranking = try sheet(.ranking)
        try writeRanking(ranking)
        try writeChart(try sheet(.chart), data: ranking)
        try writeIndicators(try sheet(.indicators))
        try writeSubmissions(try sheet(.submissions))
        try writeMissing(try sheet(.missing))
        if !result.districts.isEmpty { try writeDistricts(try sheet(.districts)) }
        try writeMethod(try sheet(.method))
        try writeQuality(try sheet(.quality))
        try workbook.close()
    }

    /// The ranking as a bar chart on a page of its own, every commune named.
    private func writeChart(_ sheet: XLSXSheet, data: XLSXSheet) throws {
        let ranked = result.ranked.count
        try sheet.insertBarChart(
            title: "\(t(ReportText.dti)) — \(result.provinceName) — \(result.period.monthName(language))",
            categoriesColumn: 2, valuesColumn: 3, firstRow: 1, lastRow: ranked,
            at: 0, column: 0, heightPixels: max(300, 18 * ranked + 90), data: data)
    }

    private func t(_ text: LocalizedText) -> String { text(language) }

    /// With carry-forward, rankings say which communes are imputed.
    private var carriesForward: Bool { indicatorSet.carryForwardMonths > 0 }

    private func number(_ value: Double?) -> CellValue { value.map(CellValue.number) ?? .blank }
    private func number(_ value: Int?) -> CellValue { value.map { .number(Double($0)) } ?? .blank }

    private func start(_ sheet: XLSXSheet, headers: [String], widths: [Double], rows: Int) throws {
        try Self.start(sheet, headers: headers, widths: widths, rows: rows)
    }

    /// Header row, frozen and filtered, with column widths.
    static func start(_ sheet: XLSXSheet, headers: [String], widths: [Double], rows: Int) throws {
        try sheet.writeRow(headers.map(CellValue.text), row: 0, style: Self.header)
        for (column, width) in widths.enumerated() { try sheet.setColumns(column, column, width: width) }
        sheet.freezeHeader()
        try sheet.autofilter(rows: rows + 1, columns: headers.count)
    }

    private func writeRanking(_ sheet: XLSXSheet) throws {
        let pillars = indicatorSet.pillars.map { $0.label(language) }
        let headers = [t(ReportText.rank), t(ReportText.communeCode), t(ReportText.commune), t(ReportText.dti)]
            + pillars + [t(ReportText.rankChange), t(ReportText.dtiChange), t(ReportText.previousPeriod),
                         t(ReportText.indicatorsScored), t(ReportText.communeType)]
            + (carriesForward ? [t(ReportText.imputedFrom)] : []) + (result.status != nil ? [t(ReportText.submitted)] : [])
            + pillars.map { language == .vi ? "Hạng \($0)" : "\($0) rank" }
        let widths = [7.0, 12, 24, 9] + pillars.map { _ in 14.0 } + [11, 11, 12, 11, 10] + (carriesForward ? [12] : [])
            + (result.status != nil ? [10] : []) + pillars.map { _ in 12.0 }
        // The rank on each pillar, as the official DTI publishes it.
        let pillarRanks: [[String: Int]] = indicatorSet.pillars.indices.map { pillar in
            Dictionary(uniqueKeysWithValues: Ranking.competition(result.ranked.compactMap { commune in
                commune.score.pillars[pillar].map { (key: commune.unit.communeCode, value: $0) }
            }).map { ($0.key, $0.rank) })
        }
        let late = result.lateCodes
        try start(sheet, headers: headers, widths: widths, rows: result.communes.count)
        for (index, commune) in result.communes.enumerated() {
            let row = index + 1
            var column = 0
            func put(_ value: CellValue, _ style: CellStyle? = nil) throws {
                try sheet.write(value, row: row, column: column, style: style)
                column += 1
            }
            try put(number(commune.rank))
            try put(.text(commune.unit.communeCode), Self.text)
            try put(.text(commune.unit.fullName), Self.text)
            try put(number(commune.score.dti), Self.score)
            for pillar in commune.score.pillars { try put(number(pillar), Self.score) }
            try put(number(commune.rankChange), Self.signedInteger)
            try put(number(commune.dtiChange), Self.signedScore)
            try put(commune.previous.map { .text($0.period.description) } ?? .blank, Self.text)
            try put(.text("\(commune.score.applicableCount) / \(indicatorSet.indicators.count)"), Self.text)
            try put(.text(commune.unit.communeType), Self.text)
            if carriesForward { try put(commune.imputedFrom.map { .text($0.description) } ?? .blank, Self.text) }
            if result.status != nil {
                try put(commune.imputedFrom == nil
                        ? .text(t(late.contains(commune.unit.communeCode) ? ReportText.late : ReportText.onTime)) : .blank, Self.text)
            }
            for ranks in pillarRanks { try put(number(ranks[commune.unit.communeCode])) }
        }
        let lastRow = result.communes.count
        try sheet.colourScale(column: 3, firstRow: 1, lastRow: lastRow)
    }

    /// One row per data-quality flag (`DataQuality`), by commune code.
    private func writeQuality(_ sheet: XLSXSheet) throws {
        let rows = result.flagged.flatMap { commune in commune.qualityFlags.map { (commune, $0) } }
        try start(sheet, headers: [t(ReportText.communeCode), t(ReportText.commune), t(ReportText.rule), t(ReportText.message)],
                  widths: [12, 24, 26, 100], rows: rows.count)
        for (index, (commune, flag)) in rows.enumerated() {
            try sheet.writeRow([.text(commune.unit.communeCode), .text(commune.unit.fullName), .text(flag.rule.label(language)),
                                .text(flag.message(language))], row: index + 1, style: Self.text)
        }
    }

    private func writeIndicators(_ sheet: XLSXSheet) throws {
        var headers = [t(ReportText.communeCode), t(ReportText.commune)]
        for indicator in indicatorSet.indicators {
            headers += ["\(indicator.label(language)) (\(t(ReportText.raw)))",
                        "\(indicator.label(language)) (\(t(ReportText.normalised)))"]
        }
        headers += indicatorSet.context.map { $0.label(language) }
        let widths = [12.0, 24] + Array(repeating: 14.0, count: headers.count - 2)
        try start(sheet, headers: headers, widths: widths, rows: result.communes.count)
        for (index, commune) in result.communes.enumerated() {
            var values: [CellValue] = [.text(commune.unit.communeCode), .text(commune.unit.fullName)]
            var styles: [CellStyle] = [Self.text, Self.text]
            for (raw, normalised) in zip(commune.score.raw, commune.score.normalised) {
                values += [number(raw), number(normalised)]
                styles += [Self.ratio, Self.score]
            }
            values += commune.score.context.map { number($0) }
            styles += commune.score.context.map { _ in Self.count }
            for (column, value) in values.enumerated() {
                try sheet.write(value, row: index + 1, column: column, style: styles[column])
            }
        }
    }

    private func writeSubmissions(_ sheet: XLSXSheet) throws {
        let headers = [t(ReportText.communeCode), t(ReportText.commune), t(ReportText.period)]
            + Figure.allCases.map { language == .vi ? $0.vietnameseLabel : $0.rawValue }
            + [t(ReportText.nameAsWritten), t(ReportText.notes), t(ReportText.revision), t(ReportText.file), t(ReportText.line)]
        let widths = [12.0, 24, 10] + Figure.allCases.map { _ in 13.0 } + [22, 40, 9, 30, 7]
        let byCode = result.communes.sorted { $0.unit.communeCode < $1.unit.communeCode }
        try start(sheet, headers: headers, widths: widths, rows: byCode.count)
        for (index, commune) in byCode.enumerated() {
            let submission = commune.submission
            let values: [CellValue] = [.text(commune.unit.communeCode), .text(commune.unit.fullName),
                                       .text(submission.period.description)]
                + submission.figures.values.map { .number(Double($0)) }
                + [submission.communeName.map(CellValue.text) ?? .blank, submission.notes.map(CellValue.text) ?? .blank,
                   .number(Double(submission.revision)), .text(submission.fileName), .number(Double(submission.line))]
            for (column, value) in values.enumerated() {
                let style: CellStyle? = if case .text = value { column == headers.count - 4 ? Self.wrapped : Self.text }
                    else { (3..<3 + Figure.allCases.count).contains(column) ? Self.count : nil }
                try sheet.write(value, row: index + 1, column: column, style: style)
            }
        }
    }

    /// With the month's status: every commune without accepted figures, refused ones (with
    /// their errors) first, then those that sent nothing.
    private func writeMissing(_ sheet: XLSXSheet) throws {
        guard let status = result.status else { return try writeMissingWithoutStatus(sheet) }
        let communes = status.refusedWaiting + status.nothingReceived
        let headers = [t(ReportText.communeCode), t(ReportText.commune), t(ReportText.communeType), t(ReportText.status),
                       t(ReportText.errors), t(ReportText.firstError), t(ReportText.file), t(ReportText.receivedAt)]
            + (carriesForward ? [t(ReportText.imputedFrom)] : [])
        try start(sheet, headers: headers, widths: [12, 24, 10, 28, 8, 60, 28, 18, 12], rows: communes.count)
        for (index, commune) in communes.enumerated() {
            let refused = commune.kind == .refusedWaiting
            try sheet.writeRow([.text(commune.unit.communeCode), .text(commune.unit.fullName), .text(commune.unit.communeType),
                                .text(commune.kind.label(language))], row: index + 1, style: Self.text)
            try sheet.write(refused ? .number(Double(commune.errors)) : .blank, row: index + 1, column: 4)
            try sheet.write(commune.firstError.map { .text($0(language)) } ?? .blank, row: index + 1, column: 5, style: Self.wrapped)
            try sheet.write(commune.lastFile.map { .text($0.name) } ?? .blank, row: index + 1, column: 6, style: Self.text)
            try sheet.write(commune.lastFile.map { .text(MonthStatus.time.string(from: $0.at)) } ?? .blank, row: index + 1,
                            column: 7, style: Self.text)
            if carriesForward {
                try sheet.write(commune.imputedFrom.map { .text($0.description) } ?? .blank, row: index + 1, column: 8, style: Self.text)
            }
        }
    }

    private func writeMissingWithoutStatus(_ sheet: XLSXSheet) throws {
        let hasDistricts = result.missing.contains { $0.districtCode != nil }
        let headers = [t(ReportText.communeCode), t(ReportText.commune), t(ReportText.communeType)]
            + (hasDistricts ? [t(ReportText.districtCode), t(ReportText.district)] : [])
        try start(sheet, headers: headers, widths: [12, 24, 10, 12, 24], rows: result.missing.count)
        for (index, unit) in result.missing.enumerated() {
            let values = [unit.communeCode, unit.communeName, unit.communeType]
                + (hasDistricts ? [unit.districtCode ?? "", unit.districtName ?? ""] : [])
            try sheet.writeRow(values.map(CellValue.text), row: index + 1, style: Self.text)
        }
    }

    private func writeDistricts(_ sheet: XLSXSheet) throws {
        let headers = [t(ReportText.rank), t(ReportText.districtCode), t(ReportText.district),
                       t(ReportText.submitting), t(ReportText.meanDTI)]
        try start(sheet, headers: headers, widths: [7, 12, 24, 12, 12], rows: result.districts.count)
        for (index, district) in result.districts.enumerated() {
            try sheet.write(number(district.rank), row: index + 1, column: 0)
            try sheet.write(.text(district.code), row: index + 1, column: 1, style: Self.text)
            try sheet.write(.text(district.name), row: index + 1, column: 2, style: Self.text)
            try sheet.write(number(district.submitting), row: index + 1, column: 3)
            try sheet.write(.number(district.meanDTI), row: index + 1, column: 4, style: Self.score)
        }
    }

    private func writeMethod(_ sheet: XLSXSheet) throws {
        let files = Set(result.communes.map { FileKey(name: $0.submission.fileName, sha256: $0.submission.fileSHA256) })
        try Self.writeMethod(sheet, indicatorSet: indicatorSet, language: language, facts: [
            (ReportText.period, result.period.description),
            (ReportText.registerVersion, result.registerVersion),
            (ReportText.indicatorFile, indicatorSet.provenance),
        ] + (result.status.map { status in [
            (ReportText.deadline, status.dueDay(language)),
            (ReportText.reportingRate, ReportText.rate(status.accepted, of: status.expected, language)),
            (ReportText.timelinessRate, ReportText.rate(status.onTime, of: status.expected, language)),
            (ReportText.submitted, ReportText.lateNote(dueDay: status.dueDay(language))(language)),
        ] } ?? []), files: files.sorted { ($0.name, $0.sha256) < ($1.name, $1.sha256) }.map { ($0.name, $0.sha256) })
    }

    /// The indicators with formula, target and weight, how scores are made, the facts of the
    /// run, and (when given) the input files with their hashes.
    static func writeMethod(_ sheet: XLSXSheet, indicatorSet: IndicatorSet, language: Language,
                            facts: [(LocalizedText, String)], files: [(name: String, sha256: String)]?) throws {
        let t = { (text: LocalizedText) in text(language) }
        let headers = ["id", t(ReportText.indicator), t(ReportText.pillar), t(ReportText.formula),
                       t(ReportText.target), t(ReportText.weight)]
        try sheet.writeRow(headers.map(CellValue.text), row: 0, style: header)
        for (column, width) in [26.0, 40, 20, 50, 10, 10].enumerated() { try sheet.setColumns(column, column, width: width) }
        sheet.freezeHeader()
        let pillarNames = Dictionary(uniqueKeysWithValues: indicatorSet.pillars.map { ($0.id, $0.label(language)) })
        var row = 1
        for indicator in indicatorSet.indicators {
            try sheet.writeRow([.text(indicator.id), .text(indicator.label(language)),
                                .text(pillarNames[indicator.pillar] ?? indicator.pillar), .text(indicator.formula.readable(language))],
                               row: row, style: text)
            if indicator.normalisation == .target && indicator.direction == .higher {
                try sheet.write(.number(indicator.target), row: row, column: 4, style: ratio)
            } else {
                try sheet.write(.text(ReportText.normalisation(of: indicator, language)), row: row, column: 4, style: text)
            }
            try sheet.write(.number(indicator.weight), row: row, column: 5, style: score)
            row += 1
        }
        row += 1
        try sheet.write(.text(t(ReportText.methodNote)), row: row, column: 0, style: text)
        if let choices = ReportText.methodChoices(indicatorSet) {
            row += 1
            try sheet.write(.text(t(choices)), row: row, column: 0, style: text)
        }
        row += 2
        for (label, value) in facts {
            try sheet.writeRow([.text(t(label)), .text(value)], row: row, style: text)
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
