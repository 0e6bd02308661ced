import Foundation

/// What a store's writer knows of the ledger between batches: the current revision of each
/// commune and month it has read or stored, which months it has read whole, and which
/// communes it has looked up one by one (`ArrivalLookup`). Both back ends keep one, so that the
/// next batch of an ingest does not read its months again.
///
/// It is true only while nobody else has written: `RememberedLedger.position` is how the store
/// tells (on SQLite, `PRAGMA data_version`; on PostgreSQL, where the ids of received files
/// stand). A writer that finds the ledger moved starts from an empty memory, and a batch that
/// fails leaves nothing remembered.
///
/// Held month by month, and the month of the last row is found without hashing it again:
/// a file's rows are mostly of one month, so a row costs one lookup of its commune code, in
/// the month's `CommuneIndex` (the register's codes: see there why no seeded hashing).
///
/// Not generic, so that its dictionaries are specialized here, once, for every store.
public struct ArrivalMemory: Sendable {
    /// When each content was accepted, as stored (a writer that reads it once per content).
    public var acceptedStored: [String: [Date]] = [:]
    /// How many revisions are remembered, all months together.
    public private(set) var count = 0
    /// At most this many revisions are remembered (some 30 MB); past it, the months used
    /// longest ago are forgotten, and read again if a later file needs them.
    public static var rememberedRevisions: Int { 100_000 }

    private struct Month {
        /// The communes of the month something is known of, numbered.
        var communes = CommuneIndex()
        /// By commune number: what is known of it.
        var entries: [Entry] = []
        /// The current revisions known, where the entries say. Apart from the entries, so that
        /// asking about a commune reads a few bytes, not its figures.
        var revisions: [CurrentRevision] = []
        /// Read whole: a commune of the month with no revision known has none.
        var isRead = false
        /// How many communes were looked up one by one (found or not).
        var lookups = 0
        /// The last batch that used the month.
        var lastUsed = 0

        init(capacity: Int = 0) {
            reserveCapacity(capacity)
        }

        mutating func reserveCapacity(_ capacity: Int) {
            communes.reserveCapacity(capacity)
            entries.reserveCapacity(capacity)
            revisions.reserveCapacity(capacity)
        }

        /// `code`'s number, made if it has none.
        mutating func number(_ code: String) -> Int {
            let (number, isNew) = communes.insert(code)
            if isNew { entries.append(Entry()) }
            return number
        }
    }

    private struct Entry {
        /// Where the commune's current revision is in `Month.revisions`; −1 when none is known.
        var revision: Int32 = -1
        /// Looked up by itself (found or not).
        var isLookedUp = false
    }

    private var months: [Month] = []
    private var slots: [Period: Int] = [:]
    /// The month used last and its place in `months`.
    private var last: (period: Period, slot: Int)?
    private var batches = 0

    public init() {}

    /// Starts a batch: the months it uses are the last to be forgotten.
    public mutating func beginBatch() {
        batches += 1
    }

    private mutating func slot(_ period: Period) -> Int {
        if let last, last.period == period { return last.slot }
        let slot = slots[period] ?? {
            // A month holds about as many communes as the others do: room for them made at
            // once, not grown by doubling as its rows come (a tenth of a batch's time here).
            months.append(Month(capacity: months.lazy.map(\.entries.count).max() ?? 0))
            slots[period] = months.count - 1
            return months.count - 1
        }()
        last = (period, slot)
        return slot
    }

    /// What must be done to know `key`'s current revision.
    public enum Lookup: Equatable {
        /// It is known (nil: the commune has no revision of the month).
        case known(CurrentRevision?)
        /// Read the month whole: enough of its communes were asked for.
        case readMonth
        /// Read this commune's revision by itself.
        case readCommune
    }

    /// What is known of `key`'s current revision, or what to read to know it. Counts the
    /// lookup: once `ArrivalLookup.communesBeforeMonth` communes of a month were asked for,
    /// the month is read whole. After a read, `revision(_:)` answers.
    public mutating func lookup(_ key: RowKey) -> Lookup {
        let slot = slot(key.period)
        months[slot].lastUsed = batches
        let number = months[slot].number(key.communeCode), entry = months[slot].entries[number]
        if entry.revision >= 0 { return .known(months[slot].revisions[Int(entry.revision)]) }
        if months[slot].isRead || entry.isLookedUp { return .known(nil) }
        months[slot].entries[number].isLookedUp = true
        if ArrivalLookup.readsWholeMonth(after: &months[slot].lookups) {
            months[slot].isRead = true
            return .readMonth
        }
        return .readCommune
    }

    /// The month of `period`, if something is known of it.
    private func month(_ period: Period) -> Month? {
        if let last, last.period == period { return months[last.slot] }
        return slots[period].map { months[$0] }
    }

    /// The current revision of `key`, if known.
    public func revision(_ key: RowKey) -> CurrentRevision? {
        guard let month = month(key.period), let number = month.communes.number(of: key.communeCode),
              month.entries[number].revision >= 0 else { return nil }
        return month.revisions[Int(month.entries[number].revision)]
    }

    /// The months something is known of (a revision, a lookup, a read), in order.
    public var periods: [Period] {
        slots.filter { months[$0.value].isRead || months[$0.value].lookups > 0 || !months[$0.value].revisions.isEmpty }.keys.sorted()
    }

    public func isRead(_ period: Period) -> Bool {
        month(period)?.isRead ?? false
    }

    /// A batch brings `rows` rows of `period`, not read yet: true when that makes the month
    /// one to read whole now (it is then counted as read), false when its communes are to be
    /// looked up one by one (`needsLookup`).
    public mutating func readsWhole(_ period: Period, rows: Int) -> Bool {
        let slot = slot(period)
        guard months[slot].lookups + rows >= ArrivalLookup.communesBeforeMonth else { return false }
        months[slot].lookups += rows
        months[slot].isRead = true
        months[slot].reserveCapacity(rows)
        return true
    }

    /// True when `key` is neither known nor looked up before: it is to be looked up now (and
    /// counts as looked up).
    public mutating func needsLookup(_ key: RowKey) -> Bool {
        let slot = slot(key.period), number = months[slot].number(key.communeCode)
        guard months[slot].entries[number].revision < 0, !months[slot].entries[number].isLookedUp else { return false }
        months[slot].entries[number].isLookedUp = true
        months[slot].lookups += 1
        return true
    }

    /// Remembers `revision` as the current one of `key`.
    public mutating func remember(_ revision: consuming CurrentRevision, for key: RowKey) {
        let slot = slot(key.period), number = months[slot].number(key.communeCode)
        let known = months[slot].entries[number].revision
        if known >= 0 {
            months[slot].revisions[Int(known)] = revision
        } else {
            add(revision, number: number, slot: slot)
        }
    }

    /// Remembers `revision` as read from the store, unless one is known already (stored
    /// since, by this writer, so newer).
    public mutating func rememberRead(_ revision: consuming CurrentRevision, for key: RowKey) {
        let slot = slot(key.period), number = months[slot].number(key.communeCode)
        guard months[slot].entries[number].revision < 0 else { return }
        add(revision, number: number, slot: slot)
    }

    /// Remembers the first revision known of the commune numbered `number` in the month at `slot`.
    private mutating func add(_ revision: consuming CurrentRevision, number: Int, slot: Int) {
        months[slot].entries[number].revision = Int32(months[slot].revisions.count)
        months[slot].revisions.append(revision)
        count += 1
    }

    /// Past `limit` revisions, forgets the months used longest ago until a quarter of the room
    /// is free again.
    public mutating func forgetOldMonths(limit: Int = rememberedRevisions) {
        guard count > limit else { return }
        let byAge = slots.sorted { (months[$0.value].lastUsed, $0.key) < (months[$1.value].lastUsed, $1.key) }
        for (_, slot) in byAge where count > limit * 3 / 4 {
            count -= months[slot].revisions.count
            months[slot] = Month()
        }
    }
}

/// A writer's memory and where the ledger stood when it was true: a writer trusts the memory
/// only while the store's position is the same.
public struct RememberedLedger<Position: Equatable & Sendable>: Sendable {
    public var position: Position
    public var ledger = ArrivalMemory()

    public init(position: Position) {
        self.position = position
    }
}
