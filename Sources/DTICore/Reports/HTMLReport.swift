import Ink

/// The report a provincial leader reads on a phone or prints on A4: a short narrative made
/// from the data, charts (SVG written by `ReportCharts`), then the tables and the method of
/// the Markdown report, rendered by Ink. One self-contained file: inline style and SVG, no
/// script, nothing fetched.
///
/// Printing: A4 pages, the narrative and charts first, the tables and the method each from a
/// new page, a chart never cut (each figure is kept whole and no chart holds more than 40
/// communes), table headers repeated on every page.
public struct HTMLReport: Sendable {
    public var markdown: MarkdownReport
    /// The Markdown report's text, when it was already rendered (it is then not rendered again).
    public var renderedMarkdown: String?
    /// The province's means the month before and the same month a year earlier, when known.
    public var previous: ProvinceMeans?
    public var yearAgo: ProvinceMeans?

    public init(markdown: MarkdownReport, previous: ProvinceMeans?, yearAgo: ProvinceMeans?) {
        self.markdown = markdown
        self.previous = previous
        self.yearAgo = yearAgo
    }

    var result: ProvinceResult { markdown.result }
    var language: Language { markdown.language }
    private func t(_ text: LocalizedText) -> String { text(language) }

    static let style = """
        :root { color-scheme: light; }
        body { font-family: "Noto Sans", "DejaVu Sans", system-ui, sans-serif; color: #1b1b1b; line-height: 1.45; margin: 0; }
        main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.5rem; margin: 0 0 .3rem; } h2 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; border-bottom: 2px solid #2f6f9f; padding-bottom: .15rem; }
        .meta { color: #555; font-size: .85rem; }
        .currency { font-weight: 600; margin: .2rem 0; } .provisional { color: #a40000; }
        .narrative p { font-size: 1.05rem; }
        figure { margin: 1rem 0; } figcaption { font-size: .85rem; color: #555; }
        svg { max-width: 100%; height: auto; }
        table { border-collapse: collapse; margin: .4rem 0 1rem; font-size: .9rem; }
        th, td { border: 1px solid #c8c8c8; padding: .2rem .45rem; vertical-align: top; }
        thead th { background: #dde7f0; }
        @media (max-width: 40rem) { table { display: block; overflow-x: auto; } main { padding: .5rem; } }
        @page { size: A4; margin: 14mm 12mm; }
        @media print {
          body { font-size: 10pt; } main { max-width: none; padding: 0; }
          h2 { break-after: avoid; } figure, tr { break-inside: avoid; }
          thead { display: table-header-group; }
          .tables, .method { break-before: page; }
        }
        """

    public func render() -> String {
        Self.document(
            title: "\(t(ReportText.indexName)) — \(result.provinceName) — \(result.period.name(language))",
            facts: "\(t(ReportText.registerVersion)): \(result.registerVersion) · \(t(ReportText.indicatorFile)): \(markdown.indicatorSet.identity)",
            currency: markdown.currency, provisional: ReportText.isProvisional(result.status, madeAt: markdown.madeAt),
            narrative: narrative(), charts: charts(), markdown: renderedMarkdown ?? markdown.render(), language: language)
    }

    /// The page: title, facts, narrative, charts, then the Markdown's sections after its title
    /// and facts line (rendered by Ink), the method on a page of its own.
    static func document(title: String, facts: String, currency: String? = nil, provisional: Bool = false, narrative: [String],
                         charts: String, markdown: String, language: Language) -> String {
        let t = { (text: LocalizedText) in text(language) }
        var html = """
            <!doctype html>
            <html lang="\(language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(ReportCharts.escape(title))</title>
            <style>\(style)</style>
            </head>
            <body>
            <main>
            <h1>\(ReportCharts.escape(title))</h1>
            <p class="meta">\(ReportCharts.escape(facts))</p>
            \(currency.map { "<p class=\"currency\(provisional ? " provisional" : "")\">\(ReportCharts.escape($0))</p>\n" } ?? "")<section class="narrative"><h2>\(ReportCharts.escape(language == .vi ? "Điểm chính" : "Highlights"))</h2>
            \(narrative.map { "<p>\(ReportCharts.escape($0))</p>" }.joined(separator: "\n"))
            </section>

            """
        html += charts
        // Ink gives up on a table whose cell holds inline HTML, so the `<br>` of a note with
        // line breaks crosses it as a private-use character and is put back after.
        let lineBreak = "\u{E000}"
        let source = markdown.replacingBytes(lineBreak, with: " ").replacingBytes("<br>", with: lineBreak)
        let body = MarkdownParser().html(from: source.splitBytes("\n").dropFirst(3).joined(separator: "\n"))
            .replacingBytes(lineBreak, with: "<br>")
        let methodHeading = "<h2>\(ReportCharts.escape(t(ReportText.method)))</h2>"
        let parts = body.splitBytes(methodHeading)
        html += "<section class=\"tables\">\n\(parts[0])\n</section>\n"
        if parts.count > 1 { html += "<section class=\"method\">\(methodHeading)\(parts.dropFirst().joined(separator: methodHeading))</section>\n" }
        return html + "</main>\n</body>\n</html>\n"
    }

    private func charts() -> String {
        var html = "<section class=\"charts\">\n<h2>\(ReportCharts.escape(language == .vi ? "Biểu đồ" : "Charts"))</h2>\n"
        let period = result.period.name(language)
        for (index, svg) in ReportCharts.ranking(result, language: language).enumerated() {
            let caption = (language == .vi ? "DTI của các xã, phường được xếp hạng, \(period)" : "DTI of the ranked communes, \(period)")
                + (index > 0 ? (language == .vi ? " (tiếp)" : " (continued)") : "")
            html += "<figure class=\"ranking\">\(svg)<figcaption>\(ReportCharts.escape(caption))</figcaption></figure>\n"
        }
        html += "<figure class=\"pillars\">\(ReportCharts.pillars(result, indicatorSet: markdown.indicatorSet, previous: previous, yearAgo: yearAgo, language: language))<figcaption>\(ReportCharts.escape(language == .vi ? "Điểm bình quân các trụ cột" : "Pillar means"))</figcaption></figure>\n"
        if let spread = ReportCharts.distribution(result, language: language) {
            html += "<figure class=\"distribution\">\(spread)<figcaption>\(ReportCharts.escape(language == .vi ? "Phân bố điểm DTI" : "Spread of DTI scores"))</figcaption></figure>\n"
        }
        return html + "</section>\n"
    }

    /// A few sentences saying what happened this month, made from the figures.
    /// Up to three communes by name, then how many more: “Xã A, Xã B, Xã C và 9 xã khác”.
    private func names(_ communes: [CommuneResult]) -> String {
        let shown = communes.prefix(3).map(\.unit.fullName).joined(separator: ", ")
        guard communes.count > 3 else { return shown }
        return shown + (language == .vi ? " và \(communes.count - 3) xã khác" : " and \(communes.count - 3) more")
    }

    func narrative() -> [String] {
        let vi = language == .vi
        let month = result.period.name(language)
        var sentences: [String] = []
        let reported = result.communes.count - result.imputed.count
        let expected = result.expectedCount
        var first = vi ? "\(month.capitalisedFirst), \(reported)/\(expected) xã, phường đã báo cáo (\(ReportNumber.percent(expected == 0 ? nil : Double(reported) / Double(expected), language)))"
                       : "In \(month), \(reported) of \(expected) communes reported (\(ReportNumber.percent(expected == 0 ? nil : Double(reported) / Double(expected), language)))"
        if let status = result.status { first += vi ? ", trong đó \(status.onTime) đúng hạn" : ", \(status.onTime) of them on time" }
        sentences.append(first + ".")
        if let mean = result.meanDTI {
            var sentence = vi ? "DTI bình quân của tỉnh đạt \(ReportNumber.score(mean, language)) điểm"
                              : "The province's mean DTI is \(ReportNumber.score(mean, language)) points"
            var changes: [String] = []
            for comparison in [previous, yearAgo].compactMap({ $0 }) {
                guard let before = comparison.meanDTI else { continue }
                changes.append(change(mean - before) + (vi ? " so với " : " on ") + comparison.period.name(language))
            }
            if !changes.isEmpty { sentence += ", " + changes.joined(separator: vi ? " và " : " and ") }
            sentences.append(sentence + ".")
        }
        if let best = result.ranked.first, let last = result.ranked.last, result.ranked.count > 1 {
            // Communes tied on a rank are named as tied: none of twelve at 100,00 is “the” leader.
            let leaders = result.ranked.filter { $0.rank == best.rank }, lasts = result.ranked.filter { $0.rank == last.rank }
            let top = ReportNumber.score(best.score.dti, language), bottom = ReportNumber.score(last.score.dti, language)
            if leaders.count == 1 && lasts.count == 1 {
                sentences.append(vi
                    ? "Dẫn đầu là \(best.unit.fullName) (\(top) điểm); xếp cuối là \(last.unit.fullName) (\(bottom) điểm)."
                    : "\(best.unit.fullName) leads (\(top) points); \(last.unit.fullName) is last (\(bottom) points).")
            } else {
                let lead = leaders.count == 1
                    ? (vi ? "Dẫn đầu là \(best.unit.fullName) (\(top) điểm)" : "\(best.unit.fullName) leads (\(top) points)")
                    : (vi ? "\(leaders.count) xã, phường cùng dẫn đầu với \(top) điểm: \(names(leaders))"
                          : "\(leaders.count) communes share first place with \(top) points: \(names(leaders))")
                let tail = lasts.count == 1
                    ? (vi ? "xếp cuối là \(last.unit.fullName) (\(bottom) điểm)" : "\(last.unit.fullName) is last (\(bottom) points)")
                    : (vi ? "\(lasts.count) xã, phường cùng xếp cuối với \(bottom) điểm: \(names(lasts))"
                          : "\(lasts.count) communes share last place with \(bottom) points: \(names(lasts))")
                sentences.append(lead + "; " + tail + ".")
            }
        }
        let means = zip(markdown.indicatorSet.pillars, result.pillarMeans(count: markdown.indicatorSet.pillars.count))
            .compactMap { pillar, mean in mean.map { (pillar.label(language), $0) } }
        if let high = means.max(by: { $0.1 < $1.1 }), let low = means.min(by: { $0.1 < $1.1 }), means.count > 1 {
            sentences.append(vi
                ? "Trụ cột có điểm bình quân cao nhất là \(high.0) (\(ReportNumber.score(high.1, language))), thấp nhất là \(low.0) (\(ReportNumber.score(low.1, language)))."
                : "The strongest pillar is \(high.0) (mean \(ReportNumber.score(high.1, language))), the weakest \(low.0) (\(ReportNumber.score(low.1, language))).")
        }
        if let status = result.status {
            let refused = status.refusedWaiting.count, silent = status.nothingReceived.count, late = status.late
            sentences.append(vi
                ? "\(silent) xã, phường chưa gửi gì; \(refused) xã có tệp bị từ chối đang chờ sửa; \(late) xã gửi muộn (vẫn được xếp hạng)."
                : "\(silent) communes sent nothing; \(refused) sent a refused file and have not corrected it; \(late) sent late (still ranked).")
        }
        return sentences
    }

    /// “tăng 0,61 điểm”, “down 1.20 points”, “không đổi”.
    private func change(_ delta: Double) -> String { Self.change(delta, language) }

    static func change(_ delta: Double, _ language: Language) -> String {
        let size = ReportNumber.score(abs(delta), language)
        if Rounding.halfUp(delta) == 0 { return language == .vi ? "không đổi" : "unchanged" }
        return language == .vi ? (delta > 0 ? "tăng \(size) điểm" : "giảm \(size) điểm")
                               : (delta > 0 ? "up \(size) points" : "down \(size) points")
    }
}
