import Foundation

/// The trend view of one commune: a workbook with a table and a line chart, a Markdown report,
/// and the same chart as SVG for the Markdown to show.
public struct TrendReport: Sendable {
    public var trend: CommuneTrend
    public var indicatorSet: IndicatorSet
    public var language: Language

    public init(trend: CommuneTrend, indicatorSet: IndicatorSet, language: Language) {
        self.trend = trend
        self.indicatorSet = indicatorSet
        self.language = language
    }

    private var vi: Bool { language == .vi }

    var title: String {
        let last = trend.points.last.map { $0.period.name(language) } ?? ""
        let first = trend.points.first.map { $0.period.name(language) } ?? ""
        return (vi ? "Diễn biến DTI" : "DTI trend") + " — \(trend.unit.communeType) \(trend.unit.communeName) (\(trend.unit.communeCode)), \(trend.unit.provinceName) — \(first) – \(last)"
    }

    /// The series drawn: the DTI, then each pillar.
    var seriesNames: [String] { ["DTI"] + indicatorSet.pillars.map { $0.label(language) } }

    func values(_ point: CommuneTrend.Point) -> [Double?] {
        // A pillar is drawn only where the DTI is (an unranked month is a gap in every line).
        [point.dti] + point.pillars.map { point.dti == nil ? nil : $0 }
    }

    // MARK: Markdown

    public func markdown(svgName: String) -> String {
        var lines = ["# \(title)", "", "![\(vi ? "Biểu đồ diễn biến" : "Trend chart")](\(svgName))", ""]
        let tiers = !indicatorSet.tiers.isEmpty
        let headers = [vi ? "Kỳ" : "Period", vi ? "Hạng trong tỉnh" : "Rank in province"] + seriesNames
            + (tiers ? [ReportText.tier(language)] : [])
        lines.append("| " + headers.map(MarkdownReport.escapeCell).joined(separator: " | ") + " |")
        lines.append("|---|" + String(repeating: "---:|", count: headers.count - 1 - (tiers ? 1 : 0)) + (tiers ? "---|" : ""))
        for point in trend.points {
            let period = point.period.description + (point.imputedFrom.map { " † \($0)" } ?? "")
                + (point.approximate.map { " ≈ \($0.predecessorsSummed)/\($0.predecessors)" } ?? "")
            let rank = point.rank.map { rank in point.rankedCount.map { "\(rank)/\($0)" } ?? String(rank) } ?? "–"
            lines.append("| " + ([period, rank]
                + values(point).map { ReportNumber.score($0, language) }
                + (tiers ? [tier(point).map { MarkdownReport.escapeCell($0) } ?? "–"] : [])).joined(separator: " | ") + " |")
        }
        lines.append("")
        if trend.points.contains(where: { $0.imputedFrom != nil }) {
            lines += [ReportText.imputedNote(months: indicatorSet.carryForwardMonths)(language), ""]
        }
        if trend.points.contains(where: \.acrossReform) {
            lines += [ReportText.reformNote(language), ""]
        }
        lines.append(vi ? "“–”: xã không được xếp hạng trong kỳ (không gửi số liệu hoặc không chỉ số nào áp dụng)."
                        : "“–”: the commune was not ranked in the period (no report, or no indicator applied).")
        lines.append("")
        return lines.joined(separator: "\n")
    }

    /// The tier of a ranked point, in the report's language.
    func tier(_ point: CommuneTrend.Point) -> String? {
        point.rank == nil ? nil : indicatorSet.tier(of: point.dti)?.label(language)
    }

    // MARK: SVG

    static let colours = ["#1f4e79", "#c55a11", "#548235", "#7030a0", "#bf9000", "#2e75b6"]

    /// A self-contained SVG line chart, 0–100, one line per series; gaps where not ranked.
    public func svg() -> String {
        let width = 720.0, height = 360.0, left = 48.0, right = 32.0, top = 40.0, bottom = 84.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let count = max(1, trend.points.count - 1)
        func x(_ index: Int) -> String { format(left + plotWidth * Double(index) / Double(count)) }
        func y(_ value: Double) -> String { format(top + plotHeight * (1 - min(100, max(0, value)) / 100)) }
        var svg = [##"<svg xmlns="http://www.w3.org/2000/svg" width="720" height="360" viewBox="0 0 720 360" font-family="sans-serif" font-size="12">"##,
                   ##"<rect width="720" height="360" fill="#ffffff"/>"##,
                   ##"<text x="360" y="22" text-anchor="middle" font-size="14" font-weight="bold">\##(escape(title))</text>"##]
        for tick in stride(from: 0, through: 100, by: 20) {
            let at = y(Double(tick))
            svg.append(##"<line x1="\##(format(left))" y1="\##(at)" x2="\##(format(width - right))" y2="\##(at)" stroke="#d9d9d9"/>"##)
            svg.append(##"<text x="\##(format(left - 6))" y="\##(at)" text-anchor="end" dominant-baseline="middle">\##(tick)</text>"##)
        }
        for (index, point) in trend.points.enumerated() {
            svg.append(##"<text x="\##(x(index))" y="\##(format(top + plotHeight + 16))" text-anchor="middle" font-size="10">\##(point.period)</text>"##)
        }
        // The reform: a dashed line between the last period in old units and the first in new ones.
        if let reform = trend.reformIndex {
            let at = format(left + plotWidth * (Double(reform) - 0.5) / Double(count))
            svg.append(##"<line x1="\##(at)" y1="\##(format(top))" x2="\##(at)" y2="\##(format(top + plotHeight))" stroke="#7f7f7f" stroke-dasharray="4 3" class="reform"/>"##)
            svg.append(##"<text x="\##(at)" y="\##(format(top - 6))" text-anchor="middle" font-size="10">\##(vi ? "Sắp xếp 7/2025" : "Reform 7/2025")</text>"##)
        }
        for (series, name) in seriesNames.enumerated() {
            let colour = Self.colours[series % Self.colours.count]
            let strokeWidth = series == 0 ? "3" : "1.5"
            var run: [String] = []
            func flush() {
                if run.count > 1 {
                    svg.append(##"<polyline fill="none" stroke="\##(colour)" stroke-width="\##(strokeWidth)" points="\##(run.joined(separator: " "))"/>"##)
                }
                run = []
            }
            for (index, point) in trend.points.enumerated() {
                guard let value = values(point)[series] else {
                    flush()
                    continue
                }
                run.append("\(x(index)),\(y(value))")
                // An approximate value (some predecessors only) is drawn hollow.
                let fill = point.approximate == nil ? colour : "#ffffff"
                svg.append(##"<circle cx="\##(x(index))" cy="\##(y(value))" r="\##(series == 0 ? "3.5" : "2.5")" fill="\##(fill)" stroke="\##(colour)"/>"##)
            }
            flush()
            let legendX = format(left + Double(series) * plotWidth / Double(seriesNames.count))
            let legendY = format(height - 24)
            svg.append(##"<rect x="\##(legendX)" y="\##(format(height - 32))" width="12" height="12" fill="\##(colour)"/>"##)
            svg.append(##"<text x="\##(format(left + Double(series) * plotWidth / Double(seriesNames.count) + 16))" y="\##(legendY)" dominant-baseline="middle">\##(escape(name))</text>"##)
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n") + "\n"
    }

    private func format(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    private func escape(_ text: String) -> String { ReportCharts.escape(text) }

    // MARK: Workbook

    public func write(to path: String) throws {
        let end = trend.points.last?.period ?? Span(Period("2000-01")!)
        let workbook = try XLSXWorkbook(path: path, createdAt: end.endOfMonthTimestamp, title: title)
        let sheetName = vi ? "Diễn biến" : "Trend"
        let sheet = try workbook.addSheet(sheetName)
        try sheet.printOnA4(landscape: true, repeatRows: SheetLayout.firstDataRow, footer: "\(title) — \(sheetName)")
        var columns: [SheetColumn<CommuneTrend.Point>] = [
            .text(vi ? "Kỳ" : "Period", width: 10) { $0.period.description },
            .integer(vi ? "Hạng trong tỉnh" : "Rank in province", width: 10) { $0.rank },
        ]
        columns += seriesNames.indices.map { index in
            .number(seriesNames[index], width: 14, WorkbookReport.score) { values($0)[index] }
        }
        if !indicatorSet.tiers.isEmpty {
            columns.append(.text(ReportText.tier(language), width: 12) { tier($0) })
        }
        columns.append(.text(vi ? "Ước tính từ kỳ" : "Imputed from", width: 12) { $0.imputedFrom?.description })
        columns.append(.text(vi ? "Gần đúng (xã cũ đã cộng)" : "Approximate (predecessors summed)", width: 14) { point in
            point.approximate.map { "\($0.predecessorsSummed)/\($0.predecessors)" }
        })
        let lastRow = try SheetTable(title: title, source: nil, columns: columns).write(trend.points, to: sheet)
        try sheet.insertLineChart(
            title: title, valueAxis: vi ? "Điểm" : "Score", categoriesColumn: 0,
            valueColumns: Array(2..<(2 + seriesNames.count)), firstRow: SheetLayout.firstDataRow, lastRow: lastRow,
            minimum: 0, maximum: 100, at: lastRow + 2, column: 0)
        try workbook.close()
    }
}
