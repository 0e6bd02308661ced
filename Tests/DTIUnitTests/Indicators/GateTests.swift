import DTICore
import Foundation
import Testing

/// Mandatory conditions (issue 35, item 3): an indicator that must reach full marks, and what
/// becomes of a commune that misses it, worked by hand.
struct GateTests {
    typealias M = MethodChoiceTests

    /// Smartphones (target 0.8, weight 1, mandatory) and fibre households (target 1, weight 1).
    static func set(_ rule: String) throws -> IndicatorSet {
        try M.set("""
            target = 0.8
            mandatory = true
            [indicator.fibre]
            pillar = "society"
            formula = "households_fibre / households_total"
            target = 1
            weight = 1
            """, set: rule)
    }

    @Test func aCommuneMissingAMandatoryIndicatorIsFlaggedCappedOrLeftUnranked() throws {
        // Smartphones 0.6 → 0.75 (missed), fibre 0.9 → 0.9: DTI (75 + 90) ÷ 2 = 82.5.
        // Smartphones 0.8 → 1 (met), fibre 0.5 → 0.5: DTI 75.
        let missing = M.figures(smartphones: 0.6, fibre: 0.9), meeting = M.figures(smartphones: 0.8, fibre: 0.5)
        let flagged = try Self.set("")
        #expect(flagged.gateRule == .flagged)
        let scores = flagged.score([missing, meeting])
        #expect(scores.map(\.failedGates) == [[0], []])
        #expect(M.close(scores[0].dti, 82.5) && M.close(scores[1].dti, 75))
        #expect(!flagged.isOfficialMethod)

        let capped = try Self.set("mandatory = \"capped\"\nmandatory_cap = 64.99")
        #expect(capped.gateRule == .capped(64.99))
        let held = capped.score([missing, meeting])
        #expect(M.close(held[0].dti, 64.99) && M.close(held[1].dti, 75))

        // Not applicable (no adults) is not judged: the condition is neither met nor missed.
        var none = M.figures(smartphones: 0.6).values
        none[Figure.allCases.firstIndex(of: .adultPopulation)!] = 0
        none[Figure.allCases.firstIndex(of: .adultsSmartphone)!] = 0
        #expect(flagged.score(Figures(values: none)).failedGates.isEmpty)

        let excluded = try Self.set("mandatory = \"excluded\"")
        #expect(excluded.gateRule == .excluded)
        #expect(M.close(excluded.score(missing).dti, 82.5))  // the DTI stays, for reference
    }

    @Test func mistakesInAGateNameTheirLine() {
        for (rule, body, words) in [("mandatory = \"capped\"", "", "needs mandatory_cap"),
                                    ("mandatory = \"capped\"\nmandatory_cap = 120", "", "a DTI from 0 to 100"),
                                    ("mandatory = \"flagged\"\nmandatory_cap = 50", "", "applies to mandatory = \"capped\" only"),
                                    ("mandatory = \"strict\"", "", "flagged, capped or excluded"),
                                    ("", "mandatory = \"yes\"", "true or false")] {
            do {
                _ = try M.set("target = 0.8\n" + body, set: rule)
                Issue.record("accepted: \(rule) \(body)")
            } catch {
                let problems = (error as? IndicatorFile.Problems)?.problems ?? []
                #expect(problems.contains { $0.message.contains(words) && $0.line > 0 }, "\(error)")
            }
        }
    }
}
