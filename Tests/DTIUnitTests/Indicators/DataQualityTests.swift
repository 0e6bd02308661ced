import DTICore
import DTITestSupport
import DTISQLite
import Foundation
import Testing

/// The data-quality flags, each against a history worked out by hand.
struct DataQualityTests {
    static let set = try! IndicatorFile.parse("""
        [pillar.society]
        [indicator.smartphones]
        pillar = "society"
        formula = "adults_smartphone / adult_population"
        target = 1
        weight = 1
        label_en = "Adults with a smartphone"
        label_vi = "Người có điện thoại thông minh"
        """, file: "one.toml")

    /// A report with smartphone share `share` of `adults` adults, `villages` villages and
    /// `households` households.
    static func report(_ share: Double, villages: Int = 12, households: Int = 1000, adults: Int = 1000) -> DataQuality.Report {
        let figures = Figures(values: [villages, villages, 5, 1, households, 500, adults, Int((share * Double(adults)).rounded()),
                                       100, 10, 50, 100, 50])
        return DataQuality.Report(period: Period("2026-01")!, figures: figures,
                                  raw: set.indicators.map { $0.formula.evaluate(figures) }, indicatorSet: set)
    }

    static func rules(_ current: DataQuality.Report, _ history: [DataQuality.Report], identical: [String] = []) -> [QualityFlag.Rule] {
        DataQuality.flags(current, history: history, identicalTo: identical, indicatorSet: set).map(\.rule)
    }

    @Test func aJumpIsMeasuredAgainstTheCommunesOwnHistory() {
        // Earlier changes 2, 1, 2 points: the threshold is max(15, 3 × 2) = 15 points.
        let steady = [0.50, 0.52, 0.53, 0.55].map { Self.report($0) }
        #expect(Self.rules(Self.report(0.70), steady) == [.jump])  // +15 points
        #expect(Self.rules(Self.report(0.69), steady).isEmpty)     // +14 points
        #expect(Self.rules(Self.report(0.40), steady) == [.jump])  // −15 points
        let flag = DataQuality.flags(Self.report(0.80), history: steady, identicalTo: [], indicatorSet: Self.set)[0]
        #expect(flag.message.en == "“Adults with a smartphone” rose from 55.00 % to 80.00 % in one report; before, it never moved more than 2 points.")
        #expect(flag.message.vi.contains("tăng từ 55,00 % lên 80,00 %"))
        // A commune that always moved a lot: changes of 10 points make the threshold 30.
        let lively = [0.30, 0.40, 0.30, 0.40].map { Self.report($0) }
        #expect(Self.rules(Self.report(0.65), lively).isEmpty)      // +25 points
        #expect(Self.rules(Self.report(0.70), lively) == [.jump])  // +30 points
        // Fewer than three earlier changes: only 30 points or more.
        #expect(Self.rules(Self.report(0.80), [Self.report(0.55)]).isEmpty)
        #expect(Self.rules(Self.report(0.85), [Self.report(0.55)]) == [.jump])
        #expect(Self.rules(Self.report(0.85), []).isEmpty, "no earlier report, nothing to compare")
    }

    @Test func villagesMustNotChangeAndHouseholdsOnlyALittle() {
        let last = Self.report(0.5, villages: 12, households: 1000)
        #expect(Self.rules(Self.report(0.5, villages: 14, households: 1000), [last]) == [.totalChanged])
        #expect(Self.rules(Self.report(0.5, villages: 12, households: 1050), [last]).isEmpty)  // 5 %: allowed
        #expect(Self.rules(Self.report(0.5, villages: 12, households: 1051), [last]) == [.totalChanged])
        #expect(Self.rules(Self.report(0.5, villages: 12, households: 940), [last]) == [.totalChanged])
    }

    @Test func exactlyFullForSixReportsInARowWhileTheTotalMovesIsFlagged() {
        // Every adult has a smartphone, month after month, as the number of adults grows.
        let five = (0..<5).map { Self.report(1.0, adults: 1000 + 10 * $0) }
        #expect(Self.rules(Self.report(1.0, adults: 1050), five) == [.stuckAtFull])
        #expect(Self.rules(Self.report(1.0, adults: 1050), Array(five.dropFirst())).isEmpty, "five in a row")
        #expect(Self.rules(Self.report(1.0, adults: 1050), [Self.report(0.99, adults: 1000)] + Array(five.dropFirst())).isEmpty)
        // The same total every month: a full share that simply stays full is not flagged.
        let steady = Array(repeating: Self.report(1.0), count: 5)
        #expect(Self.rules(Self.report(1.0), steady).isEmpty)
    }

    @Test func identicalFiguresAreFoundAcrossCommunesButNotForEmptyReports() {
        func stored(_ code: String, _ values: [Int]) -> StoredSubmission {
            StoredSubmission(communeCode: code, period: Period("2026-10")!, revision: 1, figures: Figures(values: values),
                             fileName: "f.csv", fileSHA256: "", line: 2)
        }
        let same = TestData.goodFigures, zero = Array(repeating: 0, count: 13)
        var other = same
        other[12] += 1
        let identical = DataQuality.identicalFigures([
            "03388": stored("03388", same), "03390": stored("03390", same), "03394": stored("03394", other),
            "03405": stored("03405", zero), "00004": stored("00004", zero),
        ])
        #expect(identical == ["03388": ["03390"], "03390": ["03388"]])
        #expect(Self.rules(Self.report(0.5), [], identical: ["03390"]) == [.identical])
    }

    @Test func theMonthlyReportListsTheFlagsOfThePeriod() throws {
        // 03390 reports 50 %, 52 %, 53 % … then its smartphone share leaps; 03388 copies 03390's file.
        let store = try DTIStore()
        var rows: [String] = []
        for (month, share) in zip(4...7, [0.50, 0.52, 0.53, 0.55]) {
            var figures = TestData.goodFigures
            figures[7] = Int(share * 5000)
            rows.append(TestData.row("03390", "2026-0\(month)", figures))
        }
        var leap = TestData.goodFigures
        leap[7] = 4000  // 80 % of 5,000 adults
        rows += [TestData.row("03390", "2026-08", leap), TestData.row("03388", "2026-08", leap)]
        try TestData.ingest(store, rows)
        let builder = ResultsBuilder(store: store, indicatorSet: TestData.defaultSet, directory: UnitDirectory(versions: [TestData.register]))
        let august = try #require(try builder.results(for: Period("2026-08")!, qualityFlags: true).first { $0.provinceCode == "12" })
        #expect(try builder.results(for: Period("2026-08")!).allSatisfy { $0.flagged.isEmpty }, "flags only when asked for")
        #expect(august.flagged.map(\.unit.communeCode) == ["03388", "03390"])
        #expect(august.flagged[1].qualityFlags.map(\.rule) == [.jump, .identical])
        #expect(august.flagged[0].qualityFlags.map(\.rule) == [.identical], "03388 has no history to jump from")
        // Walking July and August in one go flags the same as asking for August alone.
        var walked: [ProvinceResult] = []
        try builder.walk([Period("2026-07")!, Period("2026-08")!], qualityFlags: true) { period, results in
            if period == Period("2026-08") { walked = results }
        }
        #expect(walked.first { $0.provinceCode == "12" }?.flagged.map { $0.qualityFlags.map(\.rule) } == [[.identical], [.jump, .identical]])
        let markdown = MarkdownReport(result: august, indicatorSet: TestData.defaultSet, warnings: [], language: .en).render()
        #expect(markdown.contains("## Data quality to check (3)"))
        #expect(markdown.contains("| 03390 | Xã Bình Lư | Unusual jump | “Adults with a smartphone” rose from 55.00 % to 80.00 % in one report; before, it never moved more than 2 points. |"), "\(markdown)")
    }
}
