/// A commune's scores for one period under an indicator set. Arrays follow the set's order.
public struct CommuneScore: Sendable, Equatable {
    /// Raw indicator values (ratios as fractions); nil = not applicable (zero denominator).
    public let raw: [Double?]
    /// Normalised 0–1 values; nil where not applicable.
    public let normalised: [Double?]
    /// Pillar scores 0–100; nil when no indicator of the pillar applies.
    public let pillars: [Double?]
    /// The DTI 0–100 over all applicable indicators; nil when none applies.
    public let dti: Double?
    /// Context measures (not scored), such as BTS per 1,000 adults.
    public let context: [Double?]

    /// How many indicators applied; fewer than the full set is flagged in reports.
    public var applicableCount: Int { raw.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }
}

extension IndicatorSet {
    /// Scores one submission's figures (spec steps 1–4).
    public func score(_ figures: Figures) -> CommuneScore {
        let raw = indicators.map { $0.formula.evaluate(figures) }
        let normalised = zip(indicators, raw).map { indicator, value in
            value.map { Scoring.normalise($0, target: indicator.target) }
        }
        let parts = zip(indicators, normalised).map { (weight: $0.weight, value: $1) }
        let pillarScores = pillars.map { pillar in
            Scoring.weightedScore(zip(indicators, parts).filter { $0.0.pillar == pillar.id }.map(\.1))
        }
        return CommuneScore(
            raw: raw, normalised: normalised, pillars: pillarScores,
            dti: Scoring.weightedScore(parts), context: context.map { $0.formula.evaluate(figures) })
    }
}
