import Foundation

/// The report a provincial leader reads on a phone or prints on A4.
///
/// The first page says it all (`cover`): who issues it and when, how current the figures are,
/// a few sentences made from the data, the overview with the communes in each tier, the top
/// and bottom five (ties named as ties) and who did not report, then the signature. After it:
/// the full ranking with every commune's pillar scores and tier, the map (or a tile grid) and
/// the charts, the scorecard, the lists of the Markdown report, and the method as an annex.
/// Written from the same `ReportDocument` as the Markdown report, never by parsing it.
public struct HTMLReport: Sendable {
    public var markdown: MarkdownReport
    /// The province's means the month before and the same month a year earlier, when known.
    public var previous: ProvinceMeans?
    public var yearAgo: ProvinceMeans?
    /// Who issues the report (the config's `[report]`).
    public var settings = ReportSettings()
    /// The department's map of its communes, when it has one (`[map] geojson`).
    public var map: ReportMap?
    /// How many communes the first page's top and bottom show (more when ties run over).
    public var standingsSize = 5

    public init(markdown: MarkdownReport, previous: ProvinceMeans?, yearAgo: ProvinceMeans?) {
        self.markdown = markdown
        self.previous = previous
        self.yearAgo = yearAgo
    }

    var result: ProvinceResult { markdown.result }
    var language: Language { markdown.language }
    var indicatorSet: IndicatorSet { markdown.indicatorSet }
    private func t(_ text: LocalizedText) -> String { text(language) }
    private var vi: Bool { language == .vi }

    public func render() -> String {
        let title = "\(t(ReportText.indexName)) — \(result.provinceName) — \(result.period.name(language))"
        var body = "<section class=\"cover\">\n" + HTMLPage.letterhead(settings, date: issuedAt, language: language)
        body += "<h1>\(ReportCharts.escape(title))</h1>\n"
        if let currency = markdown.currency {
            let provisional = ReportText.isProvisional(result.status, madeAt: markdown.madeAt)
            body += "<p class=\"currency\(provisional ? " provisional" : "")\">\(ReportCharts.escape(currency))</p>\n"
        }
        body += "<div class=\"narrative\">\n" + narrative().map { "<p>\(ReportCharts.escape($0))</p>\n" }.joined() + "</div>\n"
        // The overview and the top and bottom side by side (one under the other on a phone).
        var overview = ReportDocument()
        overview.heading(t(ReportText.summary))
        overview.table(markdown.overview())
        if let moves = markdown.tierMoves() { overview.paragraph(moves) }
        body += "<div class=\"panels\">\n<div>\n" + overview.html() + "</div>\n"
        if !result.ranked.isEmpty {
            body += "<div>\n<h2>\(ReportCharts.escape(vi ? "Dẫn đầu và cuối bảng" : "Top and bottom"))</h2>\n" + ReportDocument.html(standings()) + "</div>\n"
        }
        body += "</div>\n"
        if let absent = absentees() { body += "<p class=\"absent\">\(ReportCharts.escape(absent))</p>\n" }
        body += HTMLPage.signature(settings) + "</section>\n"

        if !result.ranked.isEmpty {
            body += "<section class=\"full-ranking\"><h2>\(ReportCharts.escape(vi ? "Bảng xếp hạng" : "Ranking"))</h2>\n"
                + ReportDocument.html(markdown.rankingTable(result.ranked)) + "</section>\n"
        }
        body += charts()
        body += scorecard()
        body += "<section class=\"details\">\n" + markdown.details().html() + "</section>\n"
        body += "<section class=\"annex method\">\n" + annex().html() + "</section>\n"
        return HTMLPage.page(title: title, language: language, body: body)
    }

    /// The date the report is issued: when the month was closed, else when it was made.
    private var issuedAt: Date? { result.status?.closing?.at ?? markdown.madeAt }

    // MARK: The first page

    /// The top and bottom of the ranking by rank, ties kept together: ranks are taken from the
    /// top until `standingsSize` communes are shown, likewise from the bottom (never the same
    /// commune twice). A rank shared by many communes is one row: “12 xã, phường cùng hạng 1”.
    func standings() -> ReportDocument.Table {
        var groups: [[CommuneResult]] = []
        for commune in result.ranked {
            if let last = groups.last?.last, last.rank == commune.rank { groups[groups.count - 1].append(commune) } else { groups.append([commune]) }
        }
        var top = 0, shown = 0
        while top < groups.count && shown < standingsSize { shown += groups[top].count; top += 1 }
        var bottom = groups.count, shownBottom = 0
        while bottom > top && shownBottom < standingsSize { bottom -= 1; shownBottom += groups[bottom].count }
        var columns: [ReportDocument.Column] = [.number(t(ReportText.rank)), .text(t(ReportText.commune)), .number(t(ReportText.dti))]
        if !indicatorSet.tiers.isEmpty { columns.append(.text(t(ReportText.tier))) }
        var table = ReportDocument.Table(columns, role: "standings")
        func add(_ group: [CommuneResult]) {
            let first = group[0]
            let rank = first.rank.map(String.init) ?? "–"
            let names = group.count == 1 ? first.unit.fullName
                : (vi ? "\(group.count) xã, phường cùng hạng \(rank): " : "\(group.count) communes share rank \(rank): ") + names(group)
            var row: [ReportDocument.Cell] = [ReportDocument.Cell(rank), ReportDocument.Cell(names), ReportDocument.Cell(ReportNumber.score(first.score.dti, language))]
            if !indicatorSet.tiers.isEmpty {
                let tier = indicatorSet.tier(of: first.score.dti)
                row.append(ReportDocument.Cell(tier.map { $0.label(language) } ?? "–", colour: tier.map { ReportCharts.tint($0.colour) }))
            }
            table.rows.append(row)
        }
        groups[..<top].forEach(add)
        if bottom < groups.count {
            if bottom > top { table.rows.append(["…", "", ""] + (indicatorSet.tiers.isEmpty ? [] : [""])) }
            groups[bottom...].forEach(add)
        }
        return table
    }

    /// Up to `shown` communes by name, then how many more: “Xã A, Xã B, Xã C và 9 xã khác”.
    private func names(_ communes: [CommuneResult], shown: Int = 3) -> String {
        Self.list(communes.map(\.unit.fullName), shown: shown, language: language)
    }

    static func list(_ names: [String], shown: Int, language: Language) -> String {
        let head = names.prefix(shown).joined(separator: ", ")
        guard names.count > shown else { return head }
        return head + (language == .vi ? " và \(names.count - shown) xã khác" : " and \(names.count - shown) more")
    }

    /// Who has not reported, in one sentence with their names (the lists follow later);
    /// nil when every commune did. A zero is never stated.
    func absentees() -> String? {
        guard let status = result.status else {
            guard !result.missing.isEmpty else { return nil }
            return (vi ? "Chưa báo cáo (\(result.missing.count)): " : "Did not report (\(result.missing.count)): ")
                + Self.list(result.missing.map(\.fullName), shown: 10, language: language) + "."
        }
        var parts: [String] = []
        let silent = status.nothingReceived, refused = status.refusedWaiting, returned = status.returned
        if !silent.isEmpty {
            parts.append((vi ? "Chưa gửi (\(silent.count)): " : "Sent nothing (\(silent.count)): ")
                + Self.list(silent.map(\.unit.fullName), shown: 10, language: language))
        }
        if !refused.isEmpty {
            parts.append((vi ? "tệp bị từ chối, chờ sửa (\(refused.count)): " : "refused, awaiting a correction (\(refused.count)): ")
                + Self.list(refused.map(\.unit.fullName), shown: 10, language: language))
        }
        if !returned.isEmpty {
            parts.append((vi ? "bị trả lại số liệu (\(returned.count)): " : "figures returned (\(returned.count)): ")
                + Self.list(returned.map(\.unit.fullName), shown: 10, language: language))
        }
        guard !parts.isEmpty else { return nil }
        return parts.joined(separator: "; ").capitalisedFirst + "."
    }

    /// A few sentences saying what happened this month, made from the figures.
    func narrative() -> [String] {
        let month = result.period.name(language)
        var sentences: [String] = []
        let reported = result.communes.count - result.imputed.count
        let expected = result.expectedCount
        let share = ReportNumber.percent(expected == 0 ? nil : Double(reported) / Double(expected), language)
        var first = vi ? "\(month.capitalisedFirst), \(reported)/\(expected) xã, phường đã báo cáo (\(share))"
                       : "In \(month), \(reported) of \(expected) communes reported (\(share))"
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
        let means = zip(indicatorSet.pillars, result.pillarMeans(count: indicatorSet.pillars.count))
            .compactMap { pillar, mean in mean.map { (pillar.label(language), $0) } }
        if let high = means.max(by: { $0.1 < $1.1 }), let low = means.min(by: { $0.1 < $1.1 }), means.count > 1 {
            sentences.append(vi
                ? "Trụ cột có điểm bình quân cao nhất là \(high.0) (\(ReportNumber.score(high.1, language))), thấp nhất là \(low.0) (\(ReportNumber.score(low.1, language)))."
                : "The strongest pillar is \(high.0) (mean \(ReportNumber.score(high.1, language))), the weakest \(low.0) (\(ReportNumber.score(low.1, language))).")
        }
        if let status = result.status {
            // Only what happened: no “0 xã gửi muộn”.
            var parts: [String] = []
            let silent = status.nothingReceived.count, refused = status.refusedWaiting.count, late = status.late
            if silent > 0 { parts.append(vi ? "\(silent) xã, phường chưa gửi gì" : "\(silent) communes sent nothing") }
            if refused > 0 { parts.append(vi ? "\(refused) xã có tệp bị từ chối đang chờ sửa" : "\(refused) sent a refused file and have not corrected it") }
            if late > 0 { parts.append(vi ? "\(late) xã gửi muộn (vẫn được xếp hạng)" : "\(late) sent late (still ranked)") }
            if !parts.isEmpty { sentences.append(parts.joined(separator: "; ").capitalisedFirst + ".") }
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

    // MARK: After the first page

    /// The ranking as bars (a chart a printed page), then side by side the map or tile grid,
    /// the pillar means and the spread of scores.
    private func charts() -> String {
        var html = "<section class=\"charts\">\n<h2>\(ReportCharts.escape(vi ? "Biểu đồ và bản đồ" : "Charts and map"))</h2>\n"
        let period = result.period.name(language)
        for (index, svg) in ReportCharts.ranking(result, language: language).enumerated() {
            let caption = (vi ? "DTI của các xã, phường được xếp hạng, \(period)" : "DTI of the ranked communes, \(period)")
                + (index > 0 ? (vi ? " (tiếp)" : " (continued)") : "")
            html += HTMLPage.figure("ranking", svg, caption: caption)
        }
        html += "<div class=\"panels\">\n"
        if !indicatorSet.tiers.isEmpty {
            html += "<div>" + ReportMapDrawing(result: result, indicatorSet: indicatorSet, map: map, language: language).html() + "</div>\n"
        }
        html += "<div>" + HTMLPage.figure("pillars", ReportCharts.pillars(result, indicatorSet: indicatorSet, previous: previous, yearAgo: yearAgo, language: language),
                                          caption: vi ? "Điểm bình quân các trụ cột" : "Pillar means")
        if let spread = ReportCharts.distribution(result, language: language) {
            html += HTMLPage.figure("distribution", spread, caption: vi ? "Phân bố điểm DTI" : "Spread of DTI scores")
        }
        return html + "</div>\n</div>\n</section>\n"
    }

    /// Communes × indicators: each value coloured met / near / missed against the indicator's
    /// full marks (`Scorecard`), the communes in rank order.
    private func scorecard() -> String {
        guard !result.ranked.isEmpty else { return "" }
        let card = ScorecardTable(result: result, indicatorSet: indicatorSet, language: language)
        var html = "<section class=\"scorecard\"><h2>\(ReportCharts.escape(ScorecardTable.title(language)))</h2>\n"
        html += "<p class=\"legend\">" + Scorecard.Judgement.allCases.map { judgement in
            "<span class=\"\(judgement.rawValue)\" style=\"background:\(ScorecardTable.colour(judgement))\">\(ReportCharts.escape(ScorecardTable.label(judgement, card.near, language)))</span>"
        }.joined(separator: " ") + "</p>\n"
        return html + ReportDocument.html(card.table()) + "</section>\n"
    }

    /// The method, then what made the report: the register and the indicator file with its SHA-256.
    private func annex() -> ReportDocument {
        var document = markdown.method()
        if case .heading(let text) = document.blocks.first {
            document.blocks[0] = .heading((vi ? "Phụ lục — " : "Annex — ") + text)
        }
        document.paragraph("\(t(ReportText.registerVersion)): \(result.registerVersion) · \(t(ReportText.indicatorFile)): \(indicatorSet.provenance)")
        return document
    }
}
