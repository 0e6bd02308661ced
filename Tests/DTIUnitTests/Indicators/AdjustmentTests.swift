import DTICore
import Foundation
import Testing

/// Bonuses and penalties a decree adds after aggregation (issue 35, item 3), worked by hand.
struct AdjustmentTests {
    typealias M = MethodChoiceTests

    /// One indicator (smartphones, target 0.8, weight 1) and three adjustments.
    static let file = """
        normalisation = "target"
        target = 0.8
        [adjustment.bts_bonus]
        formula = "bts_stations * 3"
        min = -5
        max = 2
        label_vi = "Điểm cộng trạm BTS"
        [adjustment.dossier_penalty]
        formula = "0 - dossiers_online / dossiers_total * 4"
        min = -1
        max = 0
        [adjustment.never]
        formula = "bts_stations / (villages_total - villages_mobile_broadband)"
        min = -10
        max = 10
        """

    @Test func adjustmentsAreHeldWithinTheirBoundsAndAddedAfterAggregation() throws {
        let set = try M.set(Self.file)
        #expect(set.adjustments.map(\.id) == ["bts_bonus", "dossier_penalty", "never"])
        // Smartphones 0.6 of 1,000 adults: min(1, 0.6 ÷ 0.8) = 0.75, a score of 75. One BTS
        // station × 3 = 3, held to +2; 50 of 100 dossiers online × −4 = −2, held to −1; the
        // third divides by 10 − 10 villages: it does not apply and adds nothing. 75 + 2 − 1 = 76.
        let score = set.score(M.figures(smartphones: 0.6))
        #expect(score.adjustments == [2, -1, nil])
        #expect(score.adjustment == 1)
        #expect(M.close(score.dti, 76))
        #expect(M.close(score.pillars[0], 75))  // pillars are the indicators' alone
        #expect(!set.isOfficialMethod)
        // A commune at full marks goes past 100 with its bonus: adjustments lie outside 0–100.
        #expect(M.close(set.score(M.figures(smartphones: 0.9)).dti, 101))
    }

    @Test func mistakesInAnAdjustmentNameTheirLine() {
        for (body, words) in [("[adjustment.a]\nformula = \"bts_stations\"\nmin = 2\nmax = 1", "min at or below max"),
                              ("[adjustment.a]\nformula = \"bts_stations\"\nmin = 0", "“max” is missing"),
                              ("[adjustment.a]\nformula = \"bts\"\nmin = 0\nmax = 1", "bts"),
                              ("[adjustment.a]\nformula = \"bts_stations\"\nmin = 0\nmax = 1\nweight = 2", "weight")] {
            do {
                _ = try M.set("target = 0.8\n" + body)
                Issue.record("accepted: \(body)")
            } catch {
                let problems = (error as? IndicatorFile.Problems)?.problems ?? []
                #expect(problems.contains { $0.message.contains(words) && $0.line > 0 && ($0.entry ?? "").hasSuffix("a") }, "\(error)")
            }
        }
    }
}
