/// The national report as a page to read and print, like a province's (`HTMLReport`): a
/// narrative, the provinces ranked by the mean DTI of their reporting communes as bars, then
/// the national Markdown's tables and method.
public struct NationalHTMLReport: Sendable {
    public var markdown: NationalMarkdownReport

    public init(markdown: NationalMarkdownReport) {
        self.markdown = markdown
    }

    var result: NationalResult { markdown.result }
    var language: Language { markdown.language }

    public func render() -> String {
        let month = result.period.name(language)
        let title = "\(ReportText.indexName(language)) — \(ReportText.national(language)) — \(month)"
        let facts = "\(ReportText.registerVersion(language)): \(markdown.registerVersion) · \(ReportText.indicatorFile(language)): \(markdown.indicatorSet.identity)"
            + (ReportText.currency(nil, madeAt: result.madeAt, language: language).map { " · " + $0 } ?? "")
        let bars = ReportCharts.bars(result.provinces.map { province in
            (label: "\(province.rank.map(String.init) ?? "–"). \(province.name)", value: province.meanDTI, muted: province.meanDTI == nil)
        }, title: ReportText.provincesSection(language), language: language)
        let caption = ReportCharts.escape(ReportText.provincesSection(language) + ", " + month)
        let charts = "<section class=\"charts\">\n<h2>\(ReportCharts.escape(language == .vi ? "Biểu đồ" : "Charts"))</h2>\n"
            + bars.map { "<figure class=\"ranking\">\($0)<figcaption>\(caption)</figcaption></figure>\n" }.joined() + "</section>\n"
        return HTMLReport.document(title: title, facts: facts, narrative: narrative(), charts: charts,
                                   markdown: markdown.render(), language: language)
    }

    func narrative() -> [String] {
        let vi = language == .vi
        let month = result.period.name(language)
        let expected = result.expectedCount, reported = result.reportingCount
        let share = ReportNumber.percent(expected == 0 ? nil : Double(reported) / Double(expected), language)
        var first = vi ? "\(month.capitalisedFirst), \(ReportNumber.grouped(reported, language))/\(ReportNumber.grouped(expected, language)) xã, phường cả nước đã báo cáo (\(share))"
                       : "In \(month), \(ReportNumber.grouped(reported, language)) of the country's \(ReportNumber.grouped(expected, language)) communes reported (\(share))"
        if let onTime = result.onTimeCount {
            first += vi ? ", trong đó \(ReportNumber.grouped(onTime, language)) đúng hạn" : ", \(ReportNumber.grouped(onTime, language)) of them on time"
        }
        var sentences = [first + "."]
        if let mean = result.meanDTI {
            sentences.append(vi ? "DTI bình quân của các xã, phường được xếp hạng đạt \(ReportNumber.score(mean, language)) điểm."
                                : "The mean DTI of the ranked communes is \(ReportNumber.score(mean, language)) points.")
        }
        let ranked = result.provinces.filter { $0.meanDTI != nil }
        if let best = ranked.first, let last = ranked.last, ranked.count > 1 {
            sentences.append(vi
                ? "Dẫn đầu là \(best.name) (\(ReportNumber.score(best.meanDTI, language)) điểm); xếp cuối là \(last.name) (\(ReportNumber.score(last.meanDTI, language)) điểm)."
                : "\(best.name) leads (\(ReportNumber.score(best.meanDTI, language)) points); \(last.name) is last (\(ReportNumber.score(last.meanDTI, language)) points).")
        }
        let silent = result.provinces.filter { $0.reporting == 0 }.count
        if silent > 0 {
            sentences.append(vi ? "\(silent) tỉnh, thành phố chưa có xã nào báo cáo." : "\(silent) provinces have no commune that reported.")
        }
        return sentences
    }
}
