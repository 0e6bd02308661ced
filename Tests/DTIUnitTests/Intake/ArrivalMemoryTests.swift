@testable import DTICore
import DTITestSupport
import Foundation
import Testing

/// What a store's writer remembers of the ledger between batches (`ArrivalMemory`), with no
/// database: when it says a revision is known, when it asks for one commune and when for the
/// whole month, and what it forgets first.
struct ArrivalMemoryTests {
    static let october = Period("2026-10")!
    static func revision(_ number: Int) -> CurrentRevision {
        CurrentRevision(revision: number, arrivedAt: Date(timeIntervalSince1970: 0), figures: ContractValues(TestData.goodFigures),
                        communeName: nil, notes: nil)
    }

    static func key(_ commune: Int, _ period: Period = october) -> RowKey {
        RowKey(communeCode: String(format: "%05d", commune), period: period)
    }

    /// One commune at a time until `ArrivalLookup.communesBeforeMonth` communes of the month
    /// were asked for; then the month whole, once; after that, what is not known has no revision.
    @Test func communesAreLookedUpOneByOneUntilTheMonthIsReadWhole() {
        var memory = ArrivalMemory()
        memory.beginBatch()
        let limit = ArrivalLookup.communesBeforeMonth
        #expect(limit > 1)
        for commune in 1..<limit {
            let first = memory.lookup(Self.key(commune))
            #expect(first == .readCommune)
            // Asked again before anything was read: it was looked up, and had nothing.
            let again = memory.lookup(Self.key(commune))
            #expect(again == .known(nil))
        }
        #expect(!memory.isRead(Self.october))
        let atTheLimit = memory.lookup(Self.key(limit))
        #expect(atTheLimit == .readMonth)
        #expect(memory.isRead(Self.october))
        let pastTheLimit = memory.lookup(Self.key(limit + 1))
        #expect(pastTheLimit == .known(nil))
        // Another month keeps its own count.
        let nextMonth = memory.lookup(Self.key(1, Self.october.next))
        #expect(nextMonth == .readCommune)
        memory.remember(Self.revision(2), for: Self.key(3))
        let stored = memory.lookup(Self.key(3))
        #expect(stored == .known(Self.revision(2)))
        #expect(memory.count == 1)
    }

    /// A revision read from the store never replaces one the writer stored since (newer);
    /// a revision stored replaces what was known.
    @Test func aRevisionReadNeverReplacesOneStoredSince() {
        var memory = ArrivalMemory()
        memory.remember(Self.revision(3), for: Self.key(7))
        memory.rememberRead(Self.revision(2), for: Self.key(7))
        #expect(memory.revision(Self.key(7)) == Self.revision(3))
        memory.rememberRead(Self.revision(1), for: Self.key(8))
        #expect(memory.revision(Self.key(8)) == Self.revision(1))
        memory.remember(Self.revision(2), for: Self.key(8))
        #expect(memory.revision(Self.key(8)) == Self.revision(2))
        #expect(memory.count == 2)
    }

    /// A batch's rows of a month decide it at once: enough of them and the month is read
    /// whole; otherwise each commune not known is looked up once.
    @Test func aBatchReadsAMonthWholeOnlyWhenItBringsEnoughCommunes() {
        var memory = ArrivalMemory()
        let limit = ArrivalLookup.communesBeforeMonth
        let fewRows = memory.readsWhole(Self.october, rows: limit - 2)
        #expect(!fewRows)
        let unknown = memory.needsLookup(Self.key(1))
        #expect(unknown)
        let unknownAgain = memory.needsLookup(Self.key(1))
        #expect(!unknownAgain)
        memory.remember(Self.revision(1), for: Self.key(2))
        let known = memory.needsLookup(Self.key(2))
        #expect(!known)
        // One lookup counted: limit - 2 more rows reach the limit.
        let enoughRows = memory.readsWhole(Self.october, rows: limit - 1)
        #expect(enoughRows)
        #expect(memory.isRead(Self.october))
    }

    /// Bounded: past the limit, the months used longest ago are forgotten whole (read again
    /// when needed), the recent ones kept.
    @Test func theMonthsUsedLongestAgoAreForgottenFirst() {
        var memory = ArrivalMemory()
        let months = ["2026-01", "2026-02", "2026-03", "2026-04"].map { Period($0)! }
        // Used in this order, one batch each: February, April, January, March.
        for month in [months[1], months[3], months[0], months[2]] {
            memory.beginBatch()
            for commune in 0..<10 {
                _ = memory.lookup(Self.key(commune, month))
                memory.remember(Self.revision(1), for: Self.key(commune, month))
            }
            let manyRows = memory.readsWhole(month, rows: 100)
            #expect(manyRows)
        }
        memory.forgetOldMonths(limit: 40)
        #expect(memory.count == 40)  // not past the limit: nothing forgotten
        memory.forgetOldMonths(limit: 30)
        // 40 remembered, room for 30: down to at most 22 — February (used first), then April.
        #expect(memory.periods == [months[0], months[2]])
        #expect(memory.count == 20)
        #expect(!memory.isRead(months[1]) && !memory.isRead(months[3]))
        #expect(memory.isRead(months[0]) && memory.isRead(months[2]))
        // A forgotten month is asked for again from the start.
        let forgotten = memory.lookup(Self.key(0, months[1]))
        #expect(forgotten == .readCommune)
    }
}
