import Foundation

/// How robust a province's ranking is to the choices behind it (OECD/JRC Handbook, step 7):
/// the weights perturbed at random (and optionally the normalisation), each indicator dropped
/// in turn. Deterministic: the same inputs and seed give the same result.
public enum Sensitivity {
    public struct Settings: Sendable, Equatable {
        /// Random scenarios.
        public var runs = 1000
        /// Each weight is multiplied by a factor drawn uniformly from 1 ± spread.
        public var weightSpread = 0.25
        /// Also draw each scenario's normalisation: the file's own, min–max or (with
        /// arithmetic aggregation) z-scores, for every indicator at once.
        public var varyNormalisation = false
        public var seed: UInt64 = 1

        public init() {}
    }

    /// One ranked commune's standing across the scenarios.
    public struct Commune: Sendable, Equatable {
        public var unit: AdministrativeUnit
        /// Rank and DTI under the indicator file as it is.
        public var rank: Int
        public var dti: Double
        public var medianRank: Double
        /// The 5th and 95th percentiles of its rank over the scenarios (nearest rank).
        public var lowRank: Int
        public var highRank: Int
        /// Places gained (positive) or lost when each indicator is dropped, in the set's order;
        /// nil when no indicator is left for the commune.
        public var rankChangeWithout: [Int?]
        /// The 5–95 % interval spans at most `Result.robustWidth` places.
        public var isRobust: Bool
        /// The share of scenarios in which the commune is in another tier than under the file
        /// as it is; nil when the set declares no tiers.
        public var tierChangeShare: Double? = nil
    }

    public struct Result: Sendable {
        public var period: Span
        public var provinceCode: String
        public var provinceName: String
        public var settings: Settings
        /// The widest 5–95 % interval, in places, still called robust: a tenth of the ranked
        /// communes, at least 2.
        public var robustWidth: Int
        public var indicators: [Indicator]
        /// In baseline rank order.
        public var communes: [Commune]
        /// For each indicator dropped in turn, how many communes land in another tier; empty
        /// when the set declares no tiers.
        public var tierChangesWithout: [Int] = []
    }

    /// Analyses the ranked communes of `result` (scored under `indicatorSet`).
    public static func analyse(_ result: ProvinceResult, indicatorSet: IndicatorSet, settings: Settings) -> Result {
        let ranked = result.ranked
        let figures = ranked.map(\.submission.figures)
        let count = ranked.count
        var generator = SplitMix64(seed: settings.seed, key: "\(result.period)/\(result.provinceCode)")
        var ranksByCommune = Array(repeating: [Int](), count: count)
        // Tiers are compared by their lower bound (nil: none); a commune's baseline is its own.
        let tiered = !indicatorSet.tiers.isEmpty
        let baseline = ranked.map { indicatorSet.tier(of: $0.score.dti)?.minimum }
        var tierChanges = Array(repeating: 0, count: count)
        for _ in 0..<settings.runs {
            let scenario = perturbed(indicatorSet, settings: settings, using: &generator)
            let scores = scenario.score(figures)
            for (index, rank) in ranks(scores).enumerated() {
                // A commune whose DTI no indicator reaches under a scenario ranks last.
                ranksByCommune[index].append(rank ?? count)
                if tiered && indicatorSet.tier(of: scores[index].dti)?.minimum != baseline[index] { tierChanges[index] += 1 }
            }
        }
        var tierChangesWithout: [Int] = []
        let dropped = indicatorSet.indicators.indices.map { removed -> [Int?] in
            var reduced = indicatorSet
            reduced.indicators.remove(at: removed)
            let scores = reduced.score(figures)
            if tiered { tierChangesWithout.append(scores.indices.count { indicatorSet.tier(of: scores[$0].dti)?.minimum != baseline[$0] }) }
            return ranks(scores)
        }
        let robustWidth = max(2, Int((Double(count) / 10).rounded(.up)))
        let communes = ranked.indices.map { index -> Commune in
            let sorted = ranksByCommune[index].sorted()
            let rank = ranked[index].rank!
            let low = percentile(sorted, 0.05) ?? rank
            let high = percentile(sorted, 0.95) ?? rank
            return Commune(
                unit: ranked[index].unit, rank: rank, dti: ranked[index].score.dti!,
                medianRank: median(sorted) ?? Double(rank), lowRank: low, highRank: high,
                rankChangeWithout: dropped.map { ranks in ranks[index].map { rank - $0 } },
                isRobust: high - low <= robustWidth,
                tierChangeShare: tiered && settings.runs > 0 ? Double(tierChanges[index]) / Double(settings.runs) : nil)
        }
        return Result(period: result.period, provinceCode: result.provinceCode, provinceName: result.provinceName,
                      settings: settings, robustWidth: robustWidth, indicators: indicatorSet.indicators, communes: communes,
                      tierChangesWithout: tierChangesWithout)
    }

    /// Competition ranks of `scores` by position; nil for a score without a DTI.
    static func ranks(_ scores: [CommuneScore]) -> [Int?] {
        var ranks = [Int?](repeating: nil, count: scores.count)
        for entry in Ranking.competition(scores.indices.compactMap { index in scores[index].dti.map { (key: index, value: $0) } }) {
            ranks[entry.key] = entry.rank
        }
        return ranks
    }

    /// `set` with each weight scaled by a factor in 1 ± spread and, when asked, one
    /// normalisation drawn for all indicators.
    static func perturbed(_ set: IndicatorSet, settings: Settings, using generator: inout SplitMix64) -> IndicatorSet {
        var scenario = set
        for index in scenario.indicators.indices {
            let factor = 1 + settings.weightSpread * (2 * unitInterval(&generator) - 1)
            scenario.indicators[index].weight *= factor
        }
        if settings.varyNormalisation {
            let choices = set.aggregation == .geometric ? 2 : 3
            switch Int(generator.next() % UInt64(choices)) {
            case 1: for index in scenario.indicators.indices { scenario.indicators[index].normalisation = .minMax }
            case 2: for index in scenario.indicators.indices { scenario.indicators[index].normalisation = .zScore }
            default: break
            }
        }
        return scenario
    }

    /// A double uniform in [0, 1) from the top 53 bits.
    static func unitInterval(_ generator: inout SplitMix64) -> Double {
        Double(generator.next() >> 11) * 0x1p-53
    }

    /// The nearest-rank percentile of sorted values: the smallest value with at least `q` of
    /// the values at or below it.
    static func percentile(_ sorted: [Int], _ q: Double) -> Int? {
        guard !sorted.isEmpty else { return nil }
        let position = Int((q * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(sorted.count - 1, max(0, position))]
    }

    static func median(_ sorted: [Int]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        return sorted.count.isMultiple(of: 2) ? Double(sorted[middle - 1] + sorted[middle]) / 2 : Double(sorted[middle])
    }
}
