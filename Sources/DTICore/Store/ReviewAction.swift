import Foundation

/// What the department did to a month, beyond what arrived: a commune's figures returned
/// with a reason or accepted again, a province's month closed or reopened. Kept for good,
/// with its author, as the audit trail of the review; what the actions mean together is
/// `MonthReview`'s to say.
public struct ReviewAction: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// A commune's current figures sent back with a reason: not ranked until it sends again.
        case `return`
        /// A return undone, or, in a closed month, the commune's latest figures taken in.
        case accept
        /// The province's month frozen as it stands: later arrivals wait to be accepted.
        case close
        /// The province's month open again: every arrival since the closing counts.
        case reopen
    }

    public var id: Int64
    public var kind: Kind
    public var period: Period
    public var provinceCode: String
    /// The commune returned or accepted; nil for a closing or a reopening.
    public var communeCode: String?
    public var reason: String?
    /// Who: the upload key's label (or its prefix), or the operating-system user at the command line.
    public var author: String
    public var at: Date
    /// The last file stored when the action was taken: the month as the action saw it.
    public var throughFile: Int64

    /// An action to record; the store gives it its id and `throughFile`.
    public init(kind: Kind, period: Period, provinceCode: String, communeCode: String? = nil, reason: String? = nil,
                author: String, at: Date = Date()) {
        self.init(id: 0, kind: kind, period: period, provinceCode: provinceCode, communeCode: communeCode, reason: reason,
                  author: author, at: at, throughFile: 0)
    }

    package init(id: Int64, kind: Kind, period: Period, provinceCode: String, communeCode: String?, reason: String?,
                 author: String, at: Date, throughFile: Int64) {
        self.id = id
        self.kind = kind
        self.period = period
        self.provinceCode = provinceCode
        self.communeCode = communeCode
        self.reason = reason
        self.author = author
        self.at = at
        self.throughFile = throughFile
    }
}

extension DataStore {
    /// `monthFingerprints()` made of each month's last accepted file, its count of distinct
    /// refused arrivals and its last review action, as both stores count them.
    package static func fingerprints(accepted: [String: Int64], refused: [String: Int64],
                                     reviews: [String: Int64]) -> [Period: String] {
        var result: [Period: String] = [:]
        for text in Set(accepted.keys).union(refused.keys).union(reviews.keys) {
            guard let period = Period(text) else { continue }
            result[period] = "accepted \(accepted[text] ?? 0), refused \(refused[text] ?? 0), review \(reviews[text] ?? 0)"
        }
        return result
    }
}
