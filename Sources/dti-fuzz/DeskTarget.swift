import DTICore
import DTISQLite
import Foundation

/// The upload desk under fuzzing: what `dti serve` does with a body and a key, on a real
/// (in-memory) SQLite store. The first byte picks the key (a commune, its province, another
/// province); the rest is the file. Whatever the bytes, the verdict keeps its promises:
/// rows outside the key's units store nothing, a refused file stores no row, an accepted one
/// stores only rows the key may send.
enum DeskTarget {
    static let units = FuzzTarget.validator.context.directory.versions[0].units
    static let directory = FuzzTarget.validator.context.directory
    static let latest = Period(year: 2026, month: 10)!

    final class State: @unchecked Sendable {
        var store: DTIStore
        var keys: [UploadKey]
        var uses = 0

        init() {
            store = try! DTIStore()
            keys = State.keys(in: store)
        }

        static func keys(in store: DTIStore) -> [UploadKey] {
            [KeyScope.commune("03390"), .province("12"), .province("01")].map {
                try! store.issueKey(for: $0, knownUnits: DeskTarget.directory).record
            }
        }

        /// A fresh store every thousand inputs: the fuzzer runs millions, and every arrival is kept.
        func next() -> (DTIStore, [UploadKey]) {
            uses += 1
            if uses % 1000 == 0 {
                store = try! DTIStore()
                keys = State.keys(in: store)
            }
            return (store, keys)
        }
    }

    nonisolated(unsafe) static let state = State()

    static func run(_ input: [UInt8]) {
        guard let first = input.first else { return }
        let (store, keys) = state.next()
        let key = keys[Int(first) % keys.count]
        let bytes = Array(input.dropFirst())
        let rowsBefore = try! store.revisionCount()
        let desk = try! UploadDesk(store: store, directory: directory)
        let verdict = try! desk.receive(bytes, fileName: "fuzz.csv", key: key, latestPeriod: latest)
        let rowsAfter = try! store.revisionCount()
        switch verdict {
        case .outsideScope(let rows):
            precondition(!rows.isEmpty, "a refusal for scope names its rows")
            precondition(rowsAfter == rowsBefore, "rows outside the key's scope stored something")
        case .refusedQuotaExceeded:
            precondition(rowsAfter == rowsBefore, "a refused file over the quota stored rows")
        case .received(let receipt):
            switch receipt.outcome {
            case .refused:
                precondition(rowsAfter == rowsBefore, "a refused file stored rows")
            case .accepted, .alreadyReceived:
                for row in receipt.rows {
                    precondition(UploadDesk.admits(key, communeCode: row.communeCode, period: row.period, in: directory),
                                 "a row outside the key's units was stored")
                }
                precondition(rowsAfter - rowsBefore == receipt.newRevisions, "stored rows and the receipt disagree")
            }
        }
    }
}
