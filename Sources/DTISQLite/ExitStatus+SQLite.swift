import DTICore

// The exit statuses and bilingual messages of the SQLite store's own errors.

extension DTIStore.OpenError: ExitStatusError {
    public var exitStatus: ExitStatus {
        if case .missing = self { .noInput } else { .configuration }
    }
}

extension RunLock.Busy: ExitStatusError {
    public var exitStatus: ExitStatus { .busy }
}

extension RunLock.Unusable: ExitStatusError {
    public var exitStatus: ExitStatus { .cannotWrite }
}

extension DTIStore.OpenError {
    public var message: LocalizedText {
        switch self {
        case .missing(let path):
            LocalizedText(vi: "chưa có cơ sở dữ liệu ở \(path); hãy tạo bằng dti setup (nạp các danh mục đơn vị cài kèm dti; trên máy chủ: sudo -u dti dti setup) hoặc dti units import TỆP",
                          en: description)
        case .newerSchema(let path, _):
            LocalizedText(vi: "cơ sở dữ liệu ở \(path) do một phiên bản dti mới hơn ghi; hãy nâng cấp dti thay vì hạ cấp dữ liệu",
                          en: description)
        }
    }
}

extension RunLock.Busy {
    public var message: LocalizedText {
        LocalizedText(vi: "một lượt dti khác đang giữ khoá \(path) (pid \(holder)); hãy thử lại khi lượt đó xong", en: description)
    }
}

extension RunLock.Unusable {
    public var message: LocalizedText {
        LocalizedText(vi: "không lấy được khoá chạy \(path): \(reason); tệp khoá nằm cạnh cơ sở dữ liệu và phải là tệp dti ghi được",
                      en: description)
    }
}
