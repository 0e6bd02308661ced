import Foundation

/// A fault of the machine under the database, said in words an administrator can act on,
/// with the exit status the README lists (never “internal error, please report it”).
public struct StoreFault: ExitStatusError {
    public enum Kind: Sendable {
        /// The disk is full: nothing half-stored (the transaction rolled back).
        case full
        /// Another writer held SQLite's lock past the busy timeout.
        case busy
        /// The database file or its folder cannot be written.
        case readOnly
        /// The file is not a database, or a page of it is damaged.
        case damaged
        /// Reading or writing the disk failed for another reason.
        case inputOutput
        /// The database server cannot be reached, or closed the connection (PostgreSQL).
        case unreachable
    }

    public var kind: Kind
    public var path: String
    /// The database's own words.
    public var detail: String

    public init(kind: Kind, path: String, detail: String) {
        (self.kind, self.path, self.detail) = (kind, path, detail)
    }

    public var exitStatus: ExitStatus {
        switch kind {
        case .full, .readOnly: .cannotWrite
        case .busy, .unreachable: .busy
        case .damaged, .inputOutput: .damaged
        }
    }

    public var description: String { message.en }

    public var message: LocalizedText {
        switch kind {
        case .full:
            LocalizedText(vi: "không ghi được cơ sở dữ liệu \(path): No space left on device (đĩa đầy); không có gì được lưu dở dang. Giải phóng chỗ trống rồi chạy lại.",
                          en: "cannot write the database \(path): No space left on device; nothing was half-stored. Free some space and run again.")
        case .busy:
            LocalizedText(vi: "cơ sở dữ liệu \(path) đang bị một tiến trình khác ghi quá lâu (\(detail)); hãy thử lại sau.",
                          en: "the database \(path) was held by another writer for too long (\(detail)); try again later.")
        case .readOnly:
            LocalizedText(vi: "không ghi được cơ sở dữ liệu \(path) (\(detail)): tệp hoặc thư mục chỉ cho đọc. Lệnh chỉ đọc (report, export, history) vẫn chạy được.",
                          en: "cannot write the database \(path) (\(detail)): the file or its folder is read-only. Read-only commands (report, export, history) still work.")
        case .inputOutput:
            LocalizedText(vi: "lỗi đọc/ghi đĩa ở cơ sở dữ liệu \(path) (\(detail)); kiểm tra ổ đĩa rồi chạy lại.",
                          en: "the disk failed under the database \(path) (\(detail)); check the disk and run again.")
        case .unreachable:
            LocalizedText(vi: "không kết nối được máy chủ cơ sở dữ liệu \(path) (\(detail)); không có gì được lưu dở dang. Kiểm tra máy chủ PostgreSQL và mạng rồi chạy lại.",
                          en: "cannot reach the database server \(path) (\(detail)); nothing was half-stored. Check the PostgreSQL server and the network, then run again.")
        case .damaged:
            LocalizedText(vi: "cơ sở dữ liệu \(path) bị hỏng (\(detail)). Đừng ghi thêm vào tệp này; khôi phục từ bản sao lưu gần nhất (dti backup) rồi nạp lại các tệp nhận sau đó.",
                          en: "the database \(path) is damaged (\(detail)). Do not write to it; restore the latest copy made with `dti backup`, then ingest the files received since.")
        }
    }
}

