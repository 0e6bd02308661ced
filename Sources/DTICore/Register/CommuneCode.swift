/// Commune codes as dictionary keys.
public enum CommuneCode {
    /// `code` as one machine word when it has at most seven bytes (every code of the
    /// register: five digits): its bytes, and its length in the top byte, so that two codes
    /// have the same word exactly when they are the same text. Nil for a longer code.
    @inlinable public static func word(_ code: String) -> UInt64? {
        // In place: a native string's bytes (a short one's are held in the value itself).
        if let word = code.utf8.withContiguousStorageIfAvailable(word(of:)) { return word }
        return word(of: Array(code.utf8))
    }

    @inlinable static func word(of bytes: some Collection<UInt8>) -> UInt64? {
        guard bytes.count <= 7 else { return nil }
        var word = UInt64(bytes.count) << 56, shift: UInt64 = 0
        for byte in bytes {
            word |= UInt64(byte) << shift
            shift &+= 8
        }
        return word
    }

    /// Feeds `code` to `hasher`: its word when it has one, its text otherwise. Equal codes
    /// are fed alike, as `Hashable` asks.
    @inlinable public static func hash(_ code: String, into hasher: inout Hasher) {
        if let word = word(code) { hasher.combine(word) } else { hasher.combine(code) }
    }
}
