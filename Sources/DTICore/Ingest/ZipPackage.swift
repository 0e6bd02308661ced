import CLibZip
import Foundation

/// A zip package (an `.xlsx`) read from memory with libzip, within a budget whatever its
/// bytes: only this type touches libzip.
///
/// - Parts are inflated in chunks as they are read, never whole; the bytes actually inflated
///   are counted against `budget` (a declared size may lie), so a zip bomb stops at the budget.
/// - Every part read is read to its end, so libzip checks its CRC-32: a changed byte in a
///   stored part, or a damaged deflate stream, is refused as damage, never read as figures.
/// - Two entries of one name are refused: readers disagree on which one counts.
/// - Nothing goes through a temporary file: a full or unwritable temporary folder cannot
///   turn a good workbook into a refusal.
final class ZipPackage {
    enum Failure: Error, Equatable {
        /// Not a zip archive, or one whose structure, compressed data or checksums are wrong.
        case damaged
        /// Two entries share a name.
        case duplicateName(String)
        /// More bytes inflated than the budget allows.
        case overBudget
    }

    private let archive: OpaquePointer
    /// libzip reads the archive from this copy, which lives as long as the package.
    private let buffer: UnsafeMutableRawBufferPointer
    /// Each entry's index, by name.
    private let index: [String: UInt64]
    /// Bytes that may still be inflated, across every part read.
    private(set) var budget: Int

    init(_ bytes: [UInt8], budget: Int) throws(Failure) {
        self.budget = budget
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
        self.buffer = buffer
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        guard let source = zip_source_buffer_create(buffer.baseAddress, zip_uint64_t(bytes.count), 0, &error) else {
            buffer.deallocate()
            throw .damaged
        }
        guard let archive = zip_open_from_source(source, ZIP_RDONLY, &error) else {
            zip_source_free(source)
            buffer.deallocate()
            throw .damaged
        }
        self.archive = archive
        var index: [String: UInt64] = [:]
        let count = max(0, zip_get_num_entries(archive, 0))
        for entry in 0..<UInt64(count) {
            guard let name = zip_get_name(archive, entry, ZIP_FL_ENC_RAW).map({ String(decoding: Self.bytes(of: $0), as: UTF8.self) }) else {
                continue
            }
            guard index.updateValue(entry, forKey: name) == nil else {
                zip_discard(archive)
                buffer.deallocate()
                throw .duplicateName(name)
            }
        }
        self.index = index
    }

    deinit {
        zip_discard(archive)
        buffer.deallocate()
    }

    private static func bytes(of text: UnsafePointer<CChar>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: strlen(text))
    }

    /// True when the package has a part of this name.
    func contains(_ name: String) -> Bool { index[name] != nil }

    /// Opens the part `name` for reading, or nil when the package has none of that name.
    func open(_ name: String) throws(Failure) -> Part? {
        guard let entry = index[name] else { return nil }
        guard let file = zip_fopen_index(archive, entry, 0) else { throw .damaged }
        return Part(file: file, package: self)
    }

    /// A part's whole bytes (for the small parts: relationships, the workbook).
    func data(_ name: String) throws(Failure) -> Data? {
        guard let part = try open(name) else { return nil }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = try part.read(into: &chunk)
            if count == 0 { return data }
            data.append(contentsOf: chunk[0..<count])
        }
    }

    /// One part being inflated. Reading it to its end checks its CRC-32.
    final class Part {
        private var file: OpaquePointer?
        private let package: ZipPackage
        /// Why reading failed, when it did: the caller's XML reader sees only “error”.
        private(set) var failure: Failure?
        /// Bytes inflated from this part so far.
        private(set) var inflated = 0

        fileprivate init(file: OpaquePointer, package: ZipPackage) {
            self.file = file
            self.package = package
        }

        deinit { if let file { zip_fclose(file) } }

        /// Inflates up to `buffer.count` bytes into `buffer`; 0 at the end of the part.
        func read(into buffer: inout [UInt8]) throws(Failure) -> Int {
            let count = buffer.withUnsafeMutableBytes { read(into: $0) }
            if let failure { throw failure }
            return count
        }

        /// The C-friendly form: the count read, 0 at the end, -1 on failure (`failure` says why).
        func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
            guard failure == nil, let file, let base = buffer.baseAddress else { return failure == nil ? 0 : -1 }
            // One byte more than the budget allows tells a part that ends exactly at the budget
            // from one that goes over it.
            let asked = min(buffer.count, package.budget + 1)
            guard asked > 0 else { return 0 }
            let count = zip_fread(file, base, zip_uint64_t(asked))
            guard count >= 0 else {
                failure = .damaged
                return -1
            }
            if count == 0 {
                // The end: closing reports what reading to the end found (the CRC-32).
                self.file = nil
                if zip_fclose(file) != 0 { failure = .damaged; return -1 }
                return 0
            }
            guard Int(count) <= package.budget else {
                failure = .overBudget
                return -1
            }
            package.budget -= Int(count)
            inflated += Int(count)
            return Int(count)
        }

        /// Reads what is left of the part, so its CRC-32 is checked even when the reader of
        /// its XML stopped early.
        func finish() throws(Failure) {
            var chunk = [UInt8](repeating: 0, count: 64 << 10)
            while try read(into: &chunk) > 0 {}
        }
    }
}
