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
/// a file's rows are mostly of one month, so a row costs one lookup of its commune code.
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
        var revisions: [CommuneKey: CurrentRevision] = [:]
        /// Read whole: a commune of the month that is not in `revisions` has no revision.
        var isRead = false
        /// Communes looked up one by one (found or not), and how many lookups that made.
        var lookedUp: Set<CommuneKey> = []
        var lookups = 0
        /// The last batch that used the month.
        var lastUsed = 0
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
            var month = Month()
            month.revisions.reserveCapacity(months.lazy.map(\.revisions.count).max() ?? 0)
            months.append(month)
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
        let slot = slot(key.period), code = CommuneKey(key.communeCode)
        months[slot].lastUsed = batches
        if let known = months[slot].revisions[code] { return .known(known) }
        if months[slot].isRead || !months[slot].lookedUp.insert(code).inserted { return .known(nil) }
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
        month(key.period)?.revisions[CommuneKey(key.communeCode)]
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
        months[slot].revisions.reserveCapacity(rows)
        return true
    }

    /// True when `key` is neither known nor looked up before: it is to be looked up now (and
    /// counts as looked up).
    public mutating func needsLookup(_ key: RowKey) -> Bool {
        let slot = slot(key.period), code = CommuneKey(key.communeCode)
        guard months[slot].revisions[code] == nil, months[slot].lookedUp.insert(code).inserted else { return false }
        months[slot].lookups += 1
        return true
    }

    /// Remembers `revision` as the current one of `key`.
    public mutating func remember(_ revision: CurrentRevision, for key: RowKey) {
        if months[slot(key.period)].revisions.updateValue(revision, forKey: CommuneKey(key.communeCode)) == nil { count += 1 }
    }

    /// Remembers `revision` as read from the store, unless one is known already (stored
    /// since, by this writer, so newer).
    public mutating func rememberRead(_ revision: CurrentRevision, for key: RowKey) {
        let slot = slot(key.period), code = CommuneKey(key.communeCode)
        guard months[slot].revisions[code] == nil else { return }
        months[slot].revisions[code] = revision
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
