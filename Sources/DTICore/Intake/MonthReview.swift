import Foundation

/// What the department's review actions on a month (`ReviewAction`) mean together, beside the
/// arrival rules (`ArrivalPlan`): which communes are returned, which provinces are closed, and
/// through which stored file each commune's figures count.
///
/// - A **return** holds until the commune's next accepted arrival, or an `accept`; a returned
///   commune is not ranked. In a closed province only an `accept` answers it (an arrival
///   after the closing waits, as every arrival there does).
/// - A **closing** freezes a province's month at the last file stored then: its rankings,
///   reports and exports stay as they were, while arrivals are still received and stored.
///   An `accept` of a commune takes in its figures as they stand then; a **reopening** takes
///   in every arrival since the closing.
public struct MonthReview: Sendable {
    public struct Return: Sendable, Equatable {
        public var reason: String
        public var author: String
        public var at: Date
        /// The last file stored when the figures were returned.
        public var throughFile: Int64
    }

    public struct Closing: Sendable, Equatable {
        public var author: String
        public var at: Date
        public var throughFile: Int64
    }

    /// Active returns, by commune code.
    public private(set) var returns: [String: Return] = [:]
    /// Closed provinces, by province code.
    public private(set) var closings: [String: Closing] = [:]
    /// In a closed province, the communes whose figures were taken in after the closing: the
    /// last file stored when they were.
    public private(set) var takenIn: [String: Int64] = [:]
    /// The province of each commune an action named.
    private var provinceOf: [String: String] = [:]

    /// No action at all: the month is its arrivals.
    public var isEmpty: Bool { returns.isEmpty && closings.isEmpty }

    public init() {}

    /// The state `actions` (oldest first) leave, given the last accepted file of each commune
    /// (`CommuneArrivals.latestAcceptedFile`).
    public init(_ actions: [ReviewAction], latestAcceptedFile: [String: Int64]) {
        for action in actions {
            let province = action.provinceCode
            switch (action.kind, action.communeCode) {
            case (.close, _):
                closings[province] = Closing(author: action.author, at: action.at, throughFile: action.throughFile)
                takenIn = takenIn.filter { provinceOf[$0.key] != province }
            case (.reopen, _):
                closings[province] = nil
                takenIn = takenIn.filter { provinceOf[$0.key] != province }
            case (.return, let commune?):
                provinceOf[commune] = province
                returns[commune] = Return(reason: action.reason ?? "", author: action.author, at: action.at,
                                          throughFile: action.throughFile)
            case (.accept, let commune?):
                provinceOf[commune] = province
                returns[commune] = nil
                if closings[province] != nil { takenIn[commune] = action.throughFile }
            case (.return, nil), (.accept, nil):
                continue
            }
        }
        // An accepted arrival after a return answers it, where the month is open.
        returns = returns.filter { commune, held in
            closings[provinceOf[commune] ?? ""] != nil || (latestAcceptedFile[commune] ?? 0) <= held.throughFile
        }
    }

    /// The review of `period` from the store: nothing to read beyond one small query when no
    /// action was taken (the common case). `arrivals` are the month's, when already read.
    public static func of(_ period: Period, store: any DataStore,
                          arrivals: [String: CommuneArrivals]? = nil) throws -> MonthReview {
        let actions = try store.reviewActions(for: period)
        guard !actions.isEmpty else { return MonthReview() }
        let latest = try (arrivals ?? store.arrivals(for: period)).compactMapValues(\.latestAcceptedFile)
        return MonthReview(actions, latestAcceptedFile: latest)
    }

    /// The last stored file through which the figures of `commune` (of `province`) count, or
    /// nil when they are simply the current ones (an open month).
    public func countedThrough(commune: String, province: String) -> Int64? {
        guard let closing = closings[province] else { return nil }
        return takenIn[commune] ?? closing.throughFile
    }

    /// In a closed province: whether the commune's last accepted file came after the one its
    /// figures count through (“nhận sau khi chốt”), waiting to be accepted.
    public func waitsToBeTakenIn(commune: String, province: String, latestAcceptedFile: Int64?) -> Bool {
        guard let through = countedThrough(commune: commune, province: province), let latestAcceptedFile else { return false }
        return latestAcceptedFile > through
    }

    /// The month's submissions as they count: in closed provinces, the figures as of the
    /// closing (or as taken in since), read through `asOf`; returned communes left out.
    public func counted(_ current: [String: StoredSubmission], provinceOf: (String) -> String?,
                        asOf: (Int64) throws -> [String: StoredSubmission]) rethrows -> [String: StoredSubmission] {
        guard !isEmpty else { return current }
        var result = current
        var snapshots: [Int64: [String: StoredSubmission]] = [:]
        if !closings.isEmpty {
            let codes = Set(current.keys).union(takenIn.keys)
            for code in codes {
                guard let province = provinceOf(code), let through = countedThrough(commune: code, province: province) else { continue }
                if snapshots[through] == nil { snapshots[through] = try asOf(through) }
                result[code] = snapshots[through]![code]
            }
        }
        for code in returns.keys { result[code] = nil }
        return result
    }
}
