import Foundation

/// Rounding as the spec has it: half away from zero at `places` decimals, with a tolerance of
/// 1e-9 relative to the value so that 84.125 stored as 84.12499999… still rounds up. Scores,
/// ranks (ties are equal rounded scores) and every printed figure go through it.
public enum Rounding {
    /// Rounds half-up to `places` decimals, as the published rankings do (84.125 → 84.13).
    /// A tolerance absorbs binary error so a value meant to end in 5 is not rounded down.
    public static func halfUp(_ value: Double, places: Int = 2) -> Double {
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
