@testable import DTICore
import DTITestSupport
import Foundation
import Testing

/// The arrival rule on its own, with no database: a ledger of current figures kept by the
/// test as both back ends keep it, files sent in every order, and what counts at the end.
struct ArrivalPlanTests {
    static let key = RowKey(communeCode: "03390", period: Period("2026-10")!)

    /// A day of November 2026 at 09:00 Vietnam time.
    static func day(_ day: Int, hour: Int = 9) -> Date {
        ISO8601DateFormatter().date(from: String(format: "2026-11-%02dT%02d:00:00+07:00", day, hour))!
    }

    /// An accepted file of one row for 03390, October: its bytes stand for its content.
    static func file(_ name: String, fibre: Int, bytes: String? = nil) -> FileValidation {
        var figures = TestData.goodFigures
        figures[2] = fibre
        let row = SubmissionRow(line: 2, communeCode: key.communeCode, period: key.period, figures: Figures(values: figures))
        return FileValidation(fileName: name, sha256: bytes ?? "fibre-\(fibre)", rows: [row], issues: IssueCollector())
    }

    /// A refused file that spoke for 03390, October.
    static func refused(_ name: String) -> FileValidation {
        var issues = IssueCollector()
        issues.add(ValidationIssue(code: IssueCode.partExceedsTotal.rawValue, severity: .error, file: name,
                                   message: LocalizedText(vi: "lỗi", en: "error")))
        var validation = FileValidation(fileName: name, sha256: "refused-\(name)", rows: [], issues: issues)
        validation.mentions = [(2, key.communeCode, key.period)]
        return validation
    }

    /// What a store keeps for the rule: the current revision, when bytes were accepted, and
    /// the latest accepted arrival of the commune's month.
    struct Ledger {
        var current: [RowKey: CurrentRevision] = [:]
        var acceptedAt: [String: [Date]] = [:]
        var latestAccepted: [RowKey: Date] = [:]
        var revisions = 0

        mutating func receive(_ validation: FileValidation, at date: Date) -> ArrivalPlan {
            let plan = ArrivalPlan.decide(validation, arrivedAt: date, current: { current[$0] },
                                          acceptedBefore: { acceptedAt[validation.sha256] ?? [] })
            guard plan.verdict == .accepted else { return plan }
            acceptedAt[validation.sha256, default: []].append(date)
            for (row, outcome) in zip(validation.rows, plan.rows) {
                let key = RowKey(communeCode: row.communeCode, period: row.period)
                latestAccepted[key] = max(latestAccepted[key] ?? date, date)
                if outcome.kind.makesRevision {
                    current[key] = CurrentRevision(row, revision: outcome.revision, arrivedAt: date)
                    revisions += 1
                }
            }
            return plan
        }

        var fibre: Int? { current[ArrivalPlanTests.key]?.figures[2] }
    }

    struct Arrival: CustomStringConvertible {
        var file: FileValidation
        var at: Date
        var description: String { "\(file.fileName)@\(at)" }
    }

    /// Runs of arrivals, each given in the order a run records them, with the fibre that must
    /// count at the end, the revisions stored, and what became of the last arrival.
    static let cases: [(name: String, runs: [[Arrival]], fibre: Int, revisions: Int, last: ArrivalPlan.Verdict, lastKind: RowOutcome.Kind?)] = [
        ("a later arrival corrects", [[Arrival(file: file("z.csv", fibre: 5), at: day(2))], [Arrival(file: file("a.csv", fibre: 9), at: day(4))]],
         9, 2, .accepted, .correction),
        ("an earlier arrival in a later run is kept, not current",
         [[Arrival(file: file("a.csv", fibre: 9), at: day(4))], [Arrival(file: file("z.csv", fibre: 5), at: day(2))]],
         9, 1, .accepted, .older),
        ("an arrival recorded before changes nothing, whatever else the run holds",
         [[Arrival(file: file("z.csv", fibre: 5), at: day(2))],
          [Arrival(file: file("z.csv", fibre: 5), at: day(2)), Arrival(file: file("a.csv", fibre: 9), at: day(4))],
          [Arrival(file: file("a.csv", fibre: 9), at: day(4)), Arrival(file: file("z.csv", fibre: 5), at: day(2))]],
         9, 2, .alreadyRecorded, .older),
        ("A, B, then A again later: A counts", [[Arrival(file: file("a.csv", fibre: 5), at: day(1))],
                                                 [Arrival(file: file("b.csv", fibre: 9), at: day(2))],
                                                 [Arrival(file: file("a-lai.csv", fibre: 5), at: day(3))]],
         5, 3, .accepted, .correction),
        ("the same bytes at another, earlier time: nothing", [[Arrival(file: file("a.csv", fibre: 5), at: day(1))],
                                                              [Arrival(file: file("b.csv", fibre: 9), at: day(3))],
                                                              [Arrival(file: file("a.csv", fibre: 5), at: day(2))]],
         9, 2, .alreadyReceived, .older),
        ("the same bytes sent twice: already received", [[Arrival(file: file("a.csv", fibre: 5), at: day(1))],
                                                         [Arrival(file: file("a.csv", fibre: 5), at: day(2))]],
         5, 1, .alreadyReceived, .unchanged),
        ("other bytes with the same figures: recorded, unchanged",
         [[Arrival(file: file("a.csv", fibre: 5), at: day(1))], [Arrival(file: file("a.xlsx", fibre: 5, bytes: "workbook"), at: day(2))]],
         5, 1, .accepted, .unchanged),
        ("equal times: the later in the run counts", [[Arrival(file: file("1.csv", fibre: 5), at: day(2)),
                                                        Arrival(file: file("2.csv", fibre: 9), at: day(2))]],
         9, 2, .accepted, .correction),
        ("a refused file records nothing that counts", [[Arrival(file: file("a.csv", fibre: 5), at: day(1)),
                                                          Arrival(file: refused("sai.csv"), at: day(2))]],
         5, 1, .refused, nil),
        ("the same arrival to the second, read again: nothing", [[Arrival(file: file("a.csv", fibre: 5), at: day(1))],
                                                                 [Arrival(file: file("a.csv", fibre: 5), at: day(1).addingTimeInterval(0.4))]],
         5, 1, .alreadyRecorded, .unchanged),
    ]

    @Test(arguments: cases.indices) func theLatestArrivalCounts(_ index: Int) {
        let scenario = Self.cases[index]
        var ledger = Ledger()
        var last: ArrivalPlan?
        for run in scenario.runs {
            for arrival in run { last = ledger.receive(arrival.file, at: arrival.at) }
        }
        #expect(ledger.fibre == scenario.fibre, "\(scenario.name)")
        #expect(ledger.revisions == scenario.revisions, "\(scenario.name)")
        #expect(last?.verdict == scenario.last, "\(scenario.name)")
        #expect(last?.rows.first?.kind == scenario.lastKind, "\(scenario.name)")
    }

    /// An inbox that keeps every file, read any number of times in any order: the file that
    /// arrived last counts, and only the first reading stores anything.
    @Test func anInboxReadInAnyOrderScoresTheLatestArrival() {
        let inbox = [Arrival(file: Self.file("bao-cao.csv", fibre: 5), at: Self.day(2)),
                     Arrival(file: Self.file("sua.csv", fibre: 9), at: Self.day(4)),
                     Arrival(file: Self.file("xa-03390 (1).csv", fibre: 7), at: Self.day(3))]
        for order in [[0, 1, 2], [2, 1, 0], [1, 0, 2], [1, 2, 0]] {
            var ledger = Ledger()
            for _ in 0..<3 {
                let entries = order.map { inbox[$0] }.sorted { (a: Arrival, b: Arrival) in a.at < b.at }  // as `Ingestor.inArrivalOrder` records them
                for arrival in entries { _ = ledger.receive(arrival.file, at: arrival.at) }
            }
            #expect(ledger.fibre == 9, "\(order)")
            #expect(ledger.revisions == 3, "\(order)")
        }
    }

    /// Uploads are each an arrival of their own: A, B, A within one second still ends on A.
    @Test func uploadsWithinOneSecondAreEachAnArrival() {
        var current: CurrentRevision?
        var accepted: [Date] = []
        let second = Self.day(2)
        for (file, fibre) in [(Self.file("a.csv", fibre: 5), 5), (Self.file("b.csv", fibre: 9), 9), (Self.file("a.csv", fibre: 5), 5)] {
            let plan = ArrivalPlan.decide(file, arrivedAt: second.addingTimeInterval(0.2), timeIsTheFiles: false,
                                          current: { _ in current }, acceptedBefore: { file.sha256 == "fibre-5" ? accepted : [] })
            #expect(plan.verdict == .accepted)
            if let row = file.rows.first, let outcome = plan.rows.first {
                current = CurrentRevision(row, revision: outcome.revision, arrivedAt: second)
            }
            if file.sha256 == "fibre-5" { accepted.append(second) }
            #expect(current?.figures[2] == fibre)
        }
        #expect(current?.revision == 3)
    }

    /// Two uploads racing for the write lock: the one that waited read its clock a second
    /// earlier than the one stored first. Stored after it, it is the later arrival: a
    /// correction, never “older” (uploads are recorded in the order they reach the store).
    @Test func anUploadThatWaitedForTheLockIsStillTheLatestArrival() {
        let first = Self.file("first.csv", fibre: 5), waited = Self.file("waited.csv", fibre: 9)
        let current = CurrentRevision(first.rows[0], revision: 1, arrivedAt: Self.day(2).addingTimeInterval(1))
        let upload = ArrivalPlan.decide(waited, arrivedAt: Self.day(2), timeIsTheFiles: false, current: { _ in current },
                                        acceptedBefore: { [] })
        #expect(upload.rows.map(\.kind) == [.correction] && upload.rows.map(\.revision) == [2])
        // An inbox file carries its own time: the same earlier time there is an older arrival.
        let file = ArrivalPlan.decide(waited, arrivedAt: Self.day(2), timeIsTheFiles: true, current: { _ in current },
                                      acceptedBefore: { [] })
        #expect(file.rows.map(\.kind) == [.older])
    }

    @Test func aRefusalIsAnsweredOnlyWhenEveryCommuneItNamedSentLater() {
        let other = RowKey(communeCode: "03388", period: Period("2026-10")!)
        let accepted: [RowKey: Date] = [Self.key: Self.day(3)]
        let cases: [(refusedAt: Date, mentions: [RowKey], answered: Bool)] = [
            (Self.day(2), [Self.key], true),  // corrected the next day
            (Self.day(3), [Self.key], true),  // the same second: the correction came with it
            (Self.day(4), [Self.key], false),  // refused after the figures that count: waiting
            (Self.day(2), [Self.key, other], false),  // one of its communes has sent nothing since
            (Self.day(2), [], false),  // named nobody: always worth a look
        ]
        for (refusedAt, mentions, answered) in cases {
            #expect(ArrivalPlan.isAnswered(refusedAt: refusedAt, mentions: mentions) { accepted[$0] } == answered,
                    "\(refusedAt) \(mentions)")
        }
    }

    /// A run records what reached the department first, first; equal times in path order,
    /// whatever the names say.
    @Test func aRunRecordsFilesInArrivalOrderThenPathOrder() throws {
        let folder = TestData.temporaryFolder()
        let times = ["a-correction.csv": Self.day(4), "z-original.csv": Self.day(2), "m.csv": Self.day(4), "b.csv": Self.day(1)]
        for (name, time) in times {
            let url = folder.appendingPathComponent(name)
            try Data("x".utf8).write(to: url)
            try FileManager.default.setAttributes([.modificationDate: time], ofItemAtPath: url.path)
        }
        let entries = try InboxEntry.entries(in: [folder.path])
        #expect(Ingestor.inArrivalOrder(entries, arrivedAt: nil).map(\.name) == ["b.csv", "z-original.csv", "a-correction.csv", "m.csv"])
        #expect(Ingestor.inArrivalOrder(entries, arrivedAt: Self.day(9)).map(\.name) == ["a-correction.csv", "b.csv", "m.csv", "z-original.csv"])
    }

    /// The files go to the store in arrival order, in batches: small ones first, so that
    /// storing starts before a whole batch is validated, then batches of the store's size.
    @Test func filesAreStoredInOrderFirstInSmallerBatches() {
        let files = Array(0..<5_000)
        let batches = Ingestor.batches(of: files, size: 1_024)
        #expect(batches.map(\.count) == [128, 256, 512, 1_024, 1_024, 1_024, 1_024, 8])
        #expect(batches.flatMap { $0 } == files)
        #expect(Ingestor.batches(of: Array(0..<3), size: 1).map(\.count) == [1, 1, 1])
        #expect(Ingestor.batches(of: Array(0..<100), size: 256).map(\.count) == [32, 64, 4])
        #expect(Ingestor.batches(of: [Int](), size: 256).isEmpty)
    }
}
