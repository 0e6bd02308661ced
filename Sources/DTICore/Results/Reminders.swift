import Foundation

/// The messages that chase a month's late communes, written from its state (`MonthStatus`):
/// one per commune that needs it, plain text that pastes cleanly into Zalo or an SMS (no
/// Markdown, at most `longest` characters), and one digest per province for a group chat.
///
/// Who needs one: a commune that has sent nothing, whose last file was refused and not yet
/// corrected, or whose figures the department returned. Never one that sent figures that count.
public struct Reminders: Sendable {
    /// When the message is sent: `before` the deadline, `after` it, or `refused` (only the
    /// communes whose file was refused or returned, at any time).
    public enum Stage: String, Sendable, CaseIterable {
        case before, after, refused

        /// The stage in words: “nhắc trước hạn”, “the reminder before the deadline”.
        public func label(_ language: Language) -> String {
            switch (self, language) {
            case (.before, .vi): "nhắc trước hạn"
            case (.after, .vi): "nhắc quá hạn"
            case (.refused, .vi): "nhắc sửa tệp bị từ chối"
            case (.before, .en): "the reminder before the deadline"
            case (.after, .en): "the reminder after the deadline"
            case (.refused, .en): "the reminder to correct a refused file"
            }
        }

        /// The stage of `now` against the month's deadline.
        public static func at(_ now: Date, deadline: Date) -> Stage { now < deadline ? .before : .after }
    }

    /// Days from a month's last day to submit (the deadline day) at which the schedule sends:
    /// `before` two days ahead of it, `after` the day after it.
    public static let scheduleOffsets: [(stage: Stage, days: Int)] = [(.before, -2), (.after, 1)]

    /// The reminder the schedule sends on `day` (a day in Vietnam time, at any hour), if any:
    /// for the month whose deadline (the end of day `deadlineDay` of the next month) is two
    /// days after `day`, the `before` stage; for the one whose deadline was the day before,
    /// `after`.
    public static func due(on day: Date, deadlineDay: Int) -> (period: Period, stage: Stage)? {
        let calendar = Calendar.vietnam
        let today = calendar.startOfDay(for: day)
        let month = Period.containing(day)
        for period in [month.previous.previous, month.previous, month] {
            let lastDay = calendar.date(byAdding: .day, value: -1, to: period.deadline(day: deadlineDay))!
            for (stage, days) in scheduleOffsets
            where calendar.date(byAdding: .day, value: days, to: calendar.startOfDay(for: lastDay)) == today {
                return (period, stage)
            }
        }
        return nil
    }

    /// The next days from `day` on (at most `count`) on which the schedule sends, with what.
    public static func schedule(from day: Date, deadlineDay: Int, count: Int) -> [(day: Date, period: Period, stage: Stage)] {
        let calendar = Calendar.vietnam
        var result: [(day: Date, period: Period, stage: Stage)] = []
        var current = calendar.startOfDay(for: day)
        for _ in 0..<400 where result.count < count {
            if let due = due(on: current, deadlineDay: deadlineDay) { result.append((current, due.period, due.stage)) }
            current = calendar.date(byAdding: .day, value: 1, to: current)!
        }
        return result
    }

    public struct Message: Sendable, Equatable {
        public var provinceCode: String
        public var unit: AdministrativeUnit
        public var status: MonthStatus.Kind
        public var text: String
    }

    public struct Digest: Sendable, Equatable {
        public var provinceCode: String
        public var provinceName: String
        public var text: String
    }

    /// What a message may hold: an SMS of Vietnamese text is read whole up to here, and Zalo
    /// shows it without “see more”.
    public static let longest = 500

    public var stage: Stage
    public var messages: [Message]
    public var digests: [Digest]

    /// The reminders of `status` at `stage`; `address` is where communes send (the upload
    /// page, `[server] public_url`), said in every message when known.
    public init(_ status: MonthStatus, stage: Stage, address: String?, language: Language) {
        self.stage = stage
        var messages: [Message] = []
        var digests: [Digest] = []
        for province in status.provinces {
            let chased = province.communes.filter { commune in
                switch commune.kind {
                case .refusedWaiting, .returned: true
                case .nothingReceived: stage != .refused
                default: false
                }
            }
            for commune in chased {
                messages.append(Message(provinceCode: province.code, unit: commune.unit, status: commune.kind,
                                        text: Self.text(commune, month: status.period, dueDay: province.dueDay(language), stage: stage,
                                                        address: address, language: language)))
            }
            if let digest = Self.digest(province, month: status.period, stage: stage, language: language) {
                digests.append(Digest(provinceCode: province.code, provinceName: province.name, text: digest))
            }
        }
        self.messages = messages
        self.digests = digests
    }

    /// One commune's message: whom, which month, by when, what is missing or wrong, where to send.
    static func text(_ commune: MonthStatus.Commune, month: Period, dueDay: String, stage: Stage, address: String?,
                     language: Language) -> String {
        let vi = language == .vi
        let name = commune.unit.fullName, monthName = month.monthName(language)
        let late = stage == .after
        let opening: String
        switch commune.kind {
        case .refusedWaiting:
            let file = commune.lastFile.map { "“\($0.name)”" } ?? ""
            opening = vi ? "\(name): tệp báo cáo chuyển đổi số \(monthName) \(file) bị từ chối. Lỗi: "
                         : "\(name): your digital transformation report file for \(monthName) \(file) was refused. Error: "
        case .returned:
            opening = vi ? "\(name): Sở trả lại số liệu chuyển đổi số \(monthName). Lý do: "
                         : "\(name): the department returned your digital transformation figures for \(monthName). Reason: "
        default:
            opening = vi ? "\(name): Sở chưa nhận được báo cáo chuyển đổi số \(monthName)."
                         : "\(name): the department has not received your digital transformation report for \(monthName)."
        }
        var ask: String
        switch (commune.kind, late) {
        case (.refusedWaiting, _), (.returned, _):
            ask = vi ? " Xin sửa và gửi lại" : " Please correct it and send it again"
        case (_, false):
            ask = vi ? " Xin gửi" : " Please send it"
        case (_, true):
            ask = vi ? " Đã quá hạn; xin gửi ngay" : " The deadline has passed; please send it now"
        }
        ask += late ? (vi ? " (hạn nộp đã hết ngày \(dueDay))." : " (it was due by the end of \(dueDay)).")
                    : (vi ? " trước hết ngày \(dueDay)." : " by the end of \(dueDay).")
        if let address {
            ask += vi ? " Gửi và tải mẫu tại \(address)" : " Send it, or download the template, at \(address)"
        }
        // The error or reason fills what the rest leaves, cut with “…” when it must be.
        let detail: String
        switch commune.kind {
        case .refusedWaiting: detail = commune.firstError?(language) ?? ""
        case .returned: detail = commune.returned?.reason ?? ""
        default: detail = ""
        }
        let room = longest - opening.count - ask.count
        let fitted = detail.count <= room ? detail : String(detail.prefix(max(0, room - 1))) + "…"
        let flat = fitted.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
        return opening + flat + (flat.isEmpty || flat.hasSuffix(".") || flat.hasSuffix("…") ? "" : ".") + ask
    }

    /// The province's digest for a group chat: “Tỉnh Lai Châu, tháng 10/2026 (hạn nộp hết ngày
    /// 05/11/2026): còn 2 xã chưa gửi: …; 1 xã có tệp bị từ chối: …”. Nil when nobody is chased.
    static func digest(_ province: MonthStatus.Province, month: Period, stage: Stage, language: Language) -> String? {
        let vi = language == .vi
        var parts: [String] = []
        let silent = province.nothingReceived, refused = province.refusedWaiting, returned = province.returned
        let names = { (communes: [MonthStatus.Commune]) in communes.map(\.unit.fullName).joined(separator: ", ") }
        if stage != .refused, !silent.isEmpty {
            parts.append(vi ? "còn \(silent.count) xã chưa gửi: \(names(silent))" : "\(silent.count) not sent yet: \(names(silent))")
        }
        if !refused.isEmpty {
            parts.append(vi ? "\(refused.count) xã có tệp bị từ chối, chờ sửa: \(names(refused))"
                            : "\(refused.count) refused, awaiting a correction: \(names(refused))")
        }
        if !returned.isEmpty {
            parts.append(vi ? "\(returned.count) xã bị trả lại số liệu: \(names(returned))" : "\(returned.count) returned: \(names(returned))")
        }
        guard !parts.isEmpty else { return nil }
        let head = vi ? "\(province.name), \(month.monthName(.vi)) (hạn nộp hết ngày \(province.dueDay(.vi)))"
                      : "\(province.name), \(month.monthName(.en)) (due by the end of \(province.dueDay(.en)))"
        return head + ": " + parts.joined(separator: "; ") + "."
    }
}
