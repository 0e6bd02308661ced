import DTICore
import DTITestSupport
import Foundation
import Testing

@testable import DTICore

/// The pieces of the leader's page, against cases worked out by hand: the top and bottom with
/// ties kept together, the scorecard's judgements and the bounds its workbook sheet colours
/// by, and the department's map read from GeoJSON.
struct LeaderPageTests {
    static func result(fibres: [String: Int]) -> ProvinceResult {
        let submissions = Dictionary(uniqueKeysWithValues: fibres.map { code, fibre in
            (code, StoredSubmission(communeCode: code, period: Period("2026-10")!, revision: 1, figures: NarrativeTiesTests.figures(fibre),
                                    fileName: "f.csv", fileSHA256: "", line: 2))
        })
        return ProvinceResult.rank(period: Span(Period("2026-10")!), register: TestData.register, provinceCode: "12",
                                   submissions: submissions, indicatorSet: TestData.defaultSet)
    }

    static func page(_ result: ProvinceResult) -> HTMLReport {
        HTMLReport(markdown: MarkdownReport(result: result, indicatorSet: TestData.defaultSet, warnings: [], language: .vi),
                   previous: nil, yearAgo: nil)
    }

    @Test func aRankSharedByManyIsOneRowAndTheBottomNeverRepeatsTheTop() {
        // Đoàn Kết and Bình Lư tie at rank 1, Sin Suối Hồ is 3rd, Hòa Bình 4th.
        var page = Self.page(Self.result(fibres: ["03388": 1800, "03390": 1800, "03394": 1000, "03405": 900]))
        page.standingsSize = 1
        let rows = page.standings().rows.map { $0.map(\.text) }
        #expect(rows.count == 3, "\(rows)")
        #expect(rows[0].prefix(2) == ["1", "2 xã, phường cùng hạng 1: Xã Đoàn Kết, Xã Bình Lư"])
        #expect(rows[1][0] == "…")
        #expect(rows[2].prefix(2) == ["4", "Xã Hòa Bình"])
        // Five asked of four communes: everyone once, no gap.
        page.standingsSize = 5
        #expect(page.standings().rows.map { $0[0].text } == ["1", "3", "4"])
    }

    @Test func aFirstPlaceSharedByMoreThanTheTableHoldsIsSaidInTheNationalReport() {
        let result = Self.result(fibres: ["03388": 1800, "03390": 1800, "03394": 1000])
        var report = NationalMarkdownReport(result: NationalResult(period: result.period, provinces: [result], pillarCount: 3),
                                            indicatorSet: TestData.defaultSet, language: .vi, registerVersion: "2025-07")
        report.tableSize = 1
        let text = report.render()
        let sentence = text.split(separator: "\n").first { $0.hasPrefix("2 xã, phường cùng hạng 1 toàn quốc với ") }
        #expect(sentence?.hasSuffix(" điểm; bảng liệt kê 1 xã đầu tiên theo mã.") == true, "\(text)")
        report.tableSize = 10
        #expect(report.render().contains(" điểm.\n"), "two tied, both in the table: no word of a cut")
    }

    @Test func whoDidNotReportIsNamedAndAZeroIsNeverStated() {
        let page = Self.page(Self.result(fibres: ["03388": 1800, "03390": 1800, "03394": 1000]))
        #expect(page.absentees() == "Chưa báo cáo (1): Xã Hòa Bình.")
        let everyone = Self.page(Self.result(fibres: ["03388": 1800, "03390": 1800, "03394": 1000, "03405": 900]))
        #expect(everyone.absentees() == nil)
    }

    @Test func theScorecardJudgesEachIndicatorAgainstFullMarks() {
        // The test figures: villages 12, with 3G/4G 12, fibre 9; households 2400, fibre 1800;
        // adults 5000, smartphones 3000; services 200, partly online 10, end to end 120; dossiers
        // 300, online 100.
        // Worked by hand against the default targets (1, 1, 0.8, 0.8, 0.8, 0.5) and near = 0.8:
        // 12/12 = 1 → met; 9/12 = 0.75 → 0.75 of marks, missed; 0.75/0.8 = 0.9375 → near;
        // 0.6/0.8 = 0.75 → missed; 120/200 = 0.6, 0.75 of marks → missed; 0.333/0.5 = 0.667 → missed.
        let result = Self.result(fibres: ["03388": 1800])
        let card = ScorecardTable(result: result, indicatorSet: TestData.defaultSet, language: .vi)
        #expect(card.judgements() == [[.met, .missed, .near, .missed, .missed, .missed]])
        let cells = card.table().rows[0].suffix(6)
        #expect(cells.map(\.tone) == ["met", "missed", "near", "missed", "missed", "missed"])
        #expect(cells.map(\.text) == ["100,00 %", "75,00 %", "75,00 %", "60,00 %", "60,00 %", "33,33 %"])
    }

    @Test func theWorkbooksBoundsAreWhereTheJudgementChanges() {
        let card = Scorecard(near: 0.8)
        #expect(card.judge(1, .target) == .met && card.judge(0.8, .target) == .near && card.judge(0.7999, .target) == .missed)
        #expect(card.judge(nil, .target) == nil && card.judge(3, .zScore) == nil)
        // Raw bounds, by hand: a target of 0.8 is met from 0.8, near from 0.64; lower is better
        // with a target of 0.5: met up to 0.5, near up to 0.625; goalposts 10–60: met from 60,
        // near from 50.
        var set = TestData.defaultSet
        set.indicators = [
            Indicator(id: "a", pillar: set.pillars[0].id, formula: set.indicators[0].formula, target: 0.8, weight: 1, label: LocalizedText(vi: "a", en: "a")),
            Indicator(id: "b", pillar: set.pillars[0].id, formula: set.indicators[0].formula, target: 0.5, weight: 1, label: LocalizedText(vi: "b", en: "b"),
                      direction: .lower),
            Indicator(id: "c", pillar: set.pillars[0].id, formula: set.indicators[0].formula, target: 0, weight: 1, label: LocalizedText(vi: "c", en: "c"),
                      normalisation: .goalposts(min: 10, max: 60)),
            Indicator(id: "d", pillar: set.pillars[0].id, formula: set.indicators[0].formula, target: 0, weight: 1, label: LocalizedText(vi: "d", en: "d"),
                      normalisation: .zScore),
        ]
        let table = ScorecardTable(result: Self.result(fibres: ["03388": 1800]), indicatorSet: set, language: .vi)
        let expected: [(Double, Double, Bool)?] = [(0.8, 0.64, true), (0.5, 0.625, false), (60, 50, true), nil]
        for (index, bounds) in expected.enumerated() {
            let found = table.bounds(index)
            #expect(found.map { [$0.met, $0.near] } .map { zip($0, [bounds!.0, bounds!.1]).allSatisfy { abs($0 - $1) < 1e-12 } } ?? (bounds == nil),
                    "\(index): \(String(describing: found))")
            #expect(found?.higher == bounds?.2)
        }
    }

    @Test func theMapIsReadFromGeoJSONWhateverFormTheCodesTake() throws {
        let file = TestData.temporaryFolder().appendingPathComponent("map.geojson")
        let square = "[[[103.1,22.3],[103.2,22.3],[103.2,22.4],[103.1,22.3]]]"
        try Data("""
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "properties": {"code": 3390}, "geometry": {"type": "Polygon", "coordinates": \(square)}},
              {"type": "Feature", "properties": {"ma_xa": "03388"}, "geometry": {"type": "MultiPolygon", "coordinates": [\(square), \(square)]}},
              {"type": "Feature", "id": "3394", "properties": null, "geometry": {"type": "Polygon", "coordinates": \(square)}},
              {"type": "Feature", "properties": {"name": "no code"}, "geometry": {"type": "Polygon", "coordinates": \(square)}},
              {"type": "Feature", "properties": {"code": "03405"}, "geometry": {"type": "Point", "coordinates": [103, 22]}},
              {"type": "Feature", "properties": {"code": "x"}, "geometry": {"type": "Polygon", "coordinates": [[[500, 22], [1, 2]]]}}
            ]}
            """.utf8).write(to: file)
        let map = ReportMap.load(path: file.path)
        #expect(map.problem == nil)
        // A point and a ring of impossible coordinates draw nothing; the rest keep their codes.
        #expect(map.features.map(\.code) == ["03390", "03388", "03394", nil])
        #expect(map.features.map(\.rings.count) == [1, 2, 1, 1])
        try Data("not json".utf8).write(to: file)
        #expect(ReportMap.load(path: file.path).problem?(.vi).contains("không phải GeoJSON") == true)
        #expect(ReportMap.load(path: "/nonexistent.geojson").problem?(.en) == "Cannot open the map file /nonexistent.geojson.")
    }

    @Test func aTierTintKeepsTheHueAndLightensIt() {
        // #1b7a3a at 35 %: 255 − (255 − c) × 0.35 per channel → (175, 208, 186).
        #expect(ReportCharts.tint("#1b7a3a") == "#afd0ba")
        #expect(ReportCharts.tint("#ffffff") == "#ffffff" && ReportCharts.tint("#000000") == "#a6a6a6")
    }
}
