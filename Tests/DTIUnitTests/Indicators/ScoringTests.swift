import DTICore
import DTITestSupport
import DTISQLite
import Foundation
import Testing

struct ScoringTests {

    @Test func scoresACommuneAsComputedByHand() throws {
        // mobile 10/12, fibre villages 6/12, households 1200/2400 → 0.5/0.8, smartphones 3000/5000 → 0.6/0.8,
        // full services 100/200 → 0.5/0.8, dossiers 100/300 → (1/3)/0.5.
        let figures = Figures(values: [12, 10, 6, 5, 2400, 1200, 5000, 3000, 200, 10, 100, 300, 100])
        let score = TestData.defaultSet.score(figures)
        let n = [10.0 / 12, 0.5, 0.625, 0.75, 0.625, 2.0 / 3]
        let w = [0.15, 0.10, 0.15, 0.25, 0.20, 0.15]
        let dti = 100 * zip(n, w).map(*).reduce(0, +) / w.reduce(0, +)
        #expect(abs(score.dti! - dti) < 1e-9)
        #expect(abs(score.dti! - 68.125) < 1e-9)  // 0.68125 worked out on paper: .125+.05+.09375+.1875+.125+.1
        #expect(abs(score.pillars[0]! - 100 * (0.15 * 10 / 12 + 0.10 * 0.5 + 0.15 * 0.625) / 0.40) < 1e-9)
        #expect(abs(score.pillars[1]! - 75) < 1e-9)
        #expect(abs(score.pillars[2]! - 100 * (0.20 * 0.625 + 0.15 * 2.0 / 3) / 0.35) < 1e-9)
        #expect(score.context == [5, 1])  // BTS and BTS per 1,000 adults
    }

    @Test func ratiosAboveTargetAreCapped() {
        let figures = Figures(values: [10, 10, 10, 0, 100, 100, 100, 100, 100, 0, 100, 100, 100])
        let score = TestData.defaultSet.score(figures)
        #expect(score.normalised.allSatisfy { $0 == 1 })
        #expect(score.dti == 100)
    }

    @Test func zeroDenominatorIsNotApplicableAndWeightsRenormalise() {
        // No procedures and no dossiers: the government pillar is n/a; the DTI uses the other four.
        let figures = Figures(values: [10, 5, 5, 1, 100, 40, 100, 40, 0, 0, 0, 0, 0])
        let score = TestData.defaultSet.score(figures)
        #expect(score.raw[4] == nil && score.raw[5] == nil)
        #expect(score.pillars[2] == nil)
        #expect(score.applicableCount == 4)
        let expected = 100 * (0.15 * 0.5 + 0.10 * 0.5 + 0.15 * 0.5 + 0.25 * 0.5) / 0.65
        #expect(abs(score.dti! - expected) < 1e-9)
    }

    @Test func tiesOnRoundedScoresShareARankAndSkipTheNext() {
        let ranks = Ranking.competition([(key: "00004", value: 80.0), (key: "00003", value: 90.0),
                                         (key: "00002", value: 80.004), (key: "00001", value: 70.0),
                                         (key: "00005", value: 80.001)])
        #expect(ranks.map(\.key) == ["00003", "00002", "00004", "00005", "00001"])
        #expect(ranks.map(\.rank) == [1, 2, 2, 2, 5])
    }

    @Test func roundsHalfUpLikeThePublishedRankings() {
        #expect(Scoring.roundHalfUp(84.125) == 84.13)
        #expect(Scoring.roundHalfUp(84.124999) == 84.12)
        #expect(Scoring.roundHalfUp(1.005) == 1.01)
        #expect(Scoring.roundHalfUp(84.135) == 84.14)
    }
}
