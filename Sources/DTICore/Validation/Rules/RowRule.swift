/// A check on one row, with its messages beside it.
///
/// A rule looks only at the cells it needs and runs whenever those could be read, so a row
/// with an unreadable cell still hears about its other problems (an officer fixes everything
/// in one round instead of being refused again for the next problem).
protocol RowRule: Sendable {
    func check(_ row: SubmissionRow, readable: ReadableCells, at location: RowLocation, in context: ValidationContext,
               into issues: inout IssueCollector)
}

/// Which cells of a row could be read; the others hold placeholders no rule may look at.
/// A field's bit is its position in `Form.fields`, past the code's and the period's.
struct ReadableCells: OptionSet, Sendable {
    let rawValue: UInt64

    static let communeCode = ReadableCells(rawValue: 1 << 0)
    static let period = ReadableCells(rawValue: 1 << 1)
    static func figure(_ figure: Figure) -> ReadableCells { field(figure.index) }
    static func field(_ index: Int) -> ReadableCells { ReadableCells(rawValue: 1 << (2 + UInt64(index))) }
    /// Every cell of a row under `form`.
    static func all(_ form: Form) -> ReadableCells { ReadableCells(rawValue: (1 << (2 + UInt64(form.fields.count))) - 1) }

    var hasCommuneAndPeriod: Bool { contains([.communeCode, .period]) }

    func contains(_ figures: Figure...) -> Bool {
        figures.allSatisfy { contains(.figure($0)) }
    }
}

/// Every rule a submission is held to, in the order their findings are reported. Cell formats
/// (`CellRules`) and text (`TextCellRules`) run first, as the cells are read.
///
/// Each rule is called by its own type, not from a list of `any RowRule`: taken from a list,
/// every rule was copied out of it and destroyed again, for every row of every file.
enum RuleBook {
    static func check(_ row: SubmissionRow, readable: ReadableCells, at location: RowLocation, in context: ValidationContext,
                      into issues: inout IssueCollector) {
        PeriodNotAfterRunRule().check(row, readable: readable, at: location, in: context, into: &issues)
        CommuneInRegisterRule().check(row, readable: readable, at: location, in: context, into: &issues)
        FieldBoundsRule().check(row, readable: readable, at: location, in: context, into: &issues)
        FormCheckRule().check(row, readable: readable, at: location, in: context, into: &issues)
        CommuneNameMatchesRule().check(row, readable: readable, at: location, in: context, into: &issues)
    }
}
