import Foundation

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

    /// Ingests `files` in order, calling `progress` after each with (done, total, receipt).
    public func ingest(files: [String], at date: Date = Date(),
                       progress: (Int, Int, FileReceipt) -> Void = { _, _, _ in }) throws -> Summary {
        var summary = Summary()
        for (index, path) in files.enumerated() {
            let receipt = try ingest(file: path, at: date)
            summary.receipts.append(receipt)
            progress(index + 1, files.count, receipt)
        }
        return summary
    }

    public func ingest(file path: String, at date: Date = Date()) throws -> FileReceipt {
        guard let data = FileManager.default.contents(atPath: path) else { throw MissingInput(path: path) }
        let bytes = [UInt8](data)
        let validation = validator.validate(bytes, fileName: (path as NSString).lastPathComponent)
        return try store.record(validation, content: bytes, source: path, at: date)
    }
}
