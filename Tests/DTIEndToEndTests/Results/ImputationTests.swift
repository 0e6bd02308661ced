import DTICore
import DTITestSupport
import DTISQLite
import Foundation
import Testing

/// Carry-forward of missing submissions (`carry_forward_months` in the indicator file).
struct ImputationTests {
    typealias T = TestData

    static func set(carryForward months: Int) throws -> IndicatorSet {
        var text = try String(contentsOf: T.packageRoot.appendingPathComponent("indicators/default.toml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "[set]\n", with: "[set]\ncarry_forward_months = \(months)\n")
        return try IndicatorFile.parse(text, file: "carry.toml")
    }

    /// July: 03388 at 40 %, 03390 at 60 %. August: only 03390 (50 %). September: only 03390 (30 %).
    static func store() throws -> DTIStore {
        let store = try DTIStore()
        try TestData.ingest(store, [T.row("03388", "2026-07", TestData.figures(0.4)), T.row("03390", "2026-07", TestData.figures(0.6)),
                                 T.row("03390", "2026-08", TestData.figures(0.5)), T.row("03390", "2026-09", TestData.figures(0.3))])
        return store
    }

    static func province(_ period: String, carryForward months: Int, store: DTIStore) throws -> ProvinceResult {
        let builder = ResultsBuilder(store: store, indicatorSet: try set(carryForward: months),
                                     directory: UnitDirectory(versions: [T.register]))
        return try #require(try builder.results(for: Period(period)!).first { $0.provinceCode == "12" })
    }

    /// The state of the month says which communes are imputed, and from when, as the ranking does.
    @Test func theStatusMarksImputedCommunesWithTheMonthTheirFiguresComeFrom() throws {
        let store = try Self.store()
        let directory = UnitDirectory(versions: [T.register])
        func status(_ period: String, _ months: Int) throws -> [String: MonthStatus.Commune] {
            let status = try MonthStatus.build(period: Period(period)!, deadlineDay: 5, carryForwardMonths: months,
                                               store: store, directory: directory, provinces: ["12"])
            return Dictionary(uniqueKeysWithValues: try #require(status.province("12")).communes.map { ($0.unit.communeCode, $0) })
        }
        let august = try status("2026-08", 1)
        #expect(august["03388"]?.kind == .nothingReceived && august["03388"]?.imputedFrom == Period("2026-07"))
        #expect(august["03390"]?.imputedFrom == nil)  // it sent August's figures
        #expect(august["03394"]?.imputedFrom == nil)  // nothing to carry
        #expect(try status("2026-09", 1)["03388"]?.imputedFrom == nil)  // July is beyond one month
        #expect(try status("2026-09", 2)["03388"]?.imputedFrom == Period("2026-07"))
        #expect(try status("2026-08", 0)["03388"]?.imputedFrom == nil)
    }

    @Test func byDefaultAMissingCommuneIsUnrankedAndListedAsMissing() throws {
        let august = try Self.province("2026-08", carryForward: 0, store: Self.store())
        #expect(august.communes.map(\.unit.communeCode) == ["03390"])
        #expect(august.missing.map(\.communeCode) == ["03388", "03394", "03405"])
    }

    @Test func carriedForwardWithinTheLimitRankedOnItsLastFiguresAndMarked() throws {
        let store = try Self.store()
        // August, one month back allowed: 03388 ranks on July's 40 % figures (DTI 52, worked out
        // in ResultsBuilderTests) against 03390's August 50 % (DTI 100 × (.15×.5 + .10×.5 +
        // .15×.625 + .25×.625 + .20×.625 + .15×1) = 7.5 + 5 + 9.375 + 15.625 + 12.5 + 15 = 65).
        let august = try Self.province("2026-08", carryForward: 1, store: store)
        let doanKet = try #require(august.communes.first { $0.unit.communeCode == "03388" })
        #expect(doanKet.imputedFrom == Period("2026-07"))
        #expect(abs(doanKet.score.dti! - 52) < 1e-9)
        #expect(doanKet.rank == 2)
        #expect(august.imputed.map(\.unit.communeCode) == ["03388"])
        #expect(august.missing.map(\.communeCode) == ["03394", "03405"])
        let binhLu = try #require(august.communes.first { $0.unit.communeCode == "03390" })
        #expect(binhLu.imputedFrom == nil && abs(binhLu.score.dti! - 65) < 1e-9)

        // September: July is two months back, beyond a one-month limit: missing again.
        let september = try Self.province("2026-09", carryForward: 1, store: store)
        #expect(september.imputed.isEmpty)
        #expect(september.missing.map(\.communeCode) == ["03388", "03394", "03405"])
        // With two months allowed it is imputed from July again, and its movement is measured
        // against July (its real report), not against August's imputed rank.
        let twoMonths = try Self.province("2026-09", carryForward: 2, store: store)
        let again = try #require(twoMonths.communes.first { $0.unit.communeCode == "03388" })
        #expect(again.imputedFrom == Period("2026-07"))
        #expect(again.previous?.period == Span("2026-07"))
    }

    @Test func everyOutputMarksTheImputedCommune() throws {
        let store = try Self.store()
        let set = try Self.set(carryForward: 1)
        let august = try Self.province("2026-08", carryForward: 1, store: store)
        let markdown = MarkdownReport(result: august, indicatorSet: set, warnings: [], language: .en).render()
        #expect(markdown.contains("| 2 | 03388 | Xã Đoàn Kết † 2026-07 |"), "\(markdown)")
        #expect(markdown.contains("| 03388 | Xã Đoàn Kết | July 2026 | 2 |"))
        #expect(markdown.contains("| Communes that reported | 1 / 4 |"), "the imputed commune did not report")
        #expect(markdown.contains("carried forward at most 1 month."))
        let csv = ResultsExport(results: [august], indicatorSet: set)
        let lines = (csv.opening(.csv) + csv.body(.csv, afterRecords: false)).split(separator: "\n")
        // `imputed_from` after the indicators; the tier, when the set has tiers, always last.
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false)
        #expect(header.suffix(set.tiers.isEmpty ? 1 : 2).first == "imputed_from", "\(header)")
        let column = try #require(header.firstIndex(of: "imputed_from"))
        let cells = { (code: String) in lines.first { $0.hasPrefix("2026-08,12,\(code),") }?.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(cells("03388")?[column] == "2026-07")
        #expect(cells("03390")?[column] == "")
        let json = csv.opening(.json) + csv.body(.json, afterRecords: false) + csv.closing(.json, afterRecords: true)
        let records = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(records.map { $0["imputed_from"] as? String } == [nil, "2026-07"] || records.map { $0["imputed_from"] as? String } == ["2026-07", nil])
        // The workbook's Ranking sheet has the column, read back from the file.
        let folder = TestData.temporaryFolder()
        let path = folder.appendingPathComponent("r.xlsx")
        try WorkbookReport(result: august, indicatorSet: set, language: .en).write(to: path.path)
        let headers = try EndToEndTests().headerRow(of: path, sheet: 1)
        #expect(headers.contains("Imputed from period"))
    }

    @Test func theLimitIsAWholeNumberOfMonthsUpToTwelve() {
        for bad in ["-1", "13", "1.5"] {
            #expect(throws: IndicatorFile.Problems.self) {
                try IndicatorFile.parse("[set]\ncarry_forward_months = \(bad)\n[pillar.p]\n[indicator.i]\npillar = \"p\"\nformula = \"bts_stations\"\ntarget = 1\nweight = 1\n", file: "x.toml")
            }
        }
    }
}
