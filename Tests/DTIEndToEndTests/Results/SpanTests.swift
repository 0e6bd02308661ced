import DTICore
import DTITestSupport
import DTISQLite
import Foundation
import Testing

/// Quarters and years (contract, “Quarters and years”), against values worked out by hand.
struct SpanTests {
    typealias T = TestData

    /// Every ratio at its target except fibre villages (`fibre` of 10) and online dossiers.
    static func figures(fibre: Int, dossiers: Int, online: Int) -> [Int] {
        [10, 10, fibre, 2, 100, 80, 100, 80, 10, 0, 8, dossiers, online]
    }

    static func store(_ rows: [String]) throws -> DTIStore {
        let store = try DTIStore()
        try TestData.ingest(store, rows)
        return store
    }

    static let quarters = [
        // Q2: 03388 at every target each month; 03390 in April and May with half the villages on fibre.
        T.row("03388", "2026-04", figures(fibre: 10, dossiers: 10, online: 5)),
        T.row("03388", "2026-05", figures(fibre: 10, dossiers: 10, online: 5)),
        T.row("03388", "2026-06", figures(fibre: 10, dossiers: 10, online: 5)),
        T.row("03390", "2026-04", figures(fibre: 5, dossiers: 10, online: 5)),
        T.row("03390", "2026-05", figures(fibre: 5, dossiers: 10, online: 5)),
        // Q3: 03388 every month, fibre rising 5 → 6 → 8, dossiers 10 + 20 + 30 with 5 + 5 + 5 online.
        T.row("03388", "2026-07", figures(fibre: 5, dossiers: 10, online: 5)),
        T.row("03388", "2026-08", figures(fibre: 6, dossiers: 20, online: 5)),
        T.row("03388", "2026-09", figures(fibre: 8, dossiers: 30, online: 5)),
        // 03390 in July and September (2 of 3: ranked), at every target.
        T.row("03390", "2026-07", figures(fibre: 10, dossiers: 10, online: 10)),
        T.row("03390", "2026-09", figures(fibre: 10, dossiers: 10, online: 10)),
        // 03394 in August only (1 of 3: listed, not ranked); 03405 never.
        T.row("03394", "2026-08", figures(fibre: 10, dossiers: 10, online: 10)),
    ]

    @Test func aQuarterTakesStocksFromTheLastReportAndSumsTheFlows() throws {
        let builder = ResultsBuilder(store: try Self.store(Self.quarters), indicatorSet: TestData.defaultSet,
                                     directory: UnitDirectory(versions: [T.register]))
        let q3 = try #require(try builder.results(for: Span("2026-Q3")!).first { $0.provinceCode == "12" })
        let a = try #require(q3.communes.first { $0.unit.communeCode == "03388" })
        // Fibre villages from September, the latest report: 8 / 10.
        #expect(a.score.raw[1] == 0.8)
        // Online dossiers summed: (5 + 5 + 5) / (10 + 20 + 30) = 0.25 (September's alone would be 1/6).
        #expect(abs(a.score.raw[5]! - 0.25) < 1e-12)
        // DTI = 100 × (.15 + .10 × .8 + .15 + .25 + .20 + .15 × (.25 / .5)) = 90.5.
        #expect(abs(a.score.dti! - 90.5) < 1e-9)
        #expect(q3.ranked.map(\.unit.communeCode) == ["03390", "03388"])
        // Against Q2, where 03388 (100) ranked above 03390 (95 = 100 − 10 × .5).
        #expect(a.previous?.period == Span("2026-Q2"))
        #expect(a.rankChange == -1 && abs(a.dtiChange! + 9.5) < 1e-9)
        #expect(q3.communes.first { $0.unit.communeCode == "03390" }?.rankChange == 1)
        // One month of three is too few: listed with its month, not ranked, not missing.
        #expect(q3.minimumMonths == 2)
        #expect(q3.insufficient.map(\.unit.communeCode) == ["03394"])
        #expect(q3.insufficient.first?.months == [Period("2026-08")!])
        #expect(q3.missing.map(\.communeCode) == ["03405"])
        #expect(q3.expectedCount == 4)
    }

    @Test func aYearNeedsEightMonthsAndComparesWithTheYearBefore() throws {
        var rows: [String] = []
        for month in 1...12 {
            let period = "2026-" + (month < 10 ? "0\(month)" : "\(month)")
            rows.append(T.row("03388", period, Self.figures(fibre: 10, dossiers: 10, online: 5)))
            if month <= 8 { rows.append(T.row("03390", period, Self.figures(fibre: 10, dossiers: 10, online: 5))) }
            if month <= 7 { rows.append(T.row("03394", period, Self.figures(fibre: 10, dossiers: 10, online: 5))) }
        }
        let builder = ResultsBuilder(store: try Self.store(rows), indicatorSet: TestData.defaultSet,
                                     directory: UnitDirectory(versions: [T.register]))
        let year = try #require(try builder.results(for: Span("2026")!).first { $0.provinceCode == "12" })
        #expect(year.minimumMonths == 8)
        #expect(year.ranked.map(\.unit.communeCode) == ["03388", "03390"])
        #expect(year.insufficient.map { $0.months.count } == [7])
        // Nothing in 2025: no change.
        #expect(year.ranked.allSatisfy { $0.previous == nil && $0.rankChange == nil })
    }

    @Test func spansParseNameAndStepByTheirKind() {
        #expect(Span("2026-Q3")?.months == ["2026-07", "2026-08", "2026-09"].map { Period($0)! })
        #expect(Span("2026-q1")?.previous.description == "2025-Q4")
        #expect(Span("2026")?.months.count == 12)
        #expect(Span("2026")?.previous.description == "2025")
        #expect(Span("2026-10")?.kind == .month)
        #expect(Span("2026-Q5") == nil && Span("2026-Q") == nil && Span("26") == nil)
        #expect(Span("2026-Q3")?.name(.vi) == "quý III/2026" && Span("2026-Q3")?.name(.en) == "Q3 2026")
        #expect(Span("2026")?.name(.vi) == "năm 2026")
        #expect(SpanRange("2025..2026")?.spans.map(\.description) == ["2025", "2026"])
        #expect(SpanRange("2025-Q4..2026-Q2")?.spans.map(\.description) == ["2025-Q4", "2026-Q1", "2026-Q2"])
        #expect(SpanRange("2026-Q1..2026") == nil)  // one kind per range
        // Two thirds, rounded up: 2 of 3, 8 of 12; a month needs itself.
        #expect(Span("2026-Q3")!.minimumMonths(share: 0.67) == 2)
        #expect(Span("2026")!.minimumMonths(share: 0.67) == 8)
        #expect(Span("2026-10")!.minimumMonths(share: 0.67) == 1)
        #expect(Span("2026")!.minimumMonths(share: 1) == 12)
    }

    @Test func theIndicatorFileDeclaresFlowsAndTheThreshold() throws {
        let base = "[pillar.p]\n[indicator.i]\npillar = \"p\"\nformula = \"dossiers_online / dossiers_total\"\ntarget = 1\nweight = 1\n"
        let set = try IndicatorFile.parse("[set]\nspan_min_months_share = 1\n[field.bts_stations]\naggregation = \"sum\"\n" + base, file: "x.toml")
        #expect(set.spanMinMonthsShare == 1)
        #expect(set.aggregation(of: .btsStations) == .sum)
        #expect(set.aggregation(of: .dossiersTotal) == .sum)  // the contract's flows, undeclared
        #expect(set.aggregation(of: .villagesTotal) == .latest)
        for (bad, line, words) in [("[field.dossiers_total]\naggregation = \"mean\"\n", 2, "must be \"latest\""),
                                   ("[field.villages]\naggregation = \"sum\"\n", 1, "unknown field “villages”"),
                                   ("[set]\nspan_min_months_share = 0\n", 2, "more than 0")] {
            #expect {
                try IndicatorFile.parse(bad + base, file: "x.toml")
            } throws: { error in
                let problems = (error as? IndicatorFile.Problems)?.problems ?? []
                return problems.contains { $0.line == line && $0.message.contains(words) }
            }
        }
        // The default file declares the two dossier fields as sums.
        let builtIn = IndicatorFile.builtIn()
        #expect(builtIn.fieldAggregation == [.dossiersTotal: .sum, .dossiersOnline: .sum])
        #expect(builtIn.spanMinMonthsShare == 0.67)
    }

    /// The sample has August to October: the third quarter is ranked on August and September
    /// (2 of 3), the year 2026 on nobody (at most 3 of 12), and each report is named with its span.
    @Test func spanReportsAreNamedWithTheSpanAndSayHowTheyAreMade() throws {
        let out = T.temporaryFolder()
        let (folder, _) = try EndToEndTests().runSample(out: out)
        let run = try EndToEndTests().dti(["report", "--period", "2026-Q3", "--out", out.path, "--lang", "en"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let markdown = try String(contentsOf: out.appendingPathComponent("2026-Q3/dti-2026-Q3-12-en.md"), encoding: .utf8)
        #expect(markdown.hasPrefix("# Commune digital transformation index (DTI) — Tỉnh Lai Châu — Q3 2026"))
        #expect(markdown.contains("A commune is ranked when it reported in at least 2 of the span's 3 months"))
        #expect(markdown.contains("flow fields are summed over the months the commune reported (dossiers total; dossiers online)"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("2026-Q3/dti-2026-Q3-12-en.xlsx").path))
        // Each month with how many of the 38 communes reported: the sample starts in August.
        #expect(markdown.contains("| July 2026 | 0/38 | 0.00 % |\n| August 2026 | 38/38 | 100.00 % |\n| September 2026 | 38/38 | 100.00 % |"),
                "\(markdown)")
        // The national report of the quarter counts the country's 3,321 communes each month.
        let national = try EndToEndTests().dti(["report", "--period", "2026-Q3", "--scope", "national", "--out", out.path, "--lang", "en"],
                                               in: folder)
        #expect(national.status == 0, "\(national.stderr)")
        let country = try String(contentsOf: out.appendingPathComponent("2026-Q3/dti-2026-Q3-national-en.md"), encoding: .utf8)
        #expect(country.contains("| July 2026 | 0/3,321 | 0.00 % |\n| August 2026 | 38/3,321 | 1.14 % |"), "\(country.prefix(1500))")
        // Returned figures do not count for their month, in the report or the workbook.
        let returned = try EndToEndTests().dti(["return", "--commune", "03390", "--period", "2026-08", "--reason", "Số hộ sai"], in: folder)
        #expect(returned.status == 0, "\(returned.stderr)")
        #expect(try EndToEndTests().dti(["report", "--period", "2026-Q3", "--out", out.path], in: folder).status == 0)
        let quarter = try String(contentsOf: out.appendingPathComponent("2026-Q3/dti-2026-Q3-12.md"), encoding: .utf8)
        #expect(quarter.contains("| tháng 8/2026 | 37/38 | 97,37 % |"), "\(quarter)")
        let months = try T.workbookTable(out.appendingPathComponent("2026-Q3/dti-2026-Q3-12.xlsx"), sheet: "Từng tháng")
        #expect(months.first == ["Tháng", "Đã báo cáo", "Số xã", "Tỷ lệ"], "\(months)")
        #expect(months.dropFirst().map { Array($0.prefix(3)) } == [["tháng 7/2026", "0", "38"], ["tháng 8/2026", "37", "38"],
                                                                   ["tháng 9/2026", "38", "38"]], "\(months)")

        let year = try EndToEndTests().dti(["report", "--period", "2026", "--out", out.path], in: folder)
        #expect(year.status == 0, "\(year.stderr)")
        let annual = try String(contentsOf: out.appendingPathComponent("2026/dti-2026-year-12.md"), encoding: .utf8)
        #expect(annual.contains("## Xã báo cáo chưa đủ số tháng để xếp hạng (38)"), "\(annual)")
        // Made on 1 December 2026, before December's deadline: the year says it is not over;
        // the third quarter, long over, says nothing of the kind.
        #expect(annual.contains("CHƯA TRỌN KỲ: năm 2026 chưa hết (tháng 12/2026 hạn nộp hết ngày 05/01/2027)"), "\(annual.prefix(600))")
        #expect(!markdown.contains("INCOMPLETE"))
        #expect(annual.contains("| 03388 | Phường Đoàn Kết | 3/12 (cần ít nhất 8): tháng 8/2026, tháng 9/2026, tháng 10/2026 |"), "\(annual)")
        let missing = try T.workbookTable(out.appendingPathComponent("2026/dti-2026-year-12.xlsx"), sheet: "Chưa có số liệu")
        #expect(missing.first?.contains("Các tháng đã báo cáo") == true)
        #expect(missing.contains { $0.prefix(4) == ["03388", "Phường Đoàn Kết", "Phường", "2026-08, 2026-09, 2026-10"] })

        let export = try EndToEndTests().dti(["export", "--period", "2026-Q3"], in: folder)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.split(separator: "\n").dropFirst().allSatisfy { $0.hasPrefix("2026-Q3,12,") }, "\(export.stdout.prefix(400))")
    }

    /// `status` with a quarter gives each month in turn: CSV under one header, JSON an array.
    @Test func theStateOfAQuarterIsItsMonthsInTurn() throws {
        let (folder, _) = try EndToEndTests().runSample(out: T.temporaryFolder())
        let csv = try EndToEndTests().dti(["status", "--period", "2026-Q4", "--province", "12", "--format", "csv"], in: folder)
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("period,") }.count == 1)
        // October, November and December: 38 communes each.
        #expect(lines.count == 1 + 3 * 38, "\(lines.count)")
        #expect(Set(lines.dropFirst().map { $0.prefix(7) }) == ["2026-10", "2026-11", "2026-12"])
        let json = try EndToEndTests().dti(["status", "--period", "2026-Q4", "--province", "12", "--format", "json"], in: folder)
        let months = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(months.map { $0["period"] as? String } == ["2026-10", "2026-11", "2026-12"])
    }

    /// Without a succession table, a month under another register cannot be put in today's
    /// units: the message says which command loads one.
    @Test func asOfWithoutASuccessionTableSaysWhatToLoad() throws {
        let (folder, _) = try EndToEndTests().runSample(out: T.temporaryFolder())
        let register = T.packageRoot.appendingPathComponent("data/registers/vn_units_2025-03.csv").path
        #expect(try EndToEndTests().dti(["units", "import", register], in: folder).status == 0)
        let export = try EndToEndTests().dti(["export", "--period", "2025-06", "--as-of", "2026-04", "--lang", "en"], in: folder)
        #expect(export.status == 66, "\(export.stderr)")
        #expect(export.stderr.contains("2025-06 cannot be expressed in the units of register 2026-04: no succession table joins them; import one with: dti units import-succession"),
                "\(export.stderr)")
    }
}
