import DTICore
import DTITestSupport
import DTISQLite
import Foundation
import Testing

/// History across the July 2025 reform (contract, “History across the July 2025 reform”).
struct SuccessionTests {
    typealias T = TestData

    /// Before: four communes. After: 20001 is 10001 and 10002 whole with part of 10003;
    /// 20003 is the rest of 10003 only; 20004 is 10004 whole.
    static let old = RegisterVersion(inForce: Period("2025-03")!, units: [
        T.unit("10001", "Một"), T.unit("10002", "Hai"), T.unit("10003", "Ba"), T.unit("10004", "Bốn"),
    ])
    static let new = RegisterVersion(inForce: Period("2025-07")!, units: [
        T.unit("20001", "Mới Một"), T.unit("20003", "Mới Ba"), T.unit("20004", "Mới Bốn"),
    ])
    static let table = """
        new_commune_code,old_commune_code,link
        20001,10001,full
        20001,10002,full
        20001,10003,partial
        20003,10003,partial
        20004,10004,full

        """

    /// 10 villages; `fibre` of them on fibre; every other ratio at its target.
    static func figures(fibre: Int) -> [Int] { [10, 10, fibre, 2, 100, 80, 100, 80, 10, 0, 8, 10, 5] }

    @Test func aMergerIsTheSumOfItsWholePredecessorsAndMarkedWhenPartsAreMissing() throws {
        let table = try SuccessionTable.parse(Array(Self.table.utf8), file: "s.csv", old: Self.old, new: Self.new).get()
        let store = try DTIStore()
        try TestData.ingest(store, [
            T.row("10001", "2025-06", Self.figures(fibre: 5)), T.row("10002", "2025-06", Self.figures(fibre: 10)),
            T.row("10003", "2025-06", Self.figures(fibre: 0)), T.row("10004", "2025-06", Self.figures(fibre: 2)),
            // In May 10002 did not report: 20001 has no comparable value then.
            T.row("10001", "2025-05", Self.figures(fibre: 5)), T.row("10004", "2025-05", Self.figures(fibre: 2)),
        ], register: Self.old)
        let builder = ResultsBuilder(store: store, indicatorSet: TestData.defaultSet,
                                     directory: UnitDirectory(versions: [Self.old, Self.new]), successions: [table],
                                     asOf: Period("2025-07")!)
        let june = try #require(try builder.results(for: Period("2025-06")!).first)
        #expect(june.registerVersion == "2025-07" && june.acrossReform)
        let merged = try #require(june.communes.first { $0.unit.communeCode == "20001" })
        // (5 + 10) villages on fibre of (10 + 10): 0.75; 10003's part is not counted.
        #expect(merged.score.raw[1] == 0.75)
        #expect(merged.submission.figures.list[0] == 20)
        #expect(merged.approximate == Approximation(predecessorsSummed: 2, predecessors: 3))
        let whole = try #require(june.communes.first { $0.unit.communeCode == "20004" })
        #expect(whole.score.raw[1] == 0.2 && whole.approximate == nil)
        // Made of a part only: no comparable value.
        #expect(june.missing.map(\.communeCode) == ["20003"])
        let may = try #require(try builder.results(for: Period("2025-05")!).first)
        #expect(may.communes.map(\.unit.communeCode) == ["20004"])
        #expect(may.missing.map(\.communeCode) == ["20001", "20003"])

        // Without --as-of, June stays in its own units.
        let own = ResultsBuilder(store: store, indicatorSet: TestData.defaultSet,
                                 directory: UnitDirectory(versions: [Self.old, Self.new]), successions: [table])
        #expect(try own.results(for: Period("2025-06")!).first?.communes.count == 4)
    }

    /// A commune's trend spans the reform by default: the months before are its predecessors'
    /// sums (hollow when approximate), a dashed line marks July 2025.
    @Test func aTrendSpansTheReform() throws {
        let store = try DTIStore()
        for register in [Self.old, Self.new] {
            _ = try store.importRegister(register.units, inForce: register.inForce, sourceName: "r.csv", sha256: register.name)
        }
        let table = try SuccessionTable.parse(Array(Self.table.utf8), file: "s.csv", old: Self.old, new: Self.new).get()
        _ = try store.importSuccession(table, sourceName: "s.csv", sha256: "x")
        try TestData.ingest(store, [
            T.row("10001", "2025-06", Self.figures(fibre: 5)), T.row("10002", "2025-06", Self.figures(fibre: 10)),
            T.row("10004", "2025-06", Self.figures(fibre: 2)),
        ], register: Self.old)
        try TestData.ingest(store, [T.row("20001", "2025-07", Self.figures(fibre: 20 / 2)),
                                                 T.row("20004", "2025-07", Self.figures(fibre: 2))], register: Self.new)
        let pipeline = try Pipeline(store: store, indicatorSet: TestData.defaultSet)
        let trend = try #require(try pipeline.trend(communeCode: "20001", through: Period("2025-07")!, count: 3))
        #expect(trend.points.map(\.period.description) == ["2025-05", "2025-06", "2025-07"])
        #expect(trend.points[0].dti == nil)  // nobody reported in May
        // June: fibre 15 of 20 → 0.75, the other ratios at target: 100 × (1 − .10 × .25) = 97.5, over 2 of 3 predecessors.
        #expect(abs(trend.points[1].dti! - 97.5) < 1e-9)
        #expect(trend.points[1].approximate == Approximation(predecessorsSummed: 2, predecessors: 3))
        #expect(trend.points[2].dti == 100 && trend.points[2].approximate == nil)
        #expect(trend.reformIndex == 2)
        let svg = TrendReport(trend: trend, indicatorSet: TestData.defaultSet, language: .en).svg()
        #expect(svg.contains("class=\"reform\"") && svg.contains("Reform 7/2025"))
        #expect(svg.contains("fill=\"#ffffff\" stroke=\"#1f4e79\""))  // June's DTI point, hollow
        let markdown = TrendReport(trend: trend, indicatorSet: TestData.defaultSet, language: .en).markdown(svgName: "t.svg")
        #expect(markdown.contains("| 2025-06 ≈ 2/3 | 1/2 | 97.50 |"), "\(markdown)")
    }

    @Test func aTableIsCheckedAgainstBothRegistersLineByLine() {
        let bad = Self.table.replacingOccurrences(of: "20004,10004,full", with: "20004,19999,full")
            + "20009,10001,partial\n20001,10002,whole\n20001,10001,full\n"
        guard case .failure(let refused) = SuccessionTable.parse(Array(bad.utf8), file: "s.csv", old: Self.old, new: Self.new) else {
            Issue.record("a table with unknown codes was accepted")
            return
        }
        #expect(refused.problems.map(\.description) == [
            "s.csv:6: old commune code “19999” is not in register 2025-03",
            "s.csv:7: new commune code “20009” is not in register 2025-07",
            "s.csv:8: link must be full or partial, found “whole”",
            "s.csv:9: the pair 20001 ← 10001 is already on line 2",
        ])
        #expect(refused.problems[0].message.vi == "mã xã cũ “19999” không có trong danh mục 2025-03")
    }

    /// The bundled table loads against the bundled registers; a table with a bad code is
    /// refused with its line, and the one loaded before stays.
    @Test func theBundledTableLoadsAndABadOneIsRefusedWithItsLine() throws {
        let e2e = EndToEndTests()
        let folder = T.temporaryFolder()
        let registers = T.packageRoot.appendingPathComponent("data/registers")
        for version in ["2025-03", "2025-07"] {
            #expect(try e2e.dti(["units", "import", registers.appendingPathComponent("vn_units_\(version).csv").path], in: folder).status == 0)
        }
        let bundled = try e2e.dti(["units", "import-succession", registers.appendingPathComponent("vn_succession_2025-07.csv").path,
                                   "--lang", "en"], in: folder)
        #expect(bundled.status == 0, "\(bundled.stderr)")
        #expect(bundled.stderr.contains("succession 2025-03 → 2025-07 imported: 10587 links (9575 full, 1012 partial) into 3316 new communes"),
                "\(bundled.stderr)")
        let bad = folder.appendingPathComponent("vn_succession_2025-07-fixed.csv")
        try "new_commune_code,old_commune_code,link\n00004,00004,full\n00004,99999,full\n".write(to: bad, atomically: true, encoding: .utf8)
        let refused = try e2e.dti(["units", "import-succession", bad.path, "--lang", "en"], in: folder)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("vn_succession_2025-07-fixed.csv:3: old commune code “99999” is not in register 2025-03"), "\(refused.stderr)")
        #expect(refused.stderr.contains("nothing loaded"))
        // A department may load the sound lines and correct the rest later: it says so.
        let partial = try e2e.dti(["units", "import-succession", bad.path, "--skip-invalid", "--lang", "en"], in: folder)
        #expect(partial.status == 0, "\(partial.stderr)")
        #expect(partial.stderr.contains(":3: old commune code “99999” is not in register 2025-03"))
        #expect(partial.stderr.contains("the lines above are left out (--skip-invalid)"))
        #expect(partial.stderr.contains("succession 2025-03 → 2025-07 replaced: 1 links (1 full, 0 partial) into 1 new communes"),
                "\(partial.stderr)")
    }
}
