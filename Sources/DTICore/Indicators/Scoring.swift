/// The arithmetic of the index as pure functions over numbers (spec/indicators.md, "Scoring").
public enum Scoring {
    /// Distance to target, capped: min(1, raw / target). Ratios above 100 % earn full marks.
    public static func normalise(_ raw: Double, target: Double) -> Double {
        min(1, raw / target)
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

    /// Rounds half-up to `places` decimals, as the published rankings do (84.125 → 84.13).
    /// A tolerance absorbs binary error so a value meant to end in 5 is not rounded down.
    public static func roundHalfUp(_ value: Double, places: Int = 2) -> Double {
        let scale = Double.pow10(places)
        let scaled = value * scale
        let floor = scaled.rounded(.down)
        let fraction = scaled - floor
        let tolerance = 1e-9 * Swift.max(1, abs(scaled))
        return (fraction + tolerance >= 0.5 ? floor + 1 : floor) / scale
    }
}

extension Double {
    static func pow10(_ exponent: Int) -> Double {
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }
}

/// Competition ranking: higher value first; values equal when rounded half-up to 2 decimals
/// share a rank and the next rank is skipped (1, 2, 2, 4); equal ranks listed by key.
public enum Ranking {
    public static func competition<Key: Comparable>(_ items: [(key: Key, value: Double)]) -> [(key: Key, rank: Int)] {
        let ordered = items
            .map { (key: $0.key, rounded: Scoring.roundHalfUp($0.value)) }
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
