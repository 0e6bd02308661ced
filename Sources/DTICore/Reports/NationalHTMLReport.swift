/// The national report as a page to read and print, like a province's (`HTMLReport`): a
/// first page with the narrative and the national tables, the provinces ranked by the mean DTI
/// of their reporting communes as bars, and the method as an annex.
public struct NationalHTMLReport: Sendable {
    public var markdown: NationalMarkdownReport
    /// Who issues the report (the config's `[report]`).
    public var settings = ReportSettings()

    public init(markdown: NationalMarkdownReport) {
        self.markdown = markdown
    }

    var result: NationalResult { markdown.result }
    var language: Language { markdown.language }

    public func render() -> String {
        let month = result.period.name(language)
        let title = "\(ReportText.indexName(language)) — \(ReportText.national(language)) — \(month)"
        // The country's tables run long: they follow the narrative rather than fill a first page.
        var body = "<section class=\"opening\">\n" + HTMLPage.letterhead(settings, date: result.madeAt, language: language)
            + "<h1>\(ReportCharts.escape(title))</h1>\n"
        if let currency = markdown.currency { body += "<p class=\"currency\">\(ReportCharts.escape(currency))</p>\n" }
        body += "<div class=\"narrative\">\n" + narrative().map { "<p>\(ReportCharts.escape($0))</p>\n" }.joined() + "</div>\n"
        var document = markdown.document()
        // The method goes to the annex; the rest follows the narrative.
        let method = document.blocks.firstIndex { if case .heading(ReportText.method(language)) = $0 { true } else { false } } ?? document.blocks.endIndex
        let annex = ReportDocument(blocks: Array(document.blocks[method...]))
        document.blocks.removeSubrange(method...)
        body += document.html() + HTMLPage.signature(settings) + "</section>\n"
        let bars = ReportCharts.bars(result.provinces.map { province in
            (label: "\(province.rank.map(String.init) ?? "–"). \(province.name)", value: province.meanDTI, muted: province.meanDTI == nil)
        }, title: ReportText.provincesSection(language), language: language)
        body += "<section class=\"charts\">\n<h2>\(ReportCharts.escape(language == .vi ? "Biểu đồ" : "Charts"))</h2>\n"
            + bars.map { HTMLPage.figure("ranking", $0, caption: ReportText.provincesSection(language) + ", " + month) }.joined() + "</section>\n"
        body += "<section class=\"annex method\">\n" + annex.html()
            + "<p>\(ReportCharts.escape("\(ReportText.registerVersion(language)): \(markdown.registerVersion) · \(ReportText.indicatorFile(language)): \(markdown.indicatorSet.provenance)"))</p>\n</section>\n"
        return HTMLPage.page(title: title, language: language, body: body)
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
