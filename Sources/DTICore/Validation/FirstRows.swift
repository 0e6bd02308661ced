/// The row each commune and month of a file was first on, to find a row that repeats one.
///
/// A district's file (a few dozen rows) is searched as a list: comparing two machine words for
/// each row read so far costs less than hashing one key, which with the dictionary's upkeep
/// came to some 750 instructions a row. Past `listLimit` rows the keys move to a dictionary,
/// whose hashing Swift seeds: a file can hold any codes, and a file of many rows must stay a
/// linear search however its codes were chosen.
struct FirstRows {
    /// The most keys searched as a list.
    static let listLimit = 64

    /// Keys whose code has a machine word (`CommuneCode.word`), while there are few.
    private var list: [(word: UInt64, month: Int, line: Int, key: RowKey)] = []
    /// The rest: codes of more than seven bytes, and every key once the list is full.
    private var table: [RowKey: Int] = [:]
    private var isListFull = false

    /// The line an earlier row with `key` was on; nil when there was none, and then `line` is
    /// remembered as `key`'s.
    mutating func earlierLine(of key: RowKey, recording line: Int) -> Int? {
        let month = key.period.ordinal
        if !isListFull, let word = CommuneCode.word(key.communeCode) {
            for entry in list where entry.word == word && entry.month == month { return entry.line }
            if list.count < Self.listLimit {
                list.append((word, month, line, key))
                return nil
            }
            for entry in list { table[entry.key] = entry.line }
            list = []
            isListFull = true
        }
        if let earlier = table[key] { return earlier }
        table[key] = line
        return nil
    }
}
