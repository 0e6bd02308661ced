extension Pipeline {
    /// The trend of commune `code` over the `count` periods (of `period`'s kind) ending with
    /// `period`, ranked in its province as the reports rank it, in the units of the register
    /// in force at `period`: across the July 2025 reform, through the succession table when
    /// one is imported (periods that cannot be expressed so are gaps). Nil when that register
    /// has no such commune.
    public func trend(communeCode code: String, through period: Span, count: Int = 12) throws -> CommuneTrend? {
        try ResultsBuilder(store: store, indicatorSet: indicatorSet, directory: directory, successions: successions,
                           asOf: max(asOf ?? period.last, period.last)).trend(communeCode: code, through: period, count: count)
    }

    public func trend(communeCode code: String, through month: Period, count: Int = 12) throws -> CommuneTrend? {
        try trend(communeCode: code, through: Span(month), count: count)
    }
}
