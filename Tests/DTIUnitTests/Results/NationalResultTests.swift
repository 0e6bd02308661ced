import DTICore
import DTITestSupport
import DTISQLite
import Testing

struct NationalResultTests {
    typealias T = TestData

    @Test func communesRankAcrossProvincesAndProvincesByMeanDTI() throws {
        let store = try DTIStore()
        // DTIs worked out in ResultsBuilderTests: 100 % → 100, 60 % → 75, 40 % → 52.
        try TestData.ingest(store, [T.row("03388", "2026-05", TestData.figures(1.0)),
                                   T.row("03390", "2026-05", TestData.figures(0.4)),
                                   T.row("00004", "2026-05", TestData.figures(0.6))])
        let provinces = try ResultsBuilder(store: store, indicatorSet: TestData.defaultSet,
                                           directory: UnitDirectory(versions: [T.register])).results(for: Period("2026-05")!)
        let national = NationalResult(period: Span("2026-05")!, provinces: provinces, pillarCount: 3)

        #expect(national.ranked.map(\.commune.unit.communeCode) == ["03388", "00004", "03390"])
        #expect(national.ranked.map(\.nationalRank) == [1, 2, 3])
        // Province ranks stay those of each province: Ba Đình is first of one in Hà Nội.
        #expect(national.ranked.map(\.commune.rank) == [1, 1, 2])
        // Lai Châu: mean of 100 and 52 = 76 beats Hà Nội's 75.
        #expect(national.provinces.map(\.code) == ["12", "01"])
        #expect(national.provinces.map(\.rank) == [1, 2])
        #expect(abs(national.provinces[0].meanDTI! - 76) < 1e-9)
        #expect(national.expectedCount == 5 && national.reportingCount == 3)
        #expect(abs(national.meanDTI! - 227.0 / 3) < 1e-9)
    }
}
