import Foundation

/// Where the department acts on a month (the command line, the status page and the API all
/// come here): returns a commune's figures with a reason, accepts them again or takes in what
/// arrived after a closing, closes and reopens a province's month. Each action is checked
/// against the month as it stands (`MonthReview`) and kept with its author.
public struct ReviewDesk: Sendable {
    public let store: any DataStore
    public let directory: UnitDirectory

    public init(store: any DataStore, directory: UnitDirectory) {
        self.store = store
        self.directory = directory
    }

    /// An action that does not apply to the month as it stands; nothing was recorded.
    public struct Refusal: Error, CustomStringConvertible, ExitStatusError {
        public var message: LocalizedText
        public var description: String { message.en }

        public init(message: LocalizedText) {
            self.message = message
        }
        public var exitStatus: ExitStatus { .dataRefused }
    }

    /// The longest reason a return keeps (a sentence or two for the commune's officer).
    public static let maximumReason = 500

    /// Sends back the current figures of `commune` for `period` with `reason`: they are not
    /// ranked until the commune sends again (or the department accepts them).
    public func returnFigures(commune: String, period: Period, reason: String, author: String) throws -> ReviewAction {
        let unit = try self.unit(commune, period)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw Refusal(message: LocalizedText(vi: "cần ghi lý do trả lại để xã biết phải sửa gì",
                                                 en: "a return needs a reason, so that the commune knows what to correct"))
        }
        // Read by an officer on a page and kept for good: words, not control characters or pages of text.
        guard reason.count <= Self.maximumReason, !reason.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw Refusal(message: LocalizedText(
                vi: "lý do trả lại tối đa \(Self.maximumReason) ký tự, không chứa ký tự điều khiển (xuống dòng, tab)",
                en: "a reason is at most \(Self.maximumReason) characters, with no control characters (line breaks, tabs)"))
        }
        let review = try MonthReview.of(period, store: store)
        guard review.returns[unit.communeCode] == nil else {
            throw Refusal(message: LocalizedText(vi: "số liệu của xã \(unit.communeCode) \(period.monthName(.vi)) đã bị trả lại",
                                                 en: "the figures of commune \(unit.communeCode) for \(period) are returned already"))
        }
        guard try store.currentSubmissions(for: period)[unit.communeCode] != nil else {
            throw Refusal(message: LocalizedText(vi: "xã \(unit.communeCode) chưa có số liệu \(period.monthName(.vi)) để trả lại",
                                                 en: "commune \(unit.communeCode) has no figures for \(period) to return"))
        }
        return try store.recordReview(ReviewAction(kind: .return, period: period, provinceCode: unit.provinceCode,
                                                   communeCode: unit.communeCode, reason: reason, author: author))
    }

    /// Undoes a return, or, in a closed month, takes in the figures that arrived since.
    public func accept(commune: String, period: Period, author: String) throws -> ReviewAction {
        let unit = try self.unit(commune, period)
        let review = try MonthReview.of(period, store: store)
        let latest = try store.arrivals(for: period, communeCode: unit.communeCode)[unit.communeCode]?.latestAcceptedFile
        let pending = review.waitsToBeTakenIn(commune: unit.communeCode, province: unit.provinceCode, latestAcceptedFile: latest)
        guard review.returns[unit.communeCode] != nil || pending else {
            throw Refusal(message: LocalizedText(
                vi: "không có gì để duyệt: số liệu của xã \(unit.communeCode) \(period.monthName(.vi)) không bị trả lại và không có tệp nào đến sau khi chốt",
                en: "nothing to accept: the figures of commune \(unit.communeCode) for \(period) are not returned and nothing arrived after a closing"))
        }
        return try store.recordReview(ReviewAction(kind: .accept, period: period, provinceCode: unit.provinceCode,
                                                   communeCode: unit.communeCode, author: author))
    }

    /// Freezes the month of `province`: its reports stay as they are now.
    public func close(province: String, period: Period, author: String) throws -> ReviewAction {
        try checkProvince(province, period)
        guard try MonthReview.of(period, store: store).closings[province] == nil else {
            throw Refusal(message: LocalizedText(vi: "\(period.monthName(.vi)) của tỉnh \(province) đã chốt rồi",
                                                 en: "\(period) of province \(province) is closed already"))
        }
        return try store.recordReview(ReviewAction(kind: .close, period: period, provinceCode: province, author: author))
    }

    /// Opens the month of `province` again: every arrival since the closing counts.
    public func reopen(province: String, period: Period, author: String) throws -> ReviewAction {
        try checkProvince(province, period)
        guard try MonthReview.of(period, store: store).closings[province] != nil else {
            throw Refusal(message: LocalizedText(vi: "\(period.monthName(.vi)) của tỉnh \(province) chưa chốt",
                                                 en: "\(period) of province \(province) is not closed"))
        }
        return try store.recordReview(ReviewAction(kind: .reopen, period: period, provinceCode: province, author: author))
    }

    private func register(_ period: Period) throws -> RegisterVersion {
        guard let register = directory.version(for: period) else {
            throw Refusal(message: LocalizedText(vi: "chưa có danh mục đơn vị áp dụng cho \(period.monthName(.vi))",
                                                 en: "no unit register is in force for \(period)"))
        }
        return register
    }

    /// The province of commune `code` in the register in force for `period`; `UnknownUnit` when it has none.
    public func province(ofCommune code: String, period: Period) throws -> String {
        try unit(code, period).provinceCode
    }

    private func unit(_ code: String, _ period: Period) throws -> AdministrativeUnit {
        let code = AdministrativeUnit.communeCode(code)
        let register = try register(period)
        guard let unit = register.unit(code: code) else {
            throw UnknownUnit(kind: "commune", code: code, registers: [register.name])
        }
        return unit
    }

    private func checkProvince(_ code: String, _ period: Period) throws {
        let register = try register(period)
        guard !register.units(inProvince: code).isEmpty else {
            throw UnknownUnit(kind: "province", code: code, registers: [register.name])
        }
    }
}
