import DTICore
import Foundation
import GRDB

/// SQLite's result codes, said as the faults an administrator can act on.
extension StoreFault {
    /// The fault an error from the store stands for, or nil for any other error.
    public init?(_ error: any Error, databasePath: String) {
        guard let error = error as? DatabaseError else { return nil }
        let kind: Kind
        switch error.resultCode {
        case .SQLITE_FULL: kind = .full
        case .SQLITE_BUSY, .SQLITE_LOCKED: kind = .busy
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM: kind = .readOnly
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: kind = .damaged
        // SQLite reports a write refused for want of space while opening or growing the WAL
        // as a plain I/O error: the file system says which it was.
        case .SQLITE_IOERR: kind = Self.hasNoSpaceLeft(besides: databasePath) ? .full : .inputOutput
        default: return nil
        }
        self.init(kind: kind, path: databasePath, detail: error.message ?? "\(error.resultCode)")
    }

    /// True when the file system holding `path` has (next to) no block left for this user.
    static func hasNoSpaceLeft(besides path: String) -> Bool {
        var status = statvfs()
        let folder = (path as NSString).deletingLastPathComponent
        guard statvfs(folder.isEmpty ? "." : folder, &status) == 0 else { return false }
        return UInt64(status.f_bavail) * UInt64(status.f_frsize) < 64 * 1024
    }
}

extension DTIStore {
    /// SQLite's quick check of every page (cheaper than `integrity_check`: no index
    /// cross-check). Throws `StoreFault` (damaged) when anything is wrong.
    public func quickCheck() throws {
        let result: [String]
        do {
            result = try reader.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
        } catch {
            throw StoreFault(error, databasePath: path) ?? StoreFault(kind: .damaged, path: path, detail: "\(error)")
        }
        guard result == ["ok"] else {
            throw StoreFault(kind: .damaged, path: path, detail: result.prefix(3).joined(separator: "; "))
        }
    }
}
