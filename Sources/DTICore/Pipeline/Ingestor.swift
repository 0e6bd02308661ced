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
        public var alreadyReceived: [FileReceipt] { receipts.filter { if case .alreadyReceived = $0.outcome { true } else { false } } }
        public var newRevisions: Int { receipts.reduce(0) { $0 + $1.newRevisions } }
        public var corrections: Int { receipts.reduce(0) { $0 + $1.corrections } }
    }

    public let store: DTIStore
    public let validator: FileValidator

    public init(store: DTIStore, context: ValidationContext) {
        self.store = store
        self.validator = FileValidator(context: context)
    }

    /// Files to read for the given paths: files as given, folders searched (recursively) for
    /// `*.csv`. Sorted by path, so a later file name supersedes an earlier one deterministically.
    public static func files(in paths: [String]) throws(MissingInput) -> [String] {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw MissingInput(path: path) }
            guard isFolder.boolValue else {
                files.append(path)
                continue
            }
            let enumerator = FileManager.default.enumerator(atPath: path)
            while let relative = enumerator?.nextObject() as? String {
                if relative.lowercased().hasSuffix(".csv") {
                    files.append((path as NSString).appendingPathComponent(relative))
                }
            }
        }
        return files.sorted()
    }

    /// Files per database transaction: large enough that commits cost little, small enough
    /// that a batch holds the write lock for a fraction of a second.
    public static let filesPerTransaction = 256

    /// Ingests `files` in order, calling `progress` after each with (done, total, receipt).
    ///
    /// Files are read and validated in parallel, a batch at a time and one batch ahead of the
    /// database, then stored in one transaction per batch, in path order. A crash loses at
    /// most the batch in flight, which the next run stores again (files already stored are
    /// recognised by their hash and skipped).
    public func ingest(files: [String], at date: Date = Date(),
                       progress: (Int, Int, FileReceipt) -> Void = { _, _, _ in }) throws -> Summary {
        var summary = Summary()
        let batches = stride(from: 0, to: files.count, by: Self.filesPerTransaction).map {
            Array(files[$0..<min(files.count, $0 + Self.filesPerTransaction)])
        }
        var upcoming = batches.first.map(validateInBackground)
        for index in batches.indices {
            let validated = try upcoming!.result()
            upcoming = index + 1 < batches.count ? validateInBackground(batches[index + 1]) : nil
            let receipts = try store.recordBatch(at: date) { record in
                try validated.map { try record($0.validation, $0.bytes, $0.path) }
            }
            for receipt in receipts {
                summary.receipts.append(receipt)
                progress(summary.receipts.count, files.count, receipt)
            }
        }
        return summary
    }

    struct ValidatedFile: Sendable {
        var path: String
        var bytes: [UInt8]
        var validation: FileValidation
    }

    /// A batch being read and validated on other threads.
    final class PendingBatch: Sendable {
        private let group = DispatchGroup()
        private let results: Mutex<[Result<ValidatedFile, MissingInput>?]>

        init(paths: [String], validator: FileValidator) {
            results = Mutex(Array(repeating: nil, count: paths.count))
            DispatchQueue.global().async(group: group) { [self] in
                DispatchQueue.concurrentPerform(iterations: paths.count) { index in
                    let result = Result { () throws(MissingInput) in try Ingestor.read(paths[index], with: validator) }
                    results.withLock { $0[index] = result }
                }
            }
        }

        /// Waits for the batch; its files in the order given.
        func result() throws(MissingInput) -> [ValidatedFile] {
            group.wait()
            let finished = results.withLock { $0 }
            var files: [ValidatedFile] = []
            files.reserveCapacity(finished.count)
            for result in finished { files.append(try result!.get()) }
            return files
        }
    }

    private func validateInBackground(_ paths: [String]) -> PendingBatch {
        PendingBatch(paths: paths, validator: validator)
    }

    fileprivate static func read(_ path: String, with validator: FileValidator) throws(MissingInput) -> ValidatedFile {
        let name = (path as NSString).lastPathComponent
        var status = stat()
        guard stat(path, &status) == 0 else { throw MissingInput(path: path) }
        if Int(status.st_size) > FileValidator.maximumFileSize {
            // Not read into memory, and not copied into the database: the file stays where it
            // was sent, and its hash and the reason are recorded.
            guard let sha256 = try? sha256Hex(ofFileAt: path) else { throw MissingInput(path: path) }
            return ValidatedFile(path: path, bytes: [], validation: FileValidator.tooLarge(
                fileName: name, sha256: sha256, size: Int(status.st_size)))
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw MissingInput(path: path) }
        let bytes = [UInt8](data)
        return ValidatedFile(path: path, bytes: bytes, validation: validator.validate(bytes, fileName: name))
    }
}
