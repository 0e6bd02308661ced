/// A small seeded random-number generator (SplitMix64), so generated samples are the same on
/// every machine and every run. Not for anything secret.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    /// A generator for one key (a commune code, a period) under a run seed: streams for
    /// different keys are independent, and one key's stream does not depend on the others.
    init(seed: UInt64, key: some StringProtocol, salt: UInt64 = 0) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a over the key's bytes
        for byte in key.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        state = seed ^ hash ^ (salt &* 0x9e37_79b9_7f4a_7c15)
        _ = next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
