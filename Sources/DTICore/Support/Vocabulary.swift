/// The words for the things of the monthly cycle, in one place, so the command line, the
/// upload page and the reports call one thing by one name (a correction is a “bản sửa”
/// everywhere, never “đính chính” in one place and “bản sửa” in another).
public enum Vocabulary {
    /// A file or row that was stored.
    public static let accepted = LocalizedText(vi: "đã nhận", en: "accepted")
    /// A file that was not stored, with the errors to fix.
    public static let refused = LocalizedText(vi: "bị từ chối", en: "refused")
    /// The same file, already stored and still current.
    public static let alreadyReceived = LocalizedText(vi: "đã nhận trước đây", en: "already received")
    /// One stored version of a commune's figures for a month.
    public static let revision = LocalizedText(vi: "bản số liệu", en: "revision")
    /// A new revision that supersedes an earlier one.
    public static let correction = LocalizedText(vi: "bản sửa", en: "correction")
    /// A commune's first figures for a month.
    public static let new = LocalizedText(vi: "mới", en: "new")
    /// Figures identical to the current revision.
    public static let unchanged = LocalizedText(vi: "không đổi", en: "unchanged")
    /// A row that arrived before the current figures: kept, not current.
    public static let older = LocalizedText(vi: "đến trước số liệu hiện hành, chỉ lưu lại", en: "arrived before the current figures; kept, not current")
    /// A refused file whose communes have all sent an accepted file since.
    public static let answered = LocalizedText(vi: "đã có tệp sửa sau", en: "answered by a later file")
    /// A commune that has sent nothing for the month.
    public static let missing = LocalizedText(vi: "chưa gửi", en: "missing")
    /// Figures that reached the department after the deadline.
    public static let late = LocalizedText(vi: "nộp muộn", en: "late")
}

extension String {
    /// The text with its first letter in upper case (“đã nhận” → “Đã nhận”).
    public var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
}
