import DTICore
import DTITestSupport
import DTISQLite
import Foundation
import Testing

/// The method choices of the indicator file (issue 6), each scored against values worked
/// out by hand (or, for roots and logarithms, by a calculator: the constants below).
struct MethodChoiceTests {
    /// Figures whose smartphone ratio is `ratio` (adults 1000) and whose fibre-household
    /// ratio is `fibre` (households 1000); everything else plausible.
    static func figures(smartphones ratio: Double, fibre: Double = 0.5) -> Figures {
        Figures(values: [10, 10, 5, 1, 1000, Int(fibre * 1000), 1000, Int(ratio * 1000), 100, 10, 50, 100, 50])
    }

    static func set(_ body: String, set: String = "") throws -> IndicatorSet {
        try IndicatorFile.parse("""
            [set]
            name = "test"
            \(set)
            [pillar.society]
            [indicator.smartphones]
            pillar = "society"
            formula = "adults_smartphone / adult_population"
            weight = 1
            \(body)
            """, file: "test.toml")
    }

    static func close(_ a: Double?, _ b: Double, within tolerance: Double = 1e-9) -> Bool {
        a.map { abs($0 - b) < tolerance } ?? false
    }

    @Test func goalpostsScaleBetweenFixedEndsAndClamp() throws {
        let set = try Self.set("normalisation = \"goalposts\"\nmin = 0.2\nmax = 0.9")
        #expect(set.indicators[0].normalisation == .goalposts(min: 0.2, max: 0.9))
        // (0.5 − 0.2) / 0.7 = 3/7; below the lower goalpost 0, above the upper 1.
        #expect(Self.close(set.score(Self.figures(smartphones: 0.5)).normalised[0], 3.0 / 7))
        #expect(set.score(Self.figures(smartphones: 0.1)).normalised[0] == 0)
        #expect(set.score(Self.figures(smartphones: 0.95)).normalised[0] == 1)
        let lower = try Self.set("normalisation = \"goalposts\"\nmin = 0.2\nmax = 0.9\ndirection = \"lower\"")
        #expect(Self.close(lower.score(Self.figures(smartphones: 0.5)).normalised[0], 4.0 / 7))
    }

    @Test func minMaxAndZScoresAreTakenOverTheCommunesScoredTogether() throws {
        let communes = [0.2, 0.5, 0.8].map { Self.figures(smartphones: $0) }
        let minMax = try Self.set("", set: "normalisation = \"minmax\"")
        #expect(zip(minMax.score(communes), [0, 0.5, 1]).allSatisfy { Self.close($0.normalised[0], $1) })
        #expect(zip(minMax.score(communes), [0, 50, 100]).allSatisfy { Self.close($0.dti, $1) })
        let lower = try Self.set("direction = \"lower\"", set: "normalisation = \"minmax\"")
        #expect(zip(lower.score(communes), [1, 0.5, 0]).allSatisfy { Self.close($0.normalised[0], $1) })
        // All equal: every commune gets full marks (nothing to tell them apart).
        #expect(minMax.score([communes[1], communes[1]]).map { $0.normalised[0] } == [1, 1])

        // Mean 0.5, population standard deviation √0.06 = 0.244949: z = ∓1.224745.
        let z = try Self.set("normalisation = \"zscore\"")
        let scores = z.score(communes).map { $0.normalised[0]! }
        #expect(Self.close(scores[0], -1.2247448713915892, within: 1e-9))
        #expect(Self.close(scores[1], 0, within: 1e-12))
        #expect(Self.close(scores[2], 1.2247448713915892, within: 1e-9))
        #expect(Self.close(z.score(communes)[2].dti, 122.47448713915892, within: 1e-7))
        #expect(z.score([communes[0], communes[0]]).map { $0.normalised[0] } == [0, 0])
    }

    @Test func lowerIsBetterUnderATarget() throws {
        let set = try Self.set("target = 0.25\ndirection = \"lower\"")
        #expect(set.score(Self.figures(smartphones: 0.5)).normalised[0] == 0.5)  // twice the target: half marks
        #expect(set.score(Self.figures(smartphones: 0.2)).normalised[0] == 1)
        #expect(set.score(Self.figures(smartphones: 0)).normalised[0] == 1)
    }

    @Test func geometricAggregationIsTheWeightedGeometricMean() throws {
        let set = try IndicatorFile.parse("""
            [set]
            aggregation = "geometric"
            [pillar.society]
            [indicator.smartphones]
            pillar = "society"
            formula = "adults_smartphone / adult_population"
            target = 1
            weight = 1
            [indicator.fibre]
            pillar = "society"
            formula = "households_fibre / households_total"
            target = 1
            weight = 3
            """, file: "geometric.toml")
        #expect(set.aggregation == .geometric)
        // 100 × 0.5^(1/4) × 0.8^(3/4) = 71.131176 (calculator); the arithmetic mean would be 72.5.
        let score = set.score(Self.figures(smartphones: 0.5, fibre: 0.8))
        #expect(Self.close(score.dti, 71.13117640155691, within: 1e-9))
        #expect(Self.close(score.pillars[0], 71.13117640155691, within: 1e-9))
        // One indicator at 0: no compensation, the score is 0.
        #expect(set.score(Self.figures(smartphones: 0, fibre: 0.8)).dti == 0)
    }

    @Test func theDefaultSetKeepsTheOfficialMethod() {
        let set = TestData.defaultSet
        #expect(set.isOfficialMethod)
        #expect(set.aggregation == .arithmetic)
        #expect(set.indicators.allSatisfy { $0.normalisation == .target && $0.direction == .higher })
    }

    @Test func methodMistakesNameTheLineAndSayWhatIsAllowed() {
        func problems(_ body: String, set: String = "") -> [String] {
            do {
                _ = try Self.set(body, set: set)
                return []
            } catch {
                return (error as? IndicatorFile.Problems)?.problems.map { "\($0.line) \($0.message)" } ?? ["\(error)"]
            }
        }
        #expect(problems("normalisation = \"rank\"").contains { $0.hasPrefix("9 ") && $0.contains("target, goalposts, minmax, zscore or steps") })
        #expect(problems("normalisation = \"goalposts\"\nmin = 0.9\nmax = 0.2").contains { $0.contains("min below max") })
        #expect(problems("normalisation = \"goalposts\"\nmin = 0.2").contains { $0.contains("“max” is missing") })
        #expect(problems("normalisation = \"minmax\"\ntarget = 0.8").contains { $0.contains("applies to normalisation = \"target\" only") })
        #expect(problems("target = 0.8\nmin = 0.1").contains { $0.contains("“min” applies to normalisation = \"goalposts\" only") })
        #expect(problems("").contains { $0.contains("“target” is missing") })
        #expect(problems("direction = \"up\"").contains { $0.contains("higher or lower") })
        #expect(problems("normalisation = \"zscore\"", set: "aggregation = \"geometric\"").contains { $0.contains("z-scores are negative") })
        #expect(problems("target = 0.8", set: "aggregation = \"median\"").contains { $0.contains("arithmetic or geometric") })
        #expect(problems("target = 0.8", set: "normalisation = \"minmax\"").contains { $0.contains("this indicator uses minmax") })
    }
}
