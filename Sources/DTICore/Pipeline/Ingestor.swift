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

    /// Files per database transaction: large enough that commits cost little, small enough
    /// that a batch holds the write lock for a fraction of a second.
    public static let filesPerTransaction = 256

    /// Ingests `files` in order, calling `progress` after each with (done, total, receipt).
    ///
    /// Files are read and validated in parallel, a batch at a time and one batch ahead of the
    /// database, then stored in one transaction per batch, in path order. A crash loses at
    /// most the batch in flight, which the next run stores again.
    ///
    /// The last file to speak for a commune and period is what counts. Bytes accepted before
    /// whose rows now differ from the current figures (a file sent again after a correction)
    /// are held to the end of the run and stored then, unless a later file of the run speaks
    /// for the same commune and period: an inbox keeps every file it was sent, and running it
    /// again must change nothing.
    ///
    /// A file reached the department when it was last modified (an officer's copy on a USB
    /// stick or a mail attachment keeps that time), unless `arrivedAt` says when (a batch load
    /// of old files).
    public func ingest(files: [InboxEntry], at date: Date = Date(), arrivedAt: Date? = nil,
                       progress: (Int, Int, FileReceipt) -> Void = { _, _, _ in }) throws -> Summary {
        var summary = Summary()
        var resent: [ValidatedFile] = []
        var resentIndex: [Int] = []
        var lastMention: [RowKey: Int] = [:]  // only for the rows of `resent` files
        var reported = 0
        let batches = stride(from: 0, to: files.count, by: Self.filesPerTransaction).map {
            Array(files[$0..<min(files.count, $0 + Self.filesPerTransaction)])
        }
        var upcoming = batches.first.map(validateInBackground)
        for index in batches.indices {
            let validated = upcoming!.result()
            upcoming = index + 1 < batches.count ? validateInBackground(batches[index + 1]) : nil
            let receipts = try store.recordBatch(at: date) { writer in
                try validated.map { file in
                    guard file.isReadable else { return FileReceipt(unreadable: file.validation) }
                    return try writer.record(file.validation, content: file.bytes, source: file.entry.path, keyID: nil, resent: .hold,
                                             superseded: [], arrivedAt: arrivedAt ?? file.modified)
                }
            }
            for (file, receipt) in zip(validated, receipts) {
                let position = summary.receipts.count
                summary.receipts.append(receipt)
                if !lastMention.isEmpty, receipt.outcome != .refused {
                    for row in file.validation.rows {
                        let key = RowKey(communeCode: row.communeCode, period: row.period)
                        if lastMention[key] != nil { lastMention[key] = position }
                    }
                }
                if receipt.resentRows.isEmpty {
                    reported += 1
                    progress(reported, files.count, receipt)
                } else {
                    resent.append(file)
                    resentIndex.append(position)
                    for key in receipt.resentRows { lastMention[key] = position }
                }
            }
        }
        guard !resent.isEmpty else { return summary }
        // The files sent again: what no later file spoke for becomes current again.
        let receipts = try store.recordBatch(at: date) { writer in
            try zip(resent, resentIndex).map { file, position in
                let spokenForLater = Set(file.validation.rows.lazy
                    .map { RowKey(communeCode: $0.communeCode, period: $0.period) }
                    .filter { lastMention[$0].map { $0 > position } ?? false })
                return try writer.record(file.validation, content: file.bytes, source: file.entry.path, keyID: nil,
                                         resent: .makeCurrent, superseded: spokenForLater, arrivedAt: arrivedAt ?? file.modified)
            }
        }
        for (receipt, position) in zip(receipts, resentIndex) {
            summary.receipts[position] = receipt
            reported += 1
            progress(reported, files.count, receipt)
        }
        return summary
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
        if stat(entry.path, &status) == 0, Int(status.st_size) > FileValidator.maximumFileSize {
            // Not read into memory, and not copied into the database: the file stays where it
            // was sent, and its hash and the reason are recorded.
            guard let sha256 = try? sha256Hex(ofFileAt: entry.path) else {
                return refused(entry.unreadable(LocalizedText(vi: "đọc bị lỗi giữa chừng", en: "reading it failed")), readable: false)
            }
            return ValidatedFile(entry: entry, bytes: [], validation: FileValidator.tooLarge(
                fileName: entry.name, sha256: sha256, size: Int(status.st_size)))
        }
        guard let data = FileManager.default.contents(atPath: entry.path) else {
            return refused(entry.unreadable(LocalizedText(vi: "đọc bị lỗi", en: "reading it failed")), readable: false)
        }
        let bytes = [UInt8](data)
        let modified = Date(timeIntervalSince1970: TimeInterval(status.st_mtim.tv_sec) + TimeInterval(status.st_mtim.tv_nsec) / 1e9)
        if let unsupported = entry.unsupportedType() {
            var file = refused(unsupported, bytes: bytes)
            file.modified = modified
            return file
        }
        return ValidatedFile(entry: entry, bytes: bytes, validation: validator.validate(bytes, fileName: entry.name),
                             modified: modified)
    }
}
