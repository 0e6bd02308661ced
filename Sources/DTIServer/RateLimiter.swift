import Foundation
import Synchronization

/// A token bucket per upload key: `perMinute` requests in a burst, refilled evenly over a
/// minute. A commune sends one file a month, so a key that sends dozens a minute is a script
/// gone wrong, not an officer.
final class RateLimiter: Sendable {
    struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    let perMinute: Int
    private let buckets = Mutex<[Int64: Bucket]>([:])
    private let clock = ContinuousClock()

    /// `perMinute` 0 turns the limit off.
    init(perMinute: Int) {
        self.perMinute = perMinute
    }

    /// Takes one request's token for `key`; nil when allowed, else the seconds to wait.
    func admit(_ key: Int64) -> Int? {
        guard perMinute > 0 else { return nil }
        let now = clock.now
        let capacity = Double(perMinute)
        let perSecond = capacity / 60
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: capacity, updated: now)
            let elapsed = bucket.updated.duration(to: now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(capacity, bucket.tokens + seconds * perSecond)
            bucket.updated = now
            defer { buckets[key] = bucket }
            guard bucket.tokens >= 1 else { return max(1, Int(((1 - bucket.tokens) / perSecond).rounded(.up))) }
            bucket.tokens -= 1
            return nil
        }
    }
}
