import DTICore
import DTITestSupport
import DTISQLite
import Testing

struct ResultsBuilderTests {
    typealias T = TestData

    @Test func changeIsAgainstTheLastPeriodInWhichTheCommuneWasRanked() throws {
        let store = try DTIStore()
        try T.ingest(store, [T.row("03388", "2026-07", T.figures(0.4)), T.row("03390", "2026-07", T.figures(0.6)),
                           T.row("03390", "2026-08", T.figures(0.5)),
                           T.row("03388", "2026-09", T.figures(1.0)), T.row("03390", "2026-09", T.figures(0.3))])
        let builder = ResultsBuilder(store: store, indicatorSet: TestData.defaultSet,
                                     directory: UnitDirectory(versions: [T.register]))
        let province = try #require(try builder.results(for: Period("2026-09")!).first { $0.provinceCode == "12" })
        let doanKet = try #require(province.communes.first { $0.unit.communeCode == "03388" })
        // 03388 did not report in August: compared with July, when it ranked 2nd of 2.
        #expect(doanKet.previous?.period == Span("2026-07"))
        #expect(doanKet.rank == 1 && doanKet.rankChange == 1)
        // July DTI at 40 %: 100 × (.15×.4 + .10×.4 + .15×.5 + .25×.5 + .20×.5 + .15×.8) = 52; September at 100 %: 100.
        #expect(abs(doanKet.previous!.dti - 52) < 1e-9)
        #expect(abs(doanKet.dtiChange! - 48) < 1e-9)
        #expect(province.missing.map(\.communeCode) == ["03394", "03405"])
    }

    /// A commune above the others that does not report moves nobody: rank change counts only
    /// the communes ranked in both periods.
    @Test func aSilentCommuneAboveMovesNobody() throws {
        let store = try DTIStore()
        // July: 03388 (100 %), 03390 (60 %), 03394 (40 %). August: 03388 silent, the other two unchanged.
        try T.ingest(store, [T.row("03388", "2026-07", T.figures(1.0)), T.row("03390", "2026-07", T.figures(0.6)),
                           T.row("03394", "2026-07", T.figures(0.4)),
                           T.row("03390", "2026-08", T.figures(0.6)), T.row("03394", "2026-08", T.figures(0.4))])
        let builder = ResultsBuilder(store: store, indicatorSet: TestData.defaultSet,
                                     directory: UnitDirectory(versions: [T.register]))
        let august = try #require(try builder.results(for: Period("2026-08")!).first { $0.provinceCode == "12" })
        // Ranks 2 and 3 in July, 1 and 2 in August: yet neither moved against the other.
        #expect(august.ranked.map(\.rank) == [1, 2])
        #expect(august.ranked.map(\.rankChange) == [0, 0])
        #expect(august.ranked.map { $0.previous?.rank } == [2, 3])
        // In September 03394 overtakes 03390: +1 and −1, and 03388 back at the top is compared
        // with July among the three ranked in both.
        try T.ingest(store, [T.row("03388", "2026-09", T.figures(1.0)), T.row("03390", "2026-09", T.figures(0.3)),
                           T.row("03394", "2026-09", T.figures(0.5))])
        let september = try #require(try builder.results(for: Period("2026-09")!).first { $0.provinceCode == "12" })
        #expect(september.ranked.map(\.unit.communeCode) == ["03388", "03394", "03390"])
        #expect(september.ranked.map(\.rankChange) == [0, 1, -1])
    }

    @Test func districtsRankByTheMeanDTIOfTheirReportingCommunes() throws {
        func unit(_ code: String, district: String) -> AdministrativeUnit {
            AdministrativeUnit(provinceCode: "12", provinceName: "Lai Châu", districtCode: district,
                               districtName: "Huyện \(district)", communeCode: code, communeName: code, communeType: "Xã")
        }
        let register = RegisterVersion(inForce: Period("2025-03")!, units: [
            unit("03388", district: "105"), unit("03390", district: "105"), unit("03394", district: "106"),
            unit("03405", district: "106"),
        ])
        let store = try DTIStore()
        // DTIs: 03388 → 100 (100 %), 03390 → 52 (40 %), 03394 → 75 (60 %), 03405 silent.
        try T.ingest(store, [T.row("03388", "2025-05", T.figures(1.0)), T.row("03390", "2025-05", T.figures(0.4)),
                           T.row("03394", "2025-05", T.figures(0.6))], register: register)
        let results = try ResultsBuilder(store: store, indicatorSet: TestData.defaultSet,
                                         directory: UnitDirectory(versions: [register])).results(for: Period("2025-05")!)
        let districts = try #require(results.first?.districts)
        // 60 %: 100 × (.15×.6 + .10×.6 + .15×.75 + .25×.75 + .20×.75 + .15×1) = 75
        #expect(districts.map(\.code) == ["105", "106"])
        #expect(districts.map(\.rank) == [1, 2])
        #expect(districts.map(\.submitting) == [2, 1])
        #expect(abs(districts[0].meanDTI - 76) < 1e-9 && abs(districts[1].meanDTI - 75) < 1e-9)
    }
}
