/// Commune codes numbered 0, 1, 2, … in the order they were added.
///
/// A code is found by its machine word (`CommuneCode.word`) in an open-addressed table: a
/// lookup mixes the word (two multiplies), then compares a slot or two. A `Dictionary` keyed
/// by the code feeds it to SipHash first, some 300 instructions, and an ingest looks up every
/// row's code several times (the register, the writer's memory).
///
/// Its keys are codes of the unit register, the department's own data: the mixer is fixed,
/// not seeded as Swift's hashing is, so codes chosen to collide could make it slow. A code
/// from a commune's file reaches one only once validation has found it in the register;
/// the file's own check for repeated rows (`FirstRows`) compares words in a short list, then
/// uses Swift's seeded hashing.
public struct CommuneIndex: Sendable {
    /// No code's word: a word's top byte is its length, at most 7.
    private static let vacant = UInt64.max

    /// The words of the codes, each at the slot its mix points to or the next vacant one after.
    private var words: [UInt64]
    /// The number of the code whose word is at the same slot.
    private var numbers: [Int32]
    /// Codes of more than seven bytes, which have no word (none in the registers).
    private var longCodes: [String: Int] = [:]
    /// How many codes are numbered.
    public private(set) var count = 0

    /// An index with room for `capacity` codes before it grows.
    public init(capacity: Int = 0) {
        words = Array(repeating: Self.vacant, count: Self.slots(for: capacity))
        numbers = Array(repeating: 0, count: words.count)
    }

    /// Room for `capacity` codes in all before it grows again.
    public mutating func reserveCapacity(_ capacity: Int) {
        let slots = Self.slots(for: capacity)
        if slots > words.count { place(in: slots) }
    }

    /// Slots for `capacity` codes: a power of two, at least twice as many (so that a probe
    /// seldom goes past a slot or two).
    private static func slots(for capacity: Int) -> Int {
        var slots = 8
        while slots < capacity * 2 { slots *= 2 }
        return slots
    }

    /// The number of `code`, if it was added.
    public func number(of code: String) -> Int? {
        guard let word = CommuneCode.word(code) else { return longCodes[code] }
        var slot = Self.mix(word) & (words.count - 1)
        while true {
            let found = words[slot]
            if found == word { return Int(numbers[slot]) }
            if found == Self.vacant { return nil }
            slot = (slot + 1) & (words.count - 1)
        }
    }

    /// Adds `code` unless it is there: its number, and whether it is new.
    @discardableResult
    public mutating func insert(_ code: String) -> (number: Int, inserted: Bool) {
        guard let word = CommuneCode.word(code) else {
            if let known = longCodes[code] { return (known, false) }
            longCodes[code] = count
            count += 1
            return (count - 1, true)
        }
        if (count + 1) * 2 > words.count { place(in: words.count * 2) }
        var slot = Self.mix(word) & (words.count - 1)
        while true {
            let found = words[slot]
            if found == word { return (Int(numbers[slot]), false) }
            if found == Self.vacant { break }
            slot = (slot + 1) & (words.count - 1)
        }
        words[slot] = word
        numbers[slot] = Int32(count)
        count += 1
        return (count - 1, true)
    }

    /// Every word placed again, in `slots` slots.
    private mutating func place(in slots: Int) {
        let (oldWords, oldNumbers) = (words, numbers)
        words = Array(repeating: Self.vacant, count: slots)
        numbers = Array(repeating: 0, count: slots)
        for (word, number) in zip(oldWords, oldNumbers) where word != Self.vacant {
            var slot = Self.mix(word) & (words.count - 1)
            while words[slot] != Self.vacant { slot = (slot + 1) & (words.count - 1) }
            words[slot] = word
            numbers[slot] = number
        }
    }

    /// The word's bits spread over all of the result's (MurmurHash3's final mix): codes differ
    /// mostly in a digit or two, and the slot is taken from the low bits.
    private static func mix(_ word: UInt64) -> Int {
        var bits = word
        bits ^= bits >> 33
        bits &*= 0xFF51_AFD7_ED55_8CCD
        bits ^= bits >> 33
        bits &*= 0xC4CE_B9FE_1A85_EC53
        bits ^= bits >> 33
        return Int(truncatingIfNeeded: bits)
    }
}
