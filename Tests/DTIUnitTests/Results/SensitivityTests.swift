import DTICore
import DTITestSupport
import DTISQLite
import Foundation
import Testing
import ZIPFoundation

/// `dti sensitivity` against ranks worked out by hand.
struct SensitivityTests {
    /// Two indicators of one pillar, target 1: smartphones (weight `smartphones`) and fibre
    /// households (weight `fibre`).
    static func set(smartphones: Double, fibre: Double, tiers: String = "") throws -> IndicatorSet {
        try IndicatorFile.parse(tiers + """
            [pillar.society]
            [indicator.smartphones]
            pillar = "society"
            formula = "adults_smartphone / adult_population"
            target = 1
            weight = \(smartphones)
            [indicator.fibre]
            pillar = "society"
            formula = "households_fibre / households_total"
            target = 1
            weight = \(fibre)
            """, file: "two.toml")
    }

    /// A province of communes 10001, 10002, … with the given (smartphone, fibre) ratios.
    static func province(_ ratios: [(Double, Double)], set: IndicatorSet) -> ProvinceResult {
        let units = ratios.indices.map { index in
            AdministrativeUnit(provinceCode: "99", provinceName: "Tỉnh Thử", communeCode: String(10001 + index),
                               communeName: "\(index + 1)", communeType: "Xã")
        }
        var submissions: [String: StoredSubmission] = [:]
        for (unit, ratio) in zip(units, ratios) {
            submissions[unit.communeCode] = StoredSubmission(
                communeCode: unit.communeCode, period: Period("2026-10")!, revision: 1,
                figures: MethodChoiceTests.figures(smartphones: ratio.0, fibre: ratio.1),
                fileName: "f.csv", fileSHA256: "", line: 2)
        }
        return ProvinceResult.rank(period: Span(Period("2026-10")!), register: RegisterVersion(inForce: Period("2025-07")!, units: units),
                                   provinceCode: "99", submissions: submissions, indicatorSet: set)
    }

    @Test func droppingAnIndicatorMovesCommunesAsWorkedOutByHand() throws {
        // A: (0.9 + 3 × 0.5) / 4 = 60; B: (0.2 + 3 × 0.8) / 4 = 65; C: (0.5 + 3 × 0.6) / 4 = 57.5 → B 1, A 2, C 3.
        // Without smartphones, by fibre: B 1, C 2, A 3. Without fibre, by smartphones: A 1, C 2, B 3.
        let set = try Self.set(smartphones: 1, fibre: 3)
        let result = Self.province([(0.9, 0.5), (0.2, 0.8), (0.5, 0.6)], set: set)
        var settings = Sensitivity.Settings()
        settings.runs = 10
        let analysis = Sensitivity.analyse(result, indicatorSet: set, settings: settings)
        #expect(analysis.communes.map(\.unit.fullName) == ["Xã 2", "Xã 1", "Xã 3"])
        #expect(analysis.communes.map(\.rank) == [1, 2, 3])
        #expect(analysis.communes.map(\.rankChangeWithout) == [[0, -2], [-1, +1], [+1, +1]])
    }

    @Test func communesChangingTierAreCountedAsWorkedOutByHand() throws {
        // Tiers at 60 and 0. As the file is: B 65 and A 60 high, C 57.5 low. Without
        // smartphones (fibre alone): A 50 low, B 80 high, C 60 high: A and C change, 2. Without
        // fibre (smartphones alone): A 90 high, B 20 low, C 50 low: B changes, 1.
        let tiers = """
            [tier.high]
            min = 60
            colour = "#1b7a3a"
            [tier.low]
            min = 0
            colour = "#c62828"

            """
        let set = try Self.set(smartphones: 1, fibre: 3, tiers: tiers)
        let result = Self.province([(0.9, 0.5), (0.2, 0.8), (0.5, 0.6)], set: set)
        var settings = Sensitivity.Settings()
        settings.weightSpread = 0
        settings.runs = 20
        let analysis = Sensitivity.analyse(result, indicatorSet: set, settings: settings)
        #expect(analysis.tierChangesWithout == [2, 1])
        // Without spread no scenario moves anyone.
        #expect(analysis.communes.map(\.tierChangeShare) == [0, 0, 0])
        let markdown = SensitivityReport(result: analysis, language: .en).markdown()
        #expect(markdown.contains("0 of 3 communes change tier in at least 5 % of the scenarios. Communes changing tier when each indicator is dropped — smartphones: 2; fibre: 1."), "\(markdown)")
        // Without tiers, nothing is said of them.
        let plain = Sensitivity.analyse(result, indicatorSet: try Self.set(smartphones: 1, fibre: 3), settings: settings)
        #expect(plain.tierChangesWithout.isEmpty && plain.communes.allSatisfy { $0.tierChangeShare == nil })
    }

    @Test func withoutSpreadEveryScenarioIsTheBaseline() throws {
        let set = try Self.set(smartphones: 1, fibre: 3)
        let result = Self.province([(0.9, 0.5), (0.2, 0.8), (0.5, 0.6)], set: set)
        var settings = Sensitivity.Settings()
        settings.weightSpread = 0
        settings.runs = 50
        let analysis = Sensitivity.analyse(result, indicatorSet: set, settings: settings)
        #expect(analysis.communes.map(\.medianRank) == [1, 2, 3])
        #expect(analysis.communes.map(\.lowRank) == [1, 2, 3])
        #expect(analysis.communes.map(\.highRank) == [1, 2, 3])
        #expect(analysis.communes.allSatisfy { $0.isRobust })
    }

    @Test func communesTiedByOpposedProfilesSwingWithTheWeightsAndAreFlagged() throws {
        // Equal weights: every commune scores 50 and all tie at rank 1. Perturbed, whichever
        // weight is larger orders them by that indicator: the first commune is 1st or 5th
        // (about half the time each), the middle one (0.5, 0.5) scores 50 always and is 3rd.
        let set = try Self.set(smartphones: 1, fibre: 1)
        let result = Self.province([(0.9, 0.1), (0.7, 0.3), (0.5, 0.5), (0.3, 0.7), (0.1, 0.9)], set: set)
        let analysis = Sensitivity.analyse(result, indicatorSet: set, settings: Sensitivity.Settings())
        let byName = Dictionary(uniqueKeysWithValues: analysis.communes.map { ($0.unit.fullName, $0) })
        #expect(analysis.robustWidth == 2)
        #expect(byName["Xã 1"].map { ($0.lowRank, $0.highRank, $0.isRobust) } ?? (0, 0, true) == (1, 5, false))
        #expect(byName["Xã 2"].map { ($0.lowRank, $0.highRank, $0.isRobust) } ?? (0, 0, true) == (2, 4, true))
        #expect(byName["Xã 3"].map { ($0.lowRank, $0.highRank, $0.medianRank) } ?? (0, 0, 0) == (3, 3, 3))
        #expect(byName["Xã 5"].map { ($0.lowRank, $0.highRank, $0.isRobust) } ?? (0, 0, true) == (1, 5, false))
        // Deterministic: the same seed gives the same analysis.
        #expect(Sensitivity.analyse(result, indicatorSet: set, settings: Sensitivity.Settings()).communes == analysis.communes)
    }

    @Test func theReportShowsTheIntervalsInAColumnAndAChartAndIsByteIdenticalOnRerun() throws {
        let set = try Self.set(smartphones: 1, fibre: 1)
        let result = Self.province([(0.9, 0.1), (0.7, 0.3), (0.5, 0.5), (0.3, 0.7), (0.1, 0.9)], set: set)
        let analysis = Sensitivity.analyse(result, indicatorSet: set, settings: Sensitivity.Settings())
        let folder = TestData.temporaryFolder()
        let writer = ReportWriter(outputFolder: folder.path, language: .vi)
        try writer.prepareFolder(for: analysis.period)
        let paths = try writer.writeSensitivity(analysis)
        #expect(paths.map { ($0 as NSString).lastPathComponent } == ["dti-2026-10-99-sensitivity.xlsx", "dti-2026-10-99-sensitivity.md"])
        let first = try paths.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        try writer.writeSensitivity(analysis)
        #expect(try paths.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } == first)

        let markdown = String(decoding: first[1], as: UTF8.self)
        #expect(markdown.contains("**2 trong 5 xã** có xếp hạng không vững."))
        // All tied at 1; without smartphones Xã 3 (fibre 0.5) is 3rd: 1 − 3 = −2 places, likewise without fibre.
        #expect(markdown.contains("| 1 | 10003 | Xã 3 | 50,00 | 3 | 3 | 3 | có | -2 | -2 |"), "\(markdown)")
        let archive = try Archive(url: URL(fileURLWithPath: paths[0]), accessMode: .read)
        #expect(archive["xl/charts/chart1.xml"] != nil)
        var sheet = Data()
        _ = try archive.extract(archive["xl/worksheets/sheet1.xml"]!) { sheet.append($0) }
        // Row of Xã 3 (third in code order among the tied, below the title and header rows):
        // median 3, 5 % 3, 95 % 3 in E–G.
        let xml = String(decoding: sheet, as: UTF8.self)
        let row = try #require(xml.components(separatedBy: "<row r=\"5\"").dropFirst().first?.components(separatedBy: "</row>").first)
        #expect(row.contains("<c r=\"E5\"><v>3</v></c><c r=\"F5\"><v>3</v></c><c r=\"G5\"><v>3</v></c>"), "\(row)")
    }
}

extension SensitivityTests {
    @Test func varyingTheNormalisationOfOneIndicatorOnlyBreaksTheTargetsTies() throws {
        // Target, min–max and z-scores are all increasing in the raw value: with one indicator
        // the weights do not matter and the order never changes, except where the target's cap ties.
        let set = try IndicatorFile.parse("""
            [pillar.society]
            [indicator.smartphones]
            pillar = "society"
            formula = "adults_smartphone / adult_population"
            target = 0.8
            weight = 1
            """, file: "one.toml")
        let result = Self.province([(0.9, 0), (0.3, 0), (0.85, 0), (0.45, 0)], set: set)
        var settings = Sensitivity.Settings()
        settings.varyNormalisation = true
        settings.runs = 200
        let analysis = Sensitivity.analyse(result, indicatorSet: set, settings: settings)
        // 0.9 and 0.85 both reach the 0.8 target under the file's method and tie; min–max and
        // z-scores part them, so the second is 1st (a third of the scenarios) or 2nd.
        #expect(analysis.communes.map(\.rank) == [1, 1, 3, 4])
        #expect(analysis.communes.map { "\($0.unit.fullName) \($0.lowRank)–\($0.highRank)" }
                == ["Xã 1 1–1", "Xã 3 1–2", "Xã 4 3–3", "Xã 2 4–4"])
    }
}
