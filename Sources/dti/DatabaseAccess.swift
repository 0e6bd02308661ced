import DTICore
import Foundation

/// Who may use a SQLite database file, checked before a command opens it: the states an
/// installed service meets on day one, refused with their fix instead of failing later.
///
/// - Root on a database another user owns (the `dti` user of a server): SQLite would make
///   its `-wal` and `-shm` files, and dti its lock, owned by root, and `dti serve` could no
///   longer write. Refused (exit 77), naming the owner to run as.
/// - `dti serve` on a database it cannot write (made by root, copied with the wrong mode):
///   every upload would get 503. Refused at start (exit 73), with the owner and mode.
enum DatabaseAccess {
    /// The owner and mode of an existing path.
    struct Owner {
        var uid: uid_t
        var gid: gid_t
        var mode: mode_t

        init?(_ path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            (uid, gid, mode) = (info.st_uid, info.st_gid, info.st_mode & 0o7777)
        }

        var userName: String { getpwuid(uid).map { String(cString: $0.pointee.pw_name) } ?? String(uid) }
        var groupName: String { getgrgid(gid).map { String(cString: $0.pointee.gr_name) } ?? String(gid) }
        var described: String { "\(userName):\(groupName), \(String(mode, radix: 8, uppercase: false).leftPadded(to: 4))" }
    }

    /// The files SQLite and dti keep beside the database.
    static func companions(of path: String) -> [String] { [path, path + "-wal", path + "-shm", path + ".lock"] }

    /// The database file, else the nearest folder above it that exists: what would own new files.
    static func owner(of path: String) -> (path: String, owner: Owner)? {
        var current = path
        while true {
            if let owner = Owner(current) { return (current, owner) }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { return Owner(".").map { (".", $0) } }
            current = parent
        }
    }

    /// Root about to open (or create) a database that belongs to another user.
    struct RootOnOthersDatabase: ExitStatusError {
        var path: String
        var owner: String
        var exitStatus: ExitStatus { .permission }
        var description: String { message.en }
        var message: LocalizedText {
            LocalizedText(
                vi: "đang chạy với quyền root trên cơ sở dữ liệu \(path) của người dùng \(owner): tệp SQLite tạo thêm (-wal, -shm) sẽ thuộc root và dti serve không ghi được nữa. Hãy chạy bằng người dùng đó: sudo -u \(owner) dti …",
                en: "running as root on the database \(path), which belongs to \(owner): the files SQLite adds beside it (-wal, -shm) would belong to root and dti serve could no longer write. Run it as that user: sudo -u \(owner) dti …")
        }
    }

    /// Throws when this process is root and `path` (or the folder it would be made in)
    /// belongs to someone else.
    static func refuseRootOnOthers(_ path: String) throws {
        guard geteuid() == 0, let (_, owner) = owner(of: path), owner.uid != 0 else { return }
        throw RootOnOthersDatabase(path: path, owner: owner.userName)
    }

    /// A database this process cannot write, found before serving.
    struct NotWritable: ExitStatusError {
        var path: String
        var owner: String
        var user: String
        var exitStatus: ExitStatus { .cannotWrite }
        var description: String { message.en }
        var message: LocalizedText {
            LocalizedText(
                vi: "người dùng \(user) không ghi được \(path) (chủ và quyền: \(owner)): mọi tệp gửi lên sẽ bị trả lời 503. Sửa: sudo chown \(user): \(path)* (và thư mục chứa nó), hoặc tạo lại cơ sở dữ liệu bằng sudo -u \(user) dti setup",
                en: "user \(user) cannot write \(path) (owner and mode: \(owner)): every upload would be answered 503. Fix: sudo chown \(user): \(path)* (and its folder), or make the database again with sudo -u \(user) dti setup")
        }
    }

    /// Throws when this process cannot write the database, a file beside it, or its folder.
    static func requireWritable(_ path: String) throws {
        let user = getpwuid(geteuid()).map { String(cString: $0.pointee.pw_name) } ?? String(geteuid())
        let folder = (path as NSString).deletingLastPathComponent
        for file in companions(of: path) + [folder.isEmpty ? "." : folder] where access(file, F_OK) == 0 && access(file, W_OK) != 0 {
            throw NotWritable(path: file, owner: Owner(file)?.described ?? "?", user: user)
        }
    }
}

private extension String {
    func leftPadded(to length: Int) -> String { String(repeating: "0", count: max(0, length - count)) + self }
}
