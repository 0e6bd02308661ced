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
        (vi ? "Độ vững của xếp hạng DTI" : "Robustness of the DTI ranking") + " — \(result.provinceName) — \(result.period)"
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
            + result.indicators.map { (vi ? "Bỏ " : "Without ") + $0.label(language) }
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
        lines.append("| " + headers.map(MarkdownReport.escapeCell).joined(separator: " | ") + " |")
        lines.append("|" + headers.indices.map { $0 == 2 ? "---|" : "---:|" }.joined())
        for commune in result.communes {
            let cells = [String(commune.rank), commune.unit.communeCode, MarkdownReport.escapeCell(commune.unit.fullName),
                         ReportNumber.score(commune.dti, language), ReportNumber.plain(commune.medianRank, language),
                         String(commune.lowRank), String(commune.highRank), robustText(commune)]
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
        let sheet = try workbook.addSheet("Sensitivity")
        let widths = [7.0, 12, 24, 9, 10, 9, 9, 8] + result.indicators.map { _ in 12.0 }
        try WorkbookReport.start(sheet, headers: headers, widths: widths, rows: result.communes.count)
        for (index, commune) in result.communes.enumerated() {
            let row = index + 1
            try sheet.write(.number(Double(commune.rank)), row: row, column: 0)
            try sheet.write(.text(commune.unit.communeCode), row: row, column: 1, style: WorkbookReport.text)
            try sheet.write(.text(commune.unit.fullName), row: row, column: 2, style: WorkbookReport.text)
            try sheet.write(.number(commune.dti), row: row, column: 3, style: WorkbookReport.score)
            try sheet.write(.number(commune.medianRank), row: row, column: 4)
            try sheet.write(.number(Double(commune.lowRank)), row: row, column: 5)
            try sheet.write(.number(Double(commune.highRank)), row: row, column: 6)
            try sheet.write(.text(robustText(commune)), row: row, column: 7, style: WorkbookReport.text)
            for (offset, change) in commune.rankChangeWithout.enumerated() {
                try sheet.write(change.map { .number(Double($0)) } ?? .blank, row: row, column: 8 + offset,
                                style: WorkbookReport.signedInteger)
            }
        }
        let below = result.communes.count + 2
        try sheet.write(.text(settingsSentence), row: below, column: 0, style: WorkbookReport.text)
        try sheet.insertIntervalChart(
            title: vi ? "Hạng: khoảng 5–95 % và trung vị" : "Rank: 5–95 % interval and median",
            valueAxis: t(ReportText.rank), categoriesColumn: 2, lowColumn: 5, middleColumn: 4, highColumn: 6,
            firstRow: 1, lastRow: result.communes.count, at: below + 2, column: 0)
        try workbook.close()
    }
}
