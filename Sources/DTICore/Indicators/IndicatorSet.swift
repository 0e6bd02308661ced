/// A pillar of the index (hạ tầng số, xã hội số, chính quyền số).
public struct Pillar: Hashable, Sendable {
    public var id: String
    public var label: LocalizedText
}

/// How an indicator's raw value becomes a 0–1 (or, for z-scores, unbounded) value before
/// weighting: the choices of the OECD/JRC Handbook on Constructing Composite Indicators.
public enum Normalisation: Hashable, Sendable {
    /// Distance to target, capped: min(1, raw / target). The official DTI's method (default).
    case target
    /// Fixed goalposts: (raw − min) / (max − min), clamped to 0–1.
    case goalposts(min: Double, max: Double)
    /// Min–max over the communes ranked together (a province in a period): the lowest gets
    /// 0, the highest 1; all equal → 1.
    case minMax
    /// Standard score over the communes ranked together: (raw − mean) / standard deviation
    /// (population); all equal → 0. Unbounded, so a z-score DTI is not on a 0–100 scale.
    case zScore
    /// A decree's step rule: the points of the highest step the raw value reaches (`from` and
    /// up; with `lower`, `from` and down) over the most points of any step; none reached → 0.
    /// “4 meetings → 20 points, 3 → 15” is `[Step(from: 4, points: 20), Step(from: 3, points: 15)]`.
    case steps([Step])

    public var keyword: String {
        switch self {
        case .target: "target"
        case .goalposts: "goalposts"
        case .minMax: "minmax"
        case .zScore: "zscore"
        case .steps: "steps"
        }
    }

    /// Whether the value depends on the other communes ranked together.
    public var needsPopulation: Bool {
        switch self {
        case .minMax, .zScore: true
        case .target, .goalposts, .steps: false
        }
    }
}

/// One step of a step rule: from this raw value, these points.
public struct Step: Hashable, Sendable {
    public var from: Double
    public var points: Double

    public init(from: Double, points: Double) {
        self.from = from
        self.points = points
    }
}

/// Whether more of an indicator is better (coverage) or worse (say, dossiers late).
public enum Direction: String, Hashable, Sendable {
    case higher
    case lower
}

/// How normalised values become pillar scores and the DTI.
public enum Aggregation: String, Hashable, Sendable {
    /// 100 × Σ wᵢvᵢ / Σ wᵢ (the official DTI; default): a weak indicator is offset by strong ones.
    case arithmetic
    /// 100 × Π vᵢ^(wᵢ / Σ w): compensates less; any indicator at 0 makes the score 0.
    case geometric
}

/// A class of communes by their DTI, as a province's decision names them (Tốt, Khá, Trung
/// bình, Yếu): a commune is in the highest tier whose `minimum` its DTI reaches, rounded as
/// ranks are (`Rounding.halfUp`).
public struct Tier: Hashable, Sendable {
    public var id: String
    public var label: LocalizedText
    /// The lowest DTI of the tier (inclusive).
    public var minimum: Double
    /// How reports colour it: `#RRGGBB`.
    public var colour: String
}

/// How the scorecard judges a commune on one indicator (`[scorecard]` in the indicator file):
/// met at full marks, near at `near` of full marks or more, else missed. Judged on the
/// normalised value, so a target, goalposts and lower-is-better indicators read alike; an
/// indicator scored by z-score has no full marks and is not judged.
public struct Scorecard: Hashable, Sendable {
    public static let defaultNear = 0.8
    /// The share of full marks from which an indicator is “near” its target.
    public var near: Double

    public init(near: Double = Scorecard.defaultNear) {
        self.near = near
    }

    public enum Judgement: String, Sendable, CaseIterable {
        case met, near, missed
    }

    /// The judgement of a normalised value under `normalisation`; nil when not applicable.
    public func judge(_ normalised: Double?, _ normalisation: Normalisation) -> Judgement? {
        guard let normalised, normalisation != .zScore else { return nil }
        if normalised >= 1 - 1e-9 { return .met }
        return normalised >= near - 1e-9 ? .near : .missed
    }
}

/// A scored indicator: a ratio over submitted figures, normalised, weighted.
public struct Indicator: Hashable, Sendable {
    public var id: String
    public var pillar: String
    public var formula: Formula
    /// The raw value that earns full marks under `.target` normalisation (0 when unused).
    public var target: Double
    public var weight: Double
    public var label: LocalizedText
    public var normalisation: Normalisation = .target
    public var direction: Direction = .higher
    /// A condition a commune must meet (`mandatory = true`): full marks on it. A commune that
    /// misses one is treated by the set's `GateRule`, whatever its score.
    public var mandatory = false
}

/// What becomes of a commune that misses a mandatory indicator (`[set] mandatory`).
public enum GateRule: Hashable, Sendable {
    /// Scored and ranked as any other, marked as not meeting the condition (default).
    case flagged
    /// Its DTI held at or below this (a province's “cannot be rated Tốt” rule), and marked.
    case capped(Double)
    /// Not ranked: listed with its DTI and the conditions it missed.
    case excluded

    public var keyword: String {
        switch self {
        case .flagged: "flagged"
        case .capped: "capped"
        case .excluded: "excluded"
        }
    }
}

/// A bonus or a penalty a decree adds after aggregation (Đà Nẵng's điểm cộng, điểm trừ): its
/// formula's value held within `minimum`…`maximum`, added to the DTI and shown in a column of
/// its own, so a reader sees the score and the adjustment apart. A formula that does not apply
/// (a zero denominator) adds nothing.
public struct Adjustment: Hashable, Sendable {
    public var id: String
    public var formula: Formula
    public var minimum: Double
    public var maximum: Double
    public var label: LocalizedText

    /// The points `raw` adds: held within the bounds.
    public func points(_ raw: Double?) -> Double? {
        raw.map { Swift.min(maximum, Swift.max(minimum, $0)) }
    }
}

/// A figure reported beside the scores for context (BTS per 1,000 adults), never scored.
public struct ContextMeasure: Hashable, Sendable {
    public var id: String
    public var formula: Formula
    public var label: LocalizedText
}

/// The indicator set, loaded from the department's editable file in `indicators/`.
public struct IndicatorSet: Sendable {
    public var name: String
    /// Where it was read from, for the method sheet.
    public var source: String
    /// SHA-256 of the file's bytes: which set scored a report, in its method section and in
    /// the database.
    public var sha256: String = ""
    public var pillars: [Pillar]
    public var indicators: [Indicator]
    public var context: [ContextMeasure]
    public var aggregation: Aggregation
    /// A commune that sent nothing for a period is ranked on its last figures of at most this
    /// many months before, marked as imputed in every output; 0 (the default) leaves it
    /// unranked and listed as missing.
    public var carryForwardMonths: Int
    /// A month's figures are due by the end of this day of the next month, Vietnam time
    /// (`[set] deadline_day`, 5 by default: October's by the end of 5 November).
    public var deadlineDay: Int
    /// The form communes fill (`[field.NAME]`, `[check.ID]`): the contract's fields, the
    /// province's own, and the checks between them.
    public var form: Form
    /// A commune is ranked for a quarter or a year when it reported in at least this share of
    /// its months (`[set] span_min_months_share`, 0.67: 2 of 3, 8 of 12).
    public var spanMinMonthsShare: Double
    /// The classes of communes by DTI (`[tier.ID]`), highest first; none when the file has none.
    public var tiers: [Tier]
    /// How the scorecard judges each indicator (`[scorecard] near`).
    public var scorecard: Scorecard
    /// Bonuses and penalties added after aggregation (`[adjustment.ID]`), in file order.
    public var adjustments: [Adjustment]
    /// What becomes of a commune that misses a mandatory indicator.
    public var gateRule: GateRule
    /// True when some indicator is a mandatory condition.
    public var hasGates: Bool { indicators.contains(where: \.mandatory) }

    public init(name: String, source: String, pillars: [Pillar], indicators: [Indicator], context: [ContextMeasure] = [],
                aggregation: Aggregation = .arithmetic, carryForwardMonths: Int = 0, deadlineDay: Int = 5,
                form: Form = .contract, spanMinMonthsShare: Double = 0.67, tiers: [Tier] = [],
                scorecard: Scorecard = Scorecard(), adjustments: [Adjustment] = [], gateRule: GateRule = .flagged) {
        self.adjustments = adjustments
        self.gateRule = gateRule
        self.tiers = tiers.sorted { $0.minimum > $1.minimum }
        self.scorecard = scorecard
        self.deadlineDay = deadlineDay
        self.form = form
        self.spanMinMonthsShare = spanMinMonthsShare
        self.name = name
        self.source = source
        self.pillars = pillars
        self.indicators = indicators
        self.context = context
        self.aggregation = aggregation
        self.carryForwardMonths = carryForwardMonths
    }

    /// The tier of a commune with `dti` (nil: no DTI, no tiers, or below the lowest).
    public func tier(of dti: Double?) -> Tier? {
        guard let dti else { return nil }
        let rounded = Rounding.halfUp(dti)
        return tiers.first { rounded >= $0.minimum - 1e-9 }
    }

    /// How `figure` is gathered over a span.
    /// The contract fields gathered otherwise than by their latest value (the flows).
    public var fieldAggregation: [Figure: FieldAggregation] {
        Dictionary(uniqueKeysWithValues: Figure.allCases.map { ($0, aggregation(of: $0)) }.filter { $0.1 != .latest })
    }

    public func aggregation(of figure: Figure) -> FieldAggregation {
        form.field(figure).aggregation
    }

    /// True when every method is the official DTI's (target normalisation, higher is
    /// better, arithmetic aggregation): reports then need not explain the method.
    /// How workbooks name the set: its name, where it came from and its SHA-256.
    /// (The set built in is named by the file it was made from: it is that file, byte for byte.)
    public var provenance: String {
        let file = source == BuiltInIndicators.source ? "indicators/default.toml" : source
        return "\(name) — \(file)" + (sha256.isEmpty ? "" : ", SHA-256 \(sha256)")
    }

    /// How Markdown reports name it: the name and the SHA-256 (no path of the machine that wrote it).
    public var identity: String {
        name + (sha256.isEmpty ? "" : ", SHA-256 \(sha256)")
    }

    public var isOfficialMethod: Bool {
        aggregation == .arithmetic && carryForwardMonths == 0 && adjustments.isEmpty && !hasGates
            && indicators.allSatisfy { $0.normalisation == .target && $0.direction == .higher }
    }
}
