/// A pillar of the index (hạ tầng số, xã hội số, chính quyền số).
public struct Pillar: Hashable, Sendable {
    public var id: String
    public var label: LocalizedText
}

/// A scored indicator: a ratio over submitted figures, compared with a target, weighted.
public struct Indicator: Hashable, Sendable {
    public var id: String
    public var pillar: String
    public var formula: Formula
    /// The raw value that earns full marks; normalised = min(1, raw / target).
    public var target: Double
    public var weight: Double
    public var label: LocalizedText
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
    public var pillars: [Pillar]
    public var indicators: [Indicator]
    public var context: [ContextMeasure]

    public init(name: String, source: String, pillars: [Pillar], indicators: [Indicator], context: [ContextMeasure] = []) {
        self.name = name
        self.source = source
        self.pillars = pillars
        self.indicators = indicators
        self.context = context
    }
}
