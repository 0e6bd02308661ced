import Foundation
import Synchronization

/// Ingests submission files: each is validated and stored whole, or refused whole with its
/// bytes and issues kept. One bad file never stops the others.
public struct Ingestor: Sendable {
    public struct MissingInput: Error, CustomStringConvertible {
        public var path: String
        public init(path: String) { self.path = path }
        public var description: String { "no such file or folder: \(path)" }
    }

    /// The outcome of a batch.
    public struct Summary: Sendable {
        public var receipts: [FileReceipt] = []

        public var accepted: [FileReceipt] { receipts.filter { $0.outcome == .accepted } }
        public var refused: [FileReceipt] { receipts.filter { $0.outcome == .refused } }
        /// Refused files still waiting for a correction: these make a run's exit status 65.
        public var unansweredRefusals: [FileReceipt] { refused.filter { !$0.isAnswered } }
        public var alreadyReceived: [FileReceipt] { receipts.filter { $0.outcome == .alreadyReceived } }
        public var newRevisions: Int { receipts.reduce(0) { $0 + $1.newRevisions } }
        public var corrections: Int { receipts.reduce(0) { $0 + $1.corrections } }
    }

    public let store: any DataStore
    public let validator: FileValidator

    public init(store: any DataStore, context: ValidationContext) {
        self.store = store
        self.validator = FileValidator(context: context)
    }

    /// The entries to read for the given paths; see `InboxEntry.entries(in:ignoring:)`.
    public static func files(in paths: [String], ignoring: Set<String> = []) throws(MissingInput) -> [InboxEntry] {
        try InboxEntry.entries(in: paths, ignoring: ignoring)
    }

    /// Ingests `files`, calling `progress` after each with (done, total, receipt).
    ///
    /// Files are recorded in the order they reached the department (`ArrivalPlan`: arrival
    /// decides what counts, never a name), equal times in path order. A file reached the
    /// department when it was last modified (an officer's copy on a USB stick or a mail
    /// attachment keeps that time), unless `arrivedAt` says when (a batch load of old files).
    ///
    /// Files are read and validated in parallel, a batch at a time and one batch ahead of the
    /// database, then stored in one transaction per batch (`DataStore.filesPerBatch` files, the
    /// first few batches smaller: `batches(of:size:)`). A
    /// crash loses at most the batch in flight, which the next run stores again. An inbox keeps
    /// every file it was sent: read again, in any order and any number of times, the arrivals
    /// already recorded change nothing.
    ///
    /// Refused files whose every commune and month has an accepted arrival since are marked
    /// answered in the summary.
    public func ingest(files: [InboxEntry], at date: Date = Date(), arrivedAt: Date? = nil,
                       progress: (Int, Int, FileReceipt) -> Void = { _, _, _ in }) throws -> Summary {
        var summary = Summary()
        let ordered = Self.inArrivalOrder(files, arrivedAt: arrivedAt)
        let batches = Self.batches(of: ordered, size: max(1, store.filesPerBatch))
        var upcoming = batches.first.map(validateInBackground)
        for index in batches.indices {
            guard let validated = upcoming?.result() else { break }
            upcoming = index + 1 < batches.count ? validateInBackground(batches[index + 1]) : nil
            let receipts = try store.recordBatch(at: date) { writer in
                try writer.prepare(validated.filter(\.isReadable).map(\.validation))
                return try validated.map { file in
                    guard file.isReadable else { return FileReceipt(unreadable: file.validation) }
                    var receipt = try writer.record(file.validation, content: file.bytes, source: file.entry.path, keyID: nil,
                                                    arrivedAt: arrivedAt ?? file.modified)
                    receipt.keepFigures(of: file.validation)
                    return receipt
                }
            }
            for receipt in receipts {
                summary.receipts.append(receipt)
                progress(summary.receipts.count, files.count, receipt)
            }
        }
        try markAnsweredRefusals(in: &summary)
        return summary
    }

    /// `entries` cut into batches of `size`, the first ones smaller: an eighth, a quarter, a
    /// half. Nothing is stored before the first batch is read and validated whole, so a small
    /// one lets the store start at once, and each next batch is validated while the one
    /// before is stored.
    static func batches<Entry>(of entries: [Entry], size: Int) -> [[Entry]] {
        var batches: [[Entry]] = [], start = 0, next = max(1, size / 8)
        while start < entries.count {
            let end = min(entries.count, start + next)
            batches.append(Array(entries[start..<end]))
            start = end
            next = min(size, next * 2)
        }
        return batches
    }

    /// The entries in the order they reached the department: by arrival time to the second
    /// (the precision the store keeps), then by path. Entries whose time cannot be read come
    /// first; they are refused anyway.
    static func inArrivalOrder(_ entries: [InboxEntry], arrivedAt: Date?) -> [InboxEntry] {
        let times = entries.map { entry in arrivedAt?.wholeSeconds ?? entry.modificationTime()?.wholeSeconds ?? .distantPast }
        return entries.indices.sorted { times[$0] != times[$1] ? times[$0] < times[$1] : entries[$0].path < entries[$1].path }
            .map { entries[$0] }
    }

    /// Marks the refused receipts that a later accepted arrival has answered.
    private func markAnsweredRefusals(in summary: inout Summary) throws {
        var arrivalsByPeriod: [Period: [String: CommuneArrivals]] = [:]
        for index in summary.receipts.indices where summary.receipts[index].outcome == .refused {
            let receipt = summary.receipts[index]
            guard let refusedAt = receipt.arrivedAt else { continue }
            summary.receipts[index].isAnswered = try ArrivalPlan.isAnswered(refusedAt: refusedAt, mentions: receipt.mentions) { key in
                if arrivalsByPeriod[key.period] == nil { arrivalsByPeriod[key.period] = try store.arrivals(for: key.period) }
                return arrivalsByPeriod[key.period]?[key.communeCode]?.latestAccepted
            }
        }
    }

    struct ValidatedFile: Sendable {
        var entry: InboxEntry
        var bytes: [UInt8]
        var validation: FileValidation
        /// False for an entry that could not be read at all: nothing of it is stored.
        var isReadable = true
        /// The file's modification time.
        var modified: Date?
    }

    /// A batch being read and validated on other threads.
    final class PendingBatch: Sendable {
        private let group = DispatchGroup()
        private let results: Mutex<[ValidatedFile?]>

        init(entries: [InboxEntry], validator: FileValidator) {
            results = Mutex(Array(repeating: nil, count: entries.count))
            DispatchQueue.global().async(group: group) { [self] in
                DispatchQueue.concurrentPerform(iterations: entries.count) { index in
                    let file = Ingestor.read(entries[index], with: validator)
                    results.withLock { $0[index] = file }
                }
            }
        }

        /// Waits for the batch; its files in the order given.
        func result() -> [ValidatedFile] {
            group.wait()
            return results.withLock { $0.map { $0! } }
        }
    }

    private func validateInBackground(_ entries: [InboxEntry]) -> PendingBatch {
        PendingBatch(entries: entries, validator: validator)
    }

    /// Reads and validates one entry. Never throws: an entry that cannot be read, or is not a
    /// CSV file, is refused on its own with the reason.
    fileprivate static func read(_ entry: InboxEntry, with validator: FileValidator) -> ValidatedFile {
        func refused(_ issue: ValidationIssue, bytes: [UInt8] = [], readable: Bool = true) -> ValidatedFile {
            var issues = IssueCollector()
            issues.add(issue)
            return ValidatedFile(entry: entry, bytes: bytes, validation: FileValidation(
                fileName: entry.name, sha256: sha256Hex(bytes), rows: [], issues: issues), isReadable: readable)
        }
        if let reason = entry.unreadableReason() { return refused(entry.unreadable(reason), readable: false) }
        var status = stat()
        let modified = stat(entry.path, &status) == 0 ? Date(status.st_mtim) : nil
        if modified != nil, Int(status.st_size) > FileValidator.maximumFileSize {
            // Not read into memory, and not copied into the database: the file stays where it
            // was sent, and its hash and the reason are recorded.
            guard let sha256 = try? sha256Hex(ofFileAt: entry.path) else {
                return refused(entry.unreadable(LocalizedText(vi: "đọc bị lỗi giữa chừng", en: "reading it failed")), readable: false)
            }
            return ValidatedFile(entry: entry, bytes: [], validation: FileValidator.tooLarge(
                fileName: entry.name, sha256: sha256, size: Int(status.st_size)), modified: modified)
        }
        guard let data = FileManager.default.contents(atPath: entry.path) else {
            return refused(entry.unreadable(LocalizedText(vi: "đọc bị lỗi", en: "reading it failed")), readable: false)
        }
        let bytes = [UInt8](data)
        if let unsupported = entry.unsupportedType() {
            var file = refused(unsupported, bytes: bytes)
            file.modified = modified
            return file
        }
        return ValidatedFile(entry: entry, bytes: bytes, validation: validator.validate(bytes, fileName: entry.name),
                             modified: modified)
    }
}

extension Ingestor.MissingInput: ExitStatusError {
    public var exitStatus: ExitStatus { .noInput }
}

extension Ingestor.MissingInput {
    public var message: LocalizedText {
        LocalizedText(vi: "không có tệp hoặc thư mục: \(path)", en: description)
    }
}
