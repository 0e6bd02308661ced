/// The robustness report of one province and period (`dti sensitivity`): each commune's rank
/// under the indicator file, its median rank and 5–95 % interval over random scenarios, a
/// flag where the interval is wide, and the rank change when each indicator is dropped.
/// Written as a workbook (with an interval chart) and as Markdown.
public struct SensitivityReport: Sendable {
    public var result: Sensitivity.Result
    public var language: Language

    public init(result: Sensitivity.Result, language: Language) {
        self.result = result
        self.language = language
    }

    private func t(_ text: LocalizedText) -> String { text(language) }

    private var vi: Bool { language == .vi }

    var title: String {
        (vi ? "Độ vững của xếp hạng DTI" : "Robustness of the DTI ranking") + " — \(result.provinceName) — \(result.period.name(language))"
    }

    /// What the workbook was made from, under its title.
    private var source: String {
        vi ? "\(result.settings.runs) kịch bản ngẫu nhiên, hạt giống \(result.settings.seed)"
            : "\(result.settings.runs) random scenarios, seed \(result.settings.seed)"
    }

    /// What was varied, in one sentence.
    var settingsSentence: String {
        let settings = result.settings
        let spread = ReportNumber.percent(settings.weightSpread, language)
        let normalisation = settings.varyNormalisation
            ? (vi ? " và cách chuẩn hoá (theo tệp, min–max hoặc z-score)" : " and the normalisation (as in the file, min–max or z-score)")
            : ""
        return vi
            ? "\(settings.runs) kịch bản ngẫu nhiên (hạt giống \(settings.seed)): mỗi trọng số nhân với hệ số ngẫu nhiên đều trong khoảng 1 ± \(spread)\(normalisation). Khoảng 5–95 % là hạng thứ 5 và thứ 95 phần trăm. Xếp hạng được coi là vững khi khoảng này không rộng quá \(result.robustWidth) bậc (một phần mười số xã được xếp hạng, tối thiểu 2)."
            : "\(settings.runs) random scenarios (seed \(settings.seed)): each weight multiplied by a factor drawn uniformly from 1 ± \(spread)\(normalisation). The 5–95 % interval is the 5th and 95th percentile rank. A rank is called robust when this interval spans at most \(result.robustWidth) places (a tenth of the ranked communes, at least 2)."
    }

    var headers: [String] {
        [t(ReportText.rank), t(ReportText.communeCode), t(ReportText.commune), t(ReportText.dti),
         vi ? "Hạng trung vị" : "Median rank", vi ? "Hạng 5 %" : "Rank 5 %", vi ? "Hạng 95 %" : "Rank 95 %",
         vi ? "Vững" : "Robust"]
            + (tiered ? [vi ? "Đổi loại (% kịch bản)" : "Tier changes (% of scenarios)"] : [])
            + result.indicators.map { (vi ? "Bỏ " : "Without ") + $0.label(language) }
    }

    private var tiered: Bool { result.communes.first?.tierChangeShare != nil }

    /// How many communes change tier: in at least one scenario in twenty, and when each
    /// indicator is dropped. Nil without tiers.
    var tierSentence: String? {
        guard tiered else { return nil }
        let often = result.communes.count { ($0.tierChangeShare ?? 0) >= 0.05 }
        let dropped = zip(result.indicators, result.tierChangesWithout).map { "\($0.label(language)): \($1)" }.joined(separator: "; ")
        return vi
            ? "\(often) trong \(result.communes.count) xã đổi xếp loại trong ít nhất 5 % số kịch bản. Số xã đổi xếp loại khi bỏ từng chỉ số — \(dropped)."
            : "\(often) of \(result.communes.count) communes change tier in at least 5 % of the scenarios. Communes changing tier when each indicator is dropped — \(dropped)."
    }

    func robustText(_ commune: Sensitivity.Commune) -> String {
        commune.isRobust ? (vi ? "có" : "yes") : (vi ? "KHÔNG" : "NO")
    }

    // MARK: Markdown

    public func markdown() -> String {
        let fragile = result.communes.filter { !$0.isRobust }
        var lines = ["# \(title)", "", settingsSentence, ""]
        lines.append(vi
            ? "**\(fragile.count) trong \(result.communes.count) xã** có xếp hạng không vững."
            : "**\(fragile.count) of \(result.communes.count) communes** have a rank that is not robust.")
        lines.append("")
        if let tierSentence { lines += [tierSentence, ""] }
        lines.append("| " + headers.map(MarkdownReport.escapeCell).joined(separator: " | ") + " |")
        lines.append("|" + headers.indices.map { $0 == 2 ? "---|" : "---:|" }.joined())
        for commune in result.communes {
            let cells = [String(commune.rank), commune.unit.communeCode, MarkdownReport.escapeCell(commune.unit.fullName),
                         ReportNumber.score(commune.dti, language), ReportNumber.plain(commune.medianRank, language),
                         String(commune.lowRank), String(commune.highRank), robustText(commune)]
                + (commune.tierChangeShare.map { [ReportNumber.percent($0, language)] } ?? [])
                + commune.rankChangeWithout.map { ReportNumber.signed($0) }
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        lines.append("")
        lines.append(vi
            ? "Cột “Bỏ …”: số bậc xã tăng (+) hoặc giảm (−) khi bỏ chỉ số đó và giữ nguyên trọng số các chỉ số còn lại."
            : "“Without …” columns: places the commune gains (+) or loses (−) when that indicator is dropped and the other weights kept.")
        lines.append("")
        return lines.joined(separator: "\n")
    }

    // MARK: Workbook

    public func write(to path: String) throws {
        let workbook = try XLSXWorkbook(path: path, createdAt: result.period.endOfMonthTimestamp, title: title)
        let sheetName = vi ? "Độ vững" : "Sensitivity"
        let sheet = try workbook.addSheet(sheetName)
        try sheet.printOnA4(landscape: true, repeatRows: SheetLayout.firstDataRow, footer: "\(title) — \(sheetName)")
        let names = headers
        var columns: [SheetColumn<Sensitivity.Commune>] = [
            .integer(names[0], width: 7) { $0.rank },
            .text(names[1], width: 12) { $0.unit.communeCode },
            .text(names[2], width: 24) { $0.unit.fullName },
            .number(names[3], width: 9, WorkbookReport.score) { $0.dti },
            .number(names[4], width: 10) { $0.medianRank },
            .integer(names[5], width: 9) { $0.lowRank },
            .integer(names[6], width: 9) { $0.highRank },
            .text(names[7], width: 8) { robustText($0) },
        ]
        if tiered { columns.append(.number(names[8], width: 10, WorkbookReport.ratio) { $0.tierChangeShare }) }
        let first = columns.count
        columns += result.indicators.indices.map { index in
            .integer(names[first + index], width: 12, WorkbookReport.signedInteger) { $0.rankChangeWithout[index] }
        }
        let lastRow = try SheetTable(title: title, source: source, columns: columns).write(result.communes, to: sheet)
        let below = lastRow + 2
        try SheetLayout.writeParagraph(settingsSentence, row: below, columns: columns.count, width: columns.reduce(0) { $0 + $1.width }, to: sheet)
        if let tierSentence {
            try SheetLayout.writeParagraph(tierSentence, row: below + 1, columns: columns.count, width: columns.reduce(0) { $0 + $1.width }, to: sheet)
        }
        try sheet.insertIntervalChart(
            title: vi ? "Hạng: khoảng 5–95 % và trung vị" : "Rank: 5–95 % interval and median",
            valueAxis: t(ReportText.rank), categoriesColumn: 2, lowColumn: 5, middleColumn: 4, highColumn: 6,
            firstRow: SheetLayout.firstDataRow, lastRow: lastRow, at: below + 3, column: 0)
        try workbook.close()
    }
}
