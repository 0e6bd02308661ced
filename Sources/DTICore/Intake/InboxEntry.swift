import Foundation

/// One thing found where an ingest was told to look: a file to read, or an entry that cannot
/// be read as one (a folder named `x.csv`, a broken link, a pipe, a file without permission).
///
/// Nothing is skipped in silence: every entry but hidden ones and the database's own files is
/// listed, and what cannot be a submission is refused with the reason, on its own.
public struct InboxEntry: Sendable, Equatable {
    /// The full path.
    public var path: String
    /// How messages name it: the path within the folder given (two communes' `bao-cao.csv`
    /// in different folders stay apart), or the file name of a file given on its own.
    public var name: String
    /// The modification time of a regular file, as the listing found it (nil: ask again).
    var listedModification: Date?

    public init(path: String, name: String) {
        self.path = path
        self.name = name
    }

    /// The entries for the given paths: files as given, folders searched recursively (hidden
    /// entries and `ignoring` paths left out), sorted by path so a batch is read in a
    /// deterministic order. A path that does not exist at all is an error of the command line.
    public static func entries(in paths: [String], ignoring: Set<String> = []) throws(Ingestor.MissingInput) -> [InboxEntry] {
        var entries: [InboxEntry] = []
        for path in paths {
            var status = stat()
            guard lstat(path, &status) == 0 else { throw Ingestor.MissingInput(path: path) }
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                entries += searched(folder: path, ignoring: ignoring)
            } else {
                entries.append(InboxEntry(path: path, name: (path as NSString).lastPathComponent))
            }
        }
        return entries.sorted { $0.path < $1.path }
    }

    private static func searched(folder: String, ignoring: Set<String>) -> [InboxEntry] {
        let root = URL(fileURLWithPath: folder).standardizedFileURL.path
        let ignored = Set(ignoring.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        var found: [InboxEntry] = []
        var pending = [""]
        while let relative = pending.popLast() {
            let absolute = relative.isEmpty ? root : root + "/" + relative
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: absolute) else {
                // An unreadable subfolder is listed as such; the top folder was checked above.
                if !relative.isEmpty { found.append(InboxEntry(path: absolute, name: relative)) }
                continue
            }
            for name in names where !name.hasPrefix(".") && !name.hasPrefix("~$") {  // hidden files, Excel's lock files
                let child = relative.isEmpty ? name : relative + "/" + name
                let path = root + "/" + child
                if ignored.contains(path) { continue }
                var status = stat()
                // A folder is searched, unless it is named like a submission file: then it is
                // what someone meant to send, and is listed (and refused) as an entry.
                let listed = lstat(path, &status) == 0
                if listed, status.st_mode & S_IFMT == S_IFDIR, !Self.isSubmissionName(name) {
                    pending.append(child)
                } else {
                    var entry = InboxEntry(path: path, name: child)
                    if listed, status.st_mode & S_IFMT == S_IFREG { entry.listedModification = Date(status.st_mtim) }
                    found.append(entry)
                }
            }
        }
        return found
    }

    /// When the file was last modified: when it reached the department, unless told otherwise.
    func modificationTime() -> Date? {
        if let listedModification { return listedModification }
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return Date(status.st_mtim)
    }

    /// Why the entry cannot be read as a file, or nil when it is a regular file that opens.
    /// Never opens a pipe or a device (that would wait forever).
    func unreadableReason() -> LocalizedText? {
        var status = stat()
        guard stat(path, &status) == 0 else {
            var link = stat()
            if lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK {
                return LocalizedText(vi: "là liên kết tới tệp không còn tồn tại", en: "it is a link to a file that no longer exists")
            }
            return Self.systemReason(errno)
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            let descriptor = open(path, O_RDONLY | O_NONBLOCK)
            guard descriptor >= 0 else { return Self.systemReason(errno) }
            close(descriptor)
            return nil
        case S_IFDIR:
            // A link is never followed into a folder: it could lead anywhere, or round in a circle.
            var link = stat()
            if lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK {
                return LocalizedText(vi: "là liên kết tới một thư mục, không được mở theo (hãy chép các tệp của thư mục đó vào hộp thư)",
                                     en: "it is a link to a folder, which is not followed (copy that folder's files into the inbox)")
            }
            return LocalizedText(vi: "là một thư mục, không phải tệp", en: "it is a folder, not a file")
        default:
            return LocalizedText(vi: "không phải tệp thông thường (ống dẫn, thiết bị hoặc socket)",
                                 en: "it is not a regular file (a pipe, a device or a socket)")
        }
    }

    private static func systemReason(_ code: Int32) -> LocalizedText {
        let system = String(cString: strerror(code))
        if code == EACCES || code == EPERM {
            return LocalizedText(vi: "chương trình không có quyền đọc (\(system))", en: "the program may not read it (\(system))")
        }
        return LocalizedText(vi: "không đọc được (\(system))", en: "it cannot be read (\(system))")
    }

    /// The refusal of an entry that cannot be read.
    func unreadable(_ reason: LocalizedText) -> ValidationIssue {
        ValidationIssue(.fileUnreadable, file: name, message: LocalizedText(
            vi: "Không đọc được “\(Quoted.escaped(name))”: \(reason.vi). Mục này bị bỏ qua, các tệp khác vẫn được nhận; hãy xoá hoặc thay bằng tệp CSV.",
            en: "Cannot read “\(Quoted.escaped(name))”: \(reason.en). It is refused; the other files still load. Remove it or replace it with a CSV file."))
    }

    /// The names of the files read: the template (`.xlsx`, or `.xlsm` when macros were kept)
    /// and CSV.
    static func isSubmissionName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".csv") || lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm")
    }

    /// The refusal of a file that is neither `.xlsx` nor `.csv`, with what to do for the usual mistakes.
    func unsupportedType() -> ValidationIssue? {
        let lower = name.lowercased()
        guard !Self.isSubmissionName(name) else { return nil }
        if lower.hasSuffix(".xls") {
            return ValidationIssue(.fileTypeUnsupported, file: name, message: TextEncodingCheck.oldExcel)
        }
        let saveAs = LocalizedText(
            vi: "Hãy gửi tệp mẫu báo cáo Excel (.xlsx), hoặc trong Excel chọn Tệp › Lưu thành › “CSV UTF-8 (Phân cách bằng dấu phẩy)” và gửi tệp .csv đó.",
            en: "Send the Excel reporting template (.xlsx), or in Excel choose File › Save As › “CSV UTF-8 (Comma delimited)” and send that .csv file.")
        let what: LocalizedText
        if lower.hasSuffix(".csv.txt") {
            what = LocalizedText(
                vi: "Tên tệp kết thúc bằng “.csv.txt”: Windows đã ẩn phần đuôi nên tệp CSV bị lưu thành tệp văn bản. Đổi tên bỏ “.txt” hoặc lưu lại.",
                en: "The file's real name ends in “.csv.txt”: Windows hid the extension, so the CSV was saved as text. Rename it without “.txt”, or save it again.")
        } else if lower.hasSuffix(".txt") {
            what = LocalizedText(vi: "Tệp văn bản (.txt, như “Unicode Text” của Excel) không được nhận.",
                                 en: "Text files (.txt, such as Excel's “Unicode Text”) are not read.")
        } else if lower.hasSuffix(".ods") {
            what = LocalizedText(vi: "Tệp LibreOffice (.ods) không được đọc; trong LibreOffice chọn Lưu thành › “Excel 2007-365 (.xlsx)”.",
                                 en: "LibreOffice files (.ods) are not read; in LibreOffice choose Save As › “Excel 2007-365 (.xlsx)”.")
        } else {
            what = LocalizedText(vi: "Chỉ nhận tệp .xlsx và .csv.", en: "Only .xlsx and .csv files are read.")
        }
        return ValidationIssue(.fileTypeUnsupported, file: name, message: LocalizedText(
            vi: what.vi + " " + saveAs.vi, en: what.en + " " + saveAs.en))
    }
}

extension Date {
    /// The instant a `stat` time stands for.
    init(_ time: timespec) {
        self.init(timeIntervalSince1970: TimeInterval(time.tv_sec) + TimeInterval(time.tv_nsec) / 1e9)
    }
}
