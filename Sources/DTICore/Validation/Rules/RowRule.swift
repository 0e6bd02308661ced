/// A check on one complete row, with its messages beside it.
protocol RowRule: Sendable {
    func check(_ row: SubmissionRow, at location: RowLocation, in context: ValidationContext,
               into issues: inout IssueCollector)
}

/// Every rule a submission is held to, in the order their findings are reported. Cell formats
/// (`CellRules`) run first; a row whose cells cannot all be read is not checked further.
enum RuleBook {
    static let rowRules: [any RowRule] = [
        PeriodNotAfterRunRule(),
        CommuneInRegisterRule(),
        MinimumValueRule(),
        PartWithinTotalRule(),
        OnlineServicesWithinTotalRule(),
        CommuneNameMatchesRule(),
    ]
}
