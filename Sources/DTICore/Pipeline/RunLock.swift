import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One writer at a time: an exclusive `flock` on a file beside the database, holding the pid
/// of the process that has it. The kernel releases it when the process ends, however it ends.
public final class RunLock {
    public struct Busy: Error, CustomStringConvertible {
        public var path: String
        public var holder: String
        public var description: String {
            "another dti run holds the lock \(path) (pid \(holder)); try again when it has finished"
        }
    }

    private let descriptor: Int32
    public let path: String

    /// Takes the lock for the database at `databasePath`, or throws `Busy` at once.
    public init(databasePath: String) throws {
        path = databasePath + ".lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            close(descriptor)
            throw Busy(path: path, holder: holder.flatMap { $0.isEmpty ? nil : $0 } ?? "unknown")
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(descriptor, 0)
        _ = pid.withCString { write(descriptor, $0, strlen($0)) }
    }

    deinit {
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
