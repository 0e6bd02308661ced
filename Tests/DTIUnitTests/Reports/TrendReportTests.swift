import DTICore
import DTITestSupport
import DTISQLite
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import ZIPFoundation

/// `dti trend`: a commune's DTI and pillars over the last periods, read back from the files.
struct TrendReportTests {
    typealias T = TestData

    /// 03390 at 60 %, 50 %, 30 % in July–September; 03388 at 40 % in July and 100 % in September.
    static func pipeline() throws -> Pipeline {
        let store = try DTIStore()
        try TestData.ingest(store, [T.row("03388", "2026-07", TestData.figures(0.4)), T.row("03390", "2026-07", TestData.figures(0.6)),
                                 T.row("03390", "2026-08", TestData.figures(0.5)),
                                 T.row("03388", "2026-09", TestData.figures(1.0)), T.row("03390", "2026-09", TestData.figures(0.3))])
        _ = try store.importRegister(T.register.units, inForce: T.register.inForce, sourceName: "test", sha256: "0")
        return try Pipeline(store: store, indicatorSet: TestData.defaultSet)
    }

    @Test func theTrendHoldsEachPeriodsScoresWithGapsWhereTheCommuneWasNotRanked() throws {
        let pipeline = try Self.pipeline()
        let trend = try #require(try pipeline.trend(communeCode: "03390", through: Period("2026-09")!, count: 4))
        #expect(trend.points.map(\.period.description) == ["2026-06", "2026-07", "2026-08", "2026-09"])
        // DTI at 60 %: 100 × (.15×.6 + .10×.6 + .15×.75 + .25×.75 + .20×.75 + .15×1) = 75; at 50 %: 65;
        // at 30 %: 100 × (.045 + .03 + .05625 + .09375 + .075 + .09) = 39.
        let dti = trend.points.map { $0.dti.map { Scoring.roundHalfUp($0) } }
        #expect(dti == [nil, 75, 65, 39])
        #expect(trend.points.map(\.rank) == [nil, 1, 1, 2])
        // Society pillar = smartphones only: 0.6/0.8, 0.5/0.8, 0.3/0.8.
        #expect(trend.points.map { $0.pillars[1].map { Scoring.roundHalfUp($0) } } == [nil, 75, 62.5, 37.5])
        #expect(try pipeline.trend(communeCode: "99999", through: Period("2026-09")!) == nil)
    }

    @Test func theFilesShowTheTrendAsTableLineChartAndSVG() throws {
        let pipeline = try Self.pipeline()
        let trend = try #require(try pipeline.trend(communeCode: "03390", through: Period("2026-09")!, count: 3))
        let folder = TestData.temporaryFolder()
        let writer = ReportWriter(outputFolder: folder.path, language: .en)
        try writer.prepareFolder(for: Span("2026-09")!)
        let paths = try writer.writeTrend(TrendReport(trend: trend, indicatorSet: pipeline.indicatorSet, language: .en))
        #expect(paths.map { ($0 as NSString).lastPathComponent }
                == ["dti-2026-09-trend-03390-en.xlsx", "dti-2026-09-trend-03390-en.md", "dti-2026-09-trend-03390-en.svg"])
        let markdown = try String(contentsOfFile: paths[1], encoding: .utf8)
        #expect(markdown.contains("![Trend chart](dti-2026-09-trend-03390-en.svg)"))
        // August at 50 %: infrastructure (.15×.5 + .10×.5 + .15×.625) / .40 = 54.69, society .5/.8 = 62.50,
        // government (.20×.625 + .15×1) / .35 = 78.57.
        #expect(markdown.contains("| 2026-08 | 1/1 | 65.00 | 54.69 | 62.50 | 78.57 |"), "\(markdown)")
        #expect(markdown.hasPrefix("# DTI trend — Xã Bình Lư (03390), Tỉnh Lai Châu — July 2026 – September 2026\n"), "periods in words")
        // The DTI line: x from 48 to 688 over three periods, y = 40 + 236 × (1 − DTI/100).
        let svg = try String(contentsOfFile: paths[2], encoding: .utf8)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("points=\"48.0,99.0 368.0,122.6 688.0,184.0\""), "\(svg)")
        #expect(XMLParser(data: Data(svg.utf8)).parse(), "well-formed XML")
        // The workbook: the table and a line chart with one series per score.
        let archive = try Archive(url: URL(fileURLWithPath: paths[0]), accessMode: .read)
        var chart = Data()
        _ = try archive.extract(try #require(archive["xl/charts/chart1.xml"])) { chart.append($0) }
        let chartXML = String(decoding: chart, as: UTF8.self)
        #expect(chartXML.contains("<c:lineChart>"))
        #expect(chartXML.components(separatedBy: "<c:ser>").count - 1 == 4, "DTI and three pillars")
        // Byte-identical on a second write.
        let first = try paths.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        try writer.writeTrend(TrendReport(trend: trend, indicatorSet: pipeline.indicatorSet, language: .en))
        #expect(try paths.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } == first)
    }

    @Test func aMonthWithoutARankBreaksTheLine() throws {
        let pipeline = try Self.pipeline()
        let trend = try #require(try pipeline.trend(communeCode: "03388", through: Period("2026-09")!, count: 3))
        #expect(trend.points.map { $0.dti != nil } == [true, false, true])
        let svg = TrendReport(trend: trend, indicatorSet: pipeline.indicatorSet, language: .en).svg()
        #expect(!svg.contains("<polyline"), "two lone points, no line across the gap")
        #expect(svg.components(separatedBy: "<circle").count - 1 == 2 * 4)
    }
}
