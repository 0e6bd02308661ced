import Foundation

/// The state of a month, as a department chases it: for every commune the register expects,
/// whether its figures are in, on time or late, refused and waiting for a correction, or not
/// there at all; and per province the reporting and timeliness rates (DHIS2's measures).
public struct MonthStatus: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case onTime = "on-time"
        case late
        case correctedOnTime = "corrected-on-time"
        case correctedLate = "corrected-late"
        case refusedWaiting = "refused-waiting"
        case returned
        case nothingReceived = "nothing-received"

        public var label: LocalizedText {
            switch self {
            case .onTime: LocalizedText(vi: "\(Vocabulary.accepted.vi), đúng hạn", en: "accepted on time")
            case .late: LocalizedText(vi: "\(Vocabulary.accepted.vi), \(Vocabulary.late.vi)", en: "accepted late")
            case .correctedOnTime: LocalizedText(vi: "đã sửa, đúng hạn", en: "corrected, on time")
            case .correctedLate: LocalizedText(vi: "đã sửa, \(Vocabulary.late.vi)", en: "corrected, late")
            case .refusedWaiting: LocalizedText(vi: "\(Vocabulary.refused.vi), chờ tệp sửa", en: "refused, waiting for a corrected file")
            case .returned: LocalizedText(vi: "trả lại", en: "returned")
            case .nothingReceived: LocalizedText(vi: Vocabulary.missing.vi, en: "nothing received")
            }
        }

        public var isAccepted: Bool { [.onTime, .late, .correctedOnTime, .correctedLate].contains(self) }
        public var isOnTime: Bool { self == .onTime || self == .correctedOnTime }
    }

    public struct Commune: Sendable {
        public var unit: AdministrativeUnit
        public var kind: Kind
        /// The last file that counts: the current revision's, or the last refused one.
        public var lastFile: (at: Date, name: String)?
        /// Of a refused file waiting for a correction.
        public var errors = 0
        public var firstError: LocalizedText?
        /// The received file whose errors these are (`DTIStore.issues(ofFile:)`).
        public var refusedFileID: Int64?
        /// With carry-forward, a commune with no accepted file for the month is ranked on its
        /// figures of this earlier month.
        public var imputedFrom: Period?
        /// Of a returned commune: why, by whom, when.
        public var returned: MonthReview.Return?
        /// In a closed month: the file accepted since the closing that does not count yet, and
        /// whether taking it in would change the figures.
        public var afterClosing: (at: Date, file: String, changes: Bool)?
        /// The tier of the commune's DTI this month, when the month was ranked with the
        /// status (`Pipeline.status(for:provinces:withTiers:)`, as `dti status` asks).
        public var tier: Tier?

        /// What the state says to a reader: “trả lại: LÝ DO” for a returned commune.
        public func label(_ language: Language) -> String {
            guard let returned else { return kind.label(language) }
            return kind.label(language) + ": " + returned.reason
        }
    }

    /// Gives each ranked commune of `results` its tier under `indicatorSet`.
    public mutating func setTiers(from results: [ProvinceResult], indicatorSet: IndicatorSet) {
        var tiers: [String: Tier] = [:]
        for result in results {
            for commune in result.ranked { tiers[commune.unit.communeCode] = indicatorSet.tier(of: commune.score.dti) }
        }
        for province in provinces.indices {
            for commune in provinces[province].communes.indices {
                provinces[province].communes[commune].tier = tiers[provinces[province].communes[commune].unit.communeCode]
            }
        }
    }

    public struct Province: Sendable {
        public var code: String
        public var name: String
        public var deadline: Date
        public var communes: [Commune]
        /// When the department closed the month for the province (`dti close`), if it did.
        public var closing: MonthReview.Closing?

        /// The last day figures are due, as a reader writes it: “05/11/2026”, “5 November 2026”.
        public func dueDay(_ language: Language) -> String { MonthStatus.dueDay(deadline, language) }

        public var expected: Int { communes.count }
        public var late: Int { communes.count { $0.kind.isAccepted && !$0.kind.isOnTime } }
        public var refusedWaiting: [Commune] { communes.filter { $0.kind == .refusedWaiting } }
        public var returned: [Commune] { communes.filter { $0.kind == .returned } }
        /// Communes whose file accepted since the closing would change the figures.
        public var pendingChanges: Int { communes.count { $0.afterClosing?.changes == true } }
        /// The latest arrival among the figures that count: “số liệu tính đến”.
        public var figuresAsOf: Date? { communes.filter(\.kind.isAccepted).compactMap(\.lastFile?.at).max() }
        public var nothingReceived: [Commune] { communes.filter { $0.kind == .nothingReceived } }
        public var accepted: Int { communes.count { $0.kind.isAccepted } }
        public var onTime: Int { communes.count { $0.kind.isOnTime } }
        /// Accepted ÷ expected.
        public var reportingRate: Double { expected == 0 ? 0 : Double(accepted) / Double(expected) }
        /// On time ÷ expected.
        public var timelinessRate: Double { expected == 0 ? 0 : Double(onTime) / Double(expected) }
    }

    public var period: Period
    public var deadline: Date
    public var registerVersion: String
    public var provinces: [Province]

    /// The status of `period` for the given provinces (all when nil), by the register in
    /// force for it. A file is on time when it reached the department by `deadline`. With
    /// `carryForwardMonths`, a commune with no accepted file is marked imputed from its latest
    /// month with figures within that many months, as the ranking does.
    public static func build(period: Period, deadlineDay: Int, carryForwardMonths: Int = 0, store: any DataStore,
                             directory: UnitDirectory, provinces filter: Set<String>? = nil) throws -> MonthStatus {
        guard let register = directory.version(for: period) else { throw ResultsBuilder.BuildError.noRegister(period) }
        let deadline = period.deadline(day: deadlineDay)
        let arrivals = try store.arrivals(for: period)
        let review = try MonthReview.of(period, store: store, arrivals: arrivals)
        var carriedFrom: [String: Period] = [:]
        if carryForwardMonths > 0 {
            for back in 1...carryForwardMonths {
                let earlier = Period(ordinal: period.ordinal - back)
                for code in try store.communeCodes(in: earlier) where carriedFrom[code] == nil { carriedFrom[code] = earlier }
            }
        }
        // A closed province is seen as it was closed: the arrivals and figures through the
        // file stored last then (or when a commune's figures were taken in since).
        var arrivalsThrough: [Int64: [String: CommuneArrivals]] = [:]
        var figuresThrough: [Int64: [String: StoredSubmission]] = [:]
        let figuresNow = review.closings.isEmpty ? [:] : try store.currentSubmissions(for: period)
        var provinces: [Province] = []
        for (code, units) in Dictionary(grouping: register.units, by: \.provinceCode).sorted(by: { $0.key < $1.key })
        where filter?.contains(code) ?? true {
            var communes: [Commune] = []
            for unit in units {
                let through = review.countedThrough(commune: unit.communeCode, province: code)
                var seen = arrivals
                if let through {
                    if arrivalsThrough[through] == nil { arrivalsThrough[through] = try store.arrivals(for: period, communeCode: nil, throughFile: through) }
                    seen = arrivalsThrough[through]!
                }
                var commune = status(of: unit, seen[unit.communeCode], deadline: deadline)
                if let returned = review.returns[unit.communeCode] {
                    commune.kind = .returned
                    commune.returned = returned
                } else if !commune.kind.isAccepted {
                    commune.imputedFrom = carriedFrom[unit.communeCode]
                }
                if let through, let now = arrivals[unit.communeCode], let last = now.lastAccepted,
                   review.waitsToBeTakenIn(commune: unit.communeCode, province: code, latestAcceptedFile: now.latestAcceptedFile) {
                    if figuresThrough[through] == nil { figuresThrough[through] = try store.currentSubmissions(for: period, throughFile: through) }
                    let then = figuresThrough[through]![unit.communeCode]?.figures
                    commune.afterClosing = (last.at, last.file, then != figuresNow[unit.communeCode]?.figures)
                }
                communes.append(commune)
            }
            provinces.append(Province(code: code, name: units[0].provinceName, deadline: deadline, communes: communes,
                                      closing: review.closings[code]))
        }
        return MonthStatus(period: period, deadline: deadline, registerVersion: register.name, provinces: provinces)
    }

    /// The last day figures are due, as a reader writes it: “05/11/2026”, “5 November 2026”.
    public func dueDay(_ language: Language) -> String { Self.dueDay(deadline, language) }

    public static func dueDay(_ deadline: Date, _ language: Language) -> String {
        day(deadline.addingTimeInterval(-1), language)
    }

    /// The day (in Vietnam) of `date` as a reader writes it: “03/11/2026”, “3 November 2026”.
    public static func day(_ date: Date, _ language: Language) -> String {
        let day = Calendar.vietnam.dateComponents([.year, .month, .day], from: date)
        switch language {
        case .vi: return String(format: "%02d/%02d/%04d", day.day!, day.month!, day.year!)
        case .en: return "\(day.day!) \(Period(year: day.year!, month: day.month!)!.monthName(.en))"
        }
    }

    /// “35 / 38 (92,11 %)”.
    public static func rate(_ count: Int, of expected: Int, _ language: Language) -> String {
        ReportNumber.rate(count, of: expected, language)
    }

    /// Times as people read them, Vietnam time: “2026-11-03 08:00”.
    public static let time: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = .vietnam
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter
    }()

    /// The province of `code`, if it was asked for.
    public func province(_ code: String) -> Province? { provinces.first { $0.code == code } }

    static func status(of unit: AdministrativeUnit, _ arrivals: CommuneArrivals?, deadline: Date) -> Commune {
        guard let arrivals else { return Commune(unit: unit, kind: .nothingReceived) }
        if let first = arrivals.firstAccepted {
            let onTime = first.at < deadline  // the deadline is the first instant of the next day
            let corrected = arrivals.refused.contains { $0.at <= first.at }
            let kind: Kind = corrected ? (onTime ? .correctedOnTime : .correctedLate) : (onTime ? .onTime : .late)
            return Commune(unit: unit, kind: kind, lastFile: arrivals.lastAccepted.map { ($0.at, $0.file) })
        }
        guard let last = arrivals.refused.last else { return Commune(unit: unit, kind: .nothingReceived) }
        return Commune(unit: unit, kind: .refusedWaiting, lastFile: (last.at, last.file), errors: last.errors,
                       firstError: last.firstError, refusedFileID: last.id)
    }
}
