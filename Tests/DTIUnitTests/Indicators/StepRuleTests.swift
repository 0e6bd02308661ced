import DTICore
import Foundation
import Testing

/// A decree's step rule (issue 35, item 3): “from this value, so many points”, scored against
/// values worked out by hand.
struct StepRuleTests {
    typealias M = MethodChoiceTests

    /// Smartphone ratio from 0.9: 20 points, from 0.7: 15, from 0.5: 10 (full marks 20).
    static let rule = "normalisation = \"steps\"\nsteps = \"0.9: 20, 0.7: 15, 0.5: 10\""

    @Test func theHighestStepReachedGivesItsShareOfFullMarks() throws {
        let set = try M.set(Self.rule)
        #expect(set.indicators[0].normalisation == .steps([Step(from: 0.9, points: 20), Step(from: 0.7, points: 15),
                                                           Step(from: 0.5, points: 10)]))
        // 0.95 → 20/20; exactly 0.7 → 15/20; 0.69 → 10/20; 0.3 reaches no step → 0.
        for (ratio, share) in [(0.95, 1.0), (0.7, 0.75), (0.69, 0.5), (0.3, 0.0)] {
            #expect(M.close(set.score(M.figures(smartphones: ratio)).normalised[0], share), "\(ratio)")
        }
        // The DTI of a one-indicator set is 100 × the share: 75 at 0.7.
        #expect(M.close(set.score(M.figures(smartphones: 0.7)).dti, 75))
        // Lower is better: a step holds from its value down. ≤ 0.5: 20, ≤ 0.7: 15, ≤ 0.9: 10.
        let lower = try M.set("normalisation = \"steps\"\nsteps = \"0.5: 20, 0.7: 15, 0.9: 10\"\ndirection = \"lower\"")
        for (ratio, share) in [(0.4, 1.0), (0.6, 0.75), (0.9, 0.5), (0.95, 0.0)] {
            #expect(M.close(lower.score(M.figures(smartphones: ratio)).normalised[0], share), "lower \(ratio)")
        }
        // Half credit is a step of half the points: 1 from 0.8, 0.5 from 0.4.
        let half = try M.set("normalisation = \"steps\"\nsteps = \"0.8: 1, 0.4: 0.5\"")
        #expect(M.close(half.score(M.figures(smartphones: 0.5)).normalised[0], 0.5))
    }

    @Test func mistakesInAStepRuleNameTheirLine() {
        for (body, words) in [("normalisation = \"steps\"", "“steps” is missing"),
                              ("normalisation = \"steps\"\nsteps = \"0.9 20\"", "each step is “value: points”"),
                              ("normalisation = \"steps\"\nsteps = \"0.9: -1\"", "points cannot be negative"),
                              ("normalisation = \"steps\"\nsteps = \"0.9: 0, 0.5: 0\"", "some step must give points"),
                              ("normalisation = \"steps\"\nsteps = \"0.9: 2, 0.9: 1\"", "the value 0.9 has two steps"),
                              ("steps = \"0.9: 2\"", "applies to normalisation = \"steps\" only")] {
            #expect(throws: IndicatorFile.Problems.self, "\(body)") { try M.set(body) }
            do {
                _ = try M.set(body)
            } catch {
                let problems = (error as? IndicatorFile.Problems)?.problems ?? []
                #expect(problems.contains { $0.message.contains(words) && $0.line > 0 }, "\(error)")
            }
        }
    }
}
