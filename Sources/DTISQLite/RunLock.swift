import DTICore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One writer at a time: an exclusive `flock` on a file beside the database, holding the pid
/// of the process that has it. The kernel releases it when the process ends, however it ends.
public final class RunLock: StoreRunLock {
    public struct Busy: Error, CustomStringConvertible {
        public var path: String
        public var holder: String
        public var description: String {
            "another dti run holds the lock \(path) (pid \(holder)); try again when it has finished"
        }
    }

    /// The lock file cannot be made or opened (a folder in its place, a read-only folder).
    public struct Unusable: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String {
            "cannot take the run lock \(path): \(reason); the lock file lives beside the database and must be a file dti may write"
        }
    }

    private let descriptor: Int32
    public let path: String

    /// Takes the lock for the database at `databasePath`, or throws `Busy` at once.
    public init(databasePath: String) throws {
        path = databasePath + ".lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Unusable(path: path, reason: String(cString: strerror(errno))) }
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
