/// A commune's scores for one period under an indicator set. Arrays follow the set's order.
public struct CommuneScore: Sendable, Equatable {
    /// Raw indicator values (ratios as fractions); nil = not applicable (zero denominator).
    public let raw: [Double?]
    /// Normalised 0–1 values; nil where not applicable.
    public let normalised: [Double?]
    /// Pillar scores 0–100; nil when no indicator of the pillar applies.
    public let pillars: [Double?]
    /// The DTI 0–100 over all applicable indicators, with the set's adjustments added (so it
    /// may leave 0–100 when the set has any); nil when no indicator applies.
    public let dti: Double?
    /// Context measures (not scored), such as BTS per 1,000 adults.
    public let context: [Double?]
    /// The points of each of the set's adjustments (`IndicatorSet.adjustments`), held within
    /// their bounds; nil where a formula does not apply.
    public var adjustments: [Double?] = []
    /// The mandatory indicators (by index in the set) that apply and miss full marks.
    public var failedGates: [Int] = []

    /// The adjustments' sum (nil without any that applies): the DTI less this is the score
    /// the indicators alone give.
    public var adjustment: Double? {
        let applying = adjustments.compactMap { $0 }
        return applying.isEmpty ? nil : applying.reduce(0, +)
    }

    /// How many indicators applied; fewer than the full set is flagged in reports.
    public var applicableCount: Int { raw.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }
}

extension IndicatorSet {
    /// Scores the submissions of the communes ranked together (spec steps 1–4). Min–max and
    /// z-score normalisation read the raw values of all of them; the other methods score
    /// each commune on its own figures.
    public func score(_ figures: [Figures]) -> [CommuneScore] {
        // The formulas taken out once: reading one through its indicator copied the whole
        // indicator (its names, texts and bounds) for every commune.
        let formulas = indicators.map(\.formula), contextFormulas = context.map(\.formula)
        let raws = figures.map { figures in formulas.map { $0.evaluate(figures) } }
        let populations = indicators.indices.map { index in
            indicators[index].normalisation.needsPopulation ? Scoring.Population(raws.compactMap { $0[index] }) : nil
        }
        // Read once per call, not per commune: each indicator's method, each pillar's members.
        let methods = indicators.map(Scoring.Method.init)
        let weights = indicators.map(\.weight)
        let gates = indicators.indices.filter { indicators[$0].mandatory }
        let members = pillars.map { pillar in indicators.indices.filter { indicators[$0].pillar == pillar.id } }
        return zip(figures, raws).map { figures, raw in
            let normalised = raw.indices.map { index in
                raw[index].map { Scoring.normalise($0, methods[index], population: populations[index]) }
            }
            // Weighted parts are read in place, never gathered into arrays of their own.
            func parts(_ indices: some Collection<Int>) -> some Sequence<(weight: Double, value: Double?)> {
                indices.lazy.map { (weight: weights[$0], value: normalised[$0]) }
            }
            let adjustments = self.adjustments.map { $0.points($0.formula.evaluate(figures)) }
            let added = adjustments.reduce(0.0) { $0 + ($1 ?? 0) }
            let failed = gates.filter { normalised[$0].map { $0 < 1 - 1e-9 } ?? false }
            var dti = Scoring.aggregate(parts(raw.indices), aggregation).map { $0 + added }
            if case .capped(let cap) = gateRule, !failed.isEmpty { dti = dti.map { Swift.min($0, cap) } }
            return CommuneScore(
                raw: raw, normalised: normalised,
                pillars: members.map { Scoring.aggregate(parts($0), aggregation) },
                dti: dti, context: contextFormulas.map { $0.evaluate(figures) },
                adjustments: adjustments, failedGates: failed)
        }
    }

    /// Scores one submission on its own: for min–max and z-scores a population of one.
    public func score(_ figures: Figures) -> CommuneScore {
        score([figures])[0]
    }
}
