import Foundation

/// The arithmetic of the index as pure functions over numbers (spec/indicators.md, "Scoring").
public enum Scoring {
    /// Distance to target, capped: min(1, raw / target). Ratios above 100 % earn full marks.
    public static func normalise(_ raw: Double, target: Double) -> Double {
        min(1, raw / target)
    }

    /// The statistics of one indicator's raw values over the communes ranked together.
    public struct Population: Sendable, Equatable {
        public var minimum: Double
        public var maximum: Double
        public var mean: Double
        /// Population standard deviation (divided by n).
        public var standardDeviation: Double

        /// Nil when no value applies.
        public init?(_ values: [Double]) {
            guard let minimum = values.min(), let maximum = values.max() else { return nil }
            let mean = values.reduce(0, +) / Double(values.count)
            self.minimum = minimum
            self.maximum = maximum
            self.mean = mean
            standardDeviation = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
        }
    }

    /// How one indicator is normalised: the plain values of `Indicator` that scoring reads,
    /// so the hot loop copies no strings.
    public struct Method: Sendable, Equatable {
        public var normalisation: Normalisation
        public var direction: Direction
        public var target: Double

        public init(_ indicator: Indicator) {
            normalisation = indicator.normalisation
            direction = indicator.direction
            target = indicator.target
        }
    }

    /// `raw` normalised by an indicator's method and direction; `population` is needed for
    /// min–max and z-scores (see `Normalisation`).
    public static func normalise(_ raw: Double, _ method: Method, population: Population?) -> Double {
        let higher = method.direction == .higher
        switch method.normalisation {
        case .target:
            // Lower is better: at or under the target earns full marks, twice it half.
            return higher ? normalise(raw, target: method.target) : (raw <= 0 ? 1 : min(1, method.target / raw))
        case .goalposts(let low, let high):
            let share = (raw - low) / (high - low)
            return Swift.min(1, Swift.max(0, higher ? share : 1 - share))
        case .minMax:
            guard let population, population.maximum > population.minimum else { return 1 }
            let share = (raw - population.minimum) / (population.maximum - population.minimum)
            return higher ? share : 1 - share
        case .zScore:
            guard let population, population.standardDeviation > 0 else { return 0 }
            let z = (raw - population.mean) / population.standardDeviation
            return higher ? z : -z
        case .steps(let steps):
            return stepShare(raw, steps, higher: higher)
        }
    }

    /// The share of full marks a step rule gives `raw`: the most points among the steps it
    /// reaches (`raw ≥ from`, or `raw ≤ from` when lower is better; equal within 1e-9, as a
    /// ratio computed from whole numbers may fall a hair short) over the most points of any.
    public static func stepShare(_ raw: Double, _ steps: [Step], higher: Bool = true) -> Double {
        guard let full = steps.map(\.points).max(), full > 0 else { return 0 }
        let reached = steps.filter { higher ? raw >= $0.from - 1e-9 : raw <= $0.from + 1e-9 }.map(\.points).max() ?? 0
        return reached / full
    }

    /// 100 × the weighted geometric mean, Π vᵢ^(wᵢ/Σw), over the parts that apply; 0 when
    /// any applying part with weight is 0. Nil when nothing applies.
    public static func weightedGeometricScore(_ parts: some Sequence<(weight: Double, value: Double?)>) -> Double? {
        var logSum = 0.0, weights = 0.0, zero = false
        for part in parts {
            guard let value = part.value else { continue }
            weights += part.weight
            guard part.weight > 0 else { continue }
            if value <= 0 { zero = true } else { logSum += part.weight * Foundation.log(value) }
        }
        guard weights > 0 else { return nil }
        return zero ? 0 : 100 * Foundation.exp(logSum / weights)
    }

    /// The set's aggregation of `parts` (see `Aggregation`).
    public static func aggregate(_ parts: some Sequence<(weight: Double, value: Double?)>, _ aggregation: Aggregation) -> Double? {
        switch aggregation {
        case .arithmetic: weightedScore(parts)
        case .geometric: weightedGeometricScore(parts)
        }
    }

    /// 100 × Σ(weight × value) / Σ(weight) over the parts that apply (value not nil); the
    /// weights of the rest are re-normalised away. Nil when nothing applies.
    public static func weightedScore(_ parts: some Sequence<(weight: Double, value: Double?)>) -> Double? {
        var weighted = 0.0, weights = 0.0
        for part in parts {
            guard let value = part.value else { continue }
            weighted += part.weight * value
            weights += part.weight
        }
        return weights > 0 ? 100 * weighted / weights : nil
    }

    /// The spec's rounding of scores (`Rounding.halfUp`): 84.125 → 84.13.
    public static func roundHalfUp(_ value: Double, places: Int = 2) -> Double {
        Rounding.halfUp(value, places: places)
    }
}

/// Competition ranking: higher value first; values equal when rounded half-up to 2 decimals
/// share a rank and the next rank is skipped (1, 2, 2, 4); equal ranks listed by key.
public enum Ranking {
    public static func competition<Key: Comparable>(_ items: [(key: Key, value: Double)]) -> [(key: Key, rank: Int)] {
        let ordered = items
            .map { (key: $0.key, rounded: Rounding.halfUp($0.value)) }
            .sorted { $0.rounded != $1.rounded ? $0.rounded > $1.rounded : $0.key < $1.key }
        var ranks: [(key: Key, rank: Int)] = []
        ranks.reserveCapacity(ordered.count)
        for (position, item) in ordered.enumerated() {
            let tied = position > 0 && ordered[position - 1].rounded == item.rounded
            ranks.append((item.key, tied ? ranks[position - 1].rank : position + 1))
        }
        return ranks
    }
}
