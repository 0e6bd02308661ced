import Foundation

/// Something odd about a submission's figures that validation cannot refuse: the file is
/// well formed, but a person should look before the rank is believed.
public struct QualityFlag: Sendable, Equatable, Hashable {
    public enum Rule: String, Sendable, CaseIterable {
        /// An indicator moved far more in one month than it ever did in the commune's history.
        case jump = "quality-jump"
        /// The number of villages, or households by more than 5 %, changed from the last report.
        case totalChanged = "quality-total-changed"
        /// A share at exactly 100 % in this and the five reports before it while its total
        /// (the denominator) changed: the part is being copied from the whole.
        case stuckAtFull = "quality-stuck-at-100"
        /// Every figure identical to another commune's in the same period (a copied file).
        case identical = "quality-identical-figures"

        /// The check in words, as reports show it (the code stays for scripts: `dti export`).
        public var label: LocalizedText {
            switch self {
            case .jump: LocalizedText(vi: "Biến động bất thường", en: "Unusual jump")
            case .totalChanged: LocalizedText(vi: "Tổng số thay đổi", en: "Total changed")
            case .stuckAtFull: LocalizedText(vi: "Luôn đạt 100 %", en: "Always at 100 %")
            case .identical: LocalizedText(vi: "Số liệu trùng xã khác", en: "Same figures as another commune")
            }
        }
    }

    public var rule: Rule
    public var message: LocalizedText
}

/// The data-quality checks, over a commune's recent history and the period's other submissions.
public enum DataQuality {
    /// Reports looked back at: a year.
    public static let historyMonths = 12
    /// A jump is a change larger than `jumpFactor` times the commune's largest earlier monthly
    /// change, and at least `minimumJump` (15 points); with fewer than three earlier changes,
    /// any change of `unprovenJump` (30 points) or more.
    public static let jumpFactor = 3.0
    public static let minimumJump = 0.15
    public static let unprovenJump = 0.30
    /// Households may grow or shrink a little month to month; more than this is flagged.
    public static let householdTolerance = 0.05
    /// Reports in a row at exactly 100 % before one is flagged (this one included).
    public static let fullStreak = 6

    /// What the checks need of one report: its totals and its raw indicator values (in the
    /// indicator set's order), so a year of history costs no formula evaluation.
    public struct Report: Sendable, Equatable {
        public var period: Period
        public var villagesTotal: Int
        public var householdsTotal: Int
        public var raw: [Double?]
        /// Each ratio indicator's denominator (nil for others).
        public var denominators: [Double?]

        public init(period: Period, figures: Figures, raw: [Double?], indicatorSet: IndicatorSet) {
            self.period = period
            villagesTotal = figures[.villagesTotal]
            householdsTotal = figures[.householdsTotal]
            self.raw = raw
            denominators = indicatorSet.indicators.map { $0.formula.denominator?.evaluate(figures) }
        }
    }

    /// The flags of `current`, given the commune's earlier reports (oldest first, within
    /// `historyMonths`) and the communes (other than it) that sent identical figures.
    public static func flags(_ current: Report, history: [Report], identicalTo others: [String],
                             indicatorSet: IndicatorSet) -> [QualityFlag] {
        var flags: [QualityFlag] = []
        if let last = history.last {
            let villages = (last.villagesTotal, current.villagesTotal)
            if villages.0 != villages.1 {
                flags.append(QualityFlag(rule: .totalChanged, message: LocalizedText(
                    vi: "Tổng số thôn, tổ dân phố đổi từ \(villages.0) thành \(villages.1) so với lần báo cáo trước; kiểm tra lại nếu không có sáp nhập, chia tách.",
                    en: "The number of villages changed from \(villages.0) to \(villages.1) since the last report; check it unless villages were merged or split.")))
            }
            let households = (last.householdsTotal, current.householdsTotal)
            if households.0 > 0, abs(Double(households.1 - households.0)) / Double(households.0) > householdTolerance {
                flags.append(QualityFlag(rule: .totalChanged, message: LocalizedText(
                    vi: "Tổng số hộ đổi từ \(households.0) thành \(households.1) (hơn \(Int(householdTolerance * 100)) %) so với lần báo cáo trước.",
                    en: "The number of households changed from \(households.0) to \(households.1) (more than \(Int(householdTolerance * 100)) %) since the last report.")))
            }
        }
        for (index, indicator) in indicatorSet.indicators.enumerated() {
            // Runs once per commune and period over a year of history: loops, no arrays.
            guard let now = current.raw[index], let before = history.last?.raw[index] else { continue }
            var earlierChanges = 0, largestChange = 0.0
            for position in history.indices.dropFirst() {
                guard let later = history[position].raw[index], let earlier = history[position - 1].raw[index] else { continue }
                earlierChanges += 1
                largestChange = max(largestChange, abs(later - earlier))
            }
            let change = now - before
            let threshold = earlierChanges >= 3 ? max(minimumJump, jumpFactor * largestChange) : unprovenJump
            // The tolerance keeps a change of exactly the threshold (0.70 − 0.55) from
            // falling short by binary rounding.
            if abs(change) >= threshold - 1e-9 {
                let largest = earlierChanges > 0 ? largestChange : nil
                let from = (vi: ReportNumber.percent(before, .vi), en: ReportNumber.percent(before, .en))
                let to = (vi: ReportNumber.percent(now, .vi), en: ReportNumber.percent(now, .en))
                flags.append(QualityFlag(rule: .jump, message: LocalizedText(
                    vi: "“\(indicator.label.vi)” \(change > 0 ? "tăng từ \(from.vi) lên" : "giảm từ \(from.vi) xuống") \(to.vi) trong một lần báo cáo"
                        + (largest.map { "; trước đó thay đổi nhiều nhất \(ReportNumber.points($0, .vi)) điểm." } ?? "."),
                    en: "“\(indicator.label.en)” \(change > 0 ? "rose" : "fell") from \(from.en) to \(to.en) in one report"
                        + (largest.map { "; before, it never moved more than \(ReportNumber.points($0, .en)) points." } ?? "."))))
            }
            // A village fully covered stays at 100 % honestly; dossiers all filed online month
            // after month while their number changes look copied. So the total must have moved.
            var streak = now == 1 ? 1 : 0, totalMoved = false
            for report in history.reversed() where streak > 0 {
                guard report.raw[index] == 1 else { break }
                totalMoved = totalMoved || report.denominators[index] != current.denominators[index]
                streak += 1
            }
            if current.denominators[index] != nil, streak >= fullStreak, totalMoved {
                flags.append(QualityFlag(rule: .stuckAtFull, message: LocalizedText(
                    vi: "“\(indicator.label.vi)” đúng 100 % trong \(streak) lần báo cáo liên tiếp dù tổng số thay đổi; kiểm tra số liệu có phải chép từ tổng không.",
                    en: "“\(indicator.label.en)” has been exactly 100 % in \(streak) reports in a row while its total changed; check the part was not copied from the whole.")))
            }
        }
        if !others.isEmpty {
            let list = others.sorted().joined(separator: ", ")
            flags.append(QualityFlag(rule: .identical, message: LocalizedText(
                vi: "Mọi số liệu giống hệt số liệu cùng kỳ của xã \(list); kiểm tra có gửi nhầm tệp của xã khác không.",
                en: "Every figure is identical to those of commune \(list) for the same period; check a file was not sent for the wrong commune.")))
        }
        return flags
    }

    /// For each commune code, the other communes whose figures for the period are identical
    /// to its own (all figures, none of them all zero).
    public static func identicalFigures(_ figures: [String: Figures]) -> [String: [String]] {
        var byFigures: [Figures: [String]] = [:]
        for (code, figures) in figures where figures.values.contains(where: { $0 != 0 }) {
            byFigures[figures, default: []].append(code)
        }
        var result: [String: [String]] = [:]
        for codes in byFigures.values where codes.count > 1 {
            for code in codes { result[code] = codes.filter { $0 != code }.sorted() }
        }
        return result
    }
}
