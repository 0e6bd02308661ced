import DTICore
import Testing

/// What the command line says when `--period` is not a period: why, in both languages.
struct PeriodProblemTests {
    @Test(arguments: ["2026-10", "10/2026", "2026-Q3", "2026-q3", "2026", "2021-01..2025-12", "2026-Q1..2026-Q4", "2021..2025", "2026-10..2026-10"])
    func periodsAndRangesHaveNoProblem(_ text: String) {
        #expect(SpanRange.problem(in: text) == nil)
    }

    @Test(arguments: [
        ("2026-13", "không có tháng 13: tháng từ 01 đến 12 (“2026-13”)", "there is no month 13: months run 01 to 12 (“2026-13”)"),
        ("13/2026", "không có tháng 13: tháng từ 01 đến 12 (“13/2026”)", "there is no month 13: months run 01 to 12 (“13/2026”)"),
        ("2026-00", "không có tháng 0: tháng từ 01 đến 12 (“2026-00”)", "there is no month 0: months run 01 to 12 (“2026-00”)"),
        ("2026-Q5", "không có quý 5: quý từ Q1 đến Q4 (“2026-Q5”)", "there is no quarter 5: quarters run Q1 to Q4 (“2026-Q5”)"),
        ("2026-01..2026-13", "không có tháng 13: tháng từ 01 đến 12 (“2026-13”)", "there is no month 13: months run 01 to 12 (“2026-13”)"),
        ("2026-10..2026-08", "khoảng “2026-10..2026-08” bị ngược: viết kỳ trước rồi đến kỳ sau (2026-08..2026-10)",
         "the range “2026-10..2026-08” runs backwards: write the earlier period first (2026-08..2026-10)"),
        ("2026..2024", "khoảng “2026..2024” bị ngược: viết kỳ trước rồi đến kỳ sau (2024..2026)",
         "the range “2026..2024” runs backwards: write the earlier period first (2024..2026)"),
        ("2026-01..2026-Q2", "hai đầu của khoảng “2026-01..2026-Q2” phải cùng loại: cùng là tháng (2026-01..2026-06), quý (2026-Q1..2026-Q2) hoặc năm (2021..2025)",
         "both ends of the range “2026-01..2026-Q2” must be of one kind: months (2026-01..2026-06), quarters (2026-Q1..2026-Q2) or years (2021..2025)"),
    ])
    func aPeriodThatCannotBeIsExplained(_ text: String, _ vi: String, _ en: String) {
        #expect(SpanRange.problem(in: text) == LocalizedText(vi: vi, en: en))
    }

    @Test(arguments: ["hôm nay", "", "2026-10-01", "10.2026", "2026-", "..2026"])
    func whatIsNoPeriodAtAllGetsTheForms(_ text: String) {
        let problem = SpanRange.problem(in: text)
        #expect(problem?.vi.hasPrefix("không đọc được kỳ “") == true && problem?.vi.contains("2026-01..2026-06") == true, "\(String(describing: problem))")
        #expect(problem?.en.contains("is not a period: write a month 2026-10 (or 10/2026), a quarter 2026-Q3, a year 2026") == true,
                "\(String(describing: problem))")
    }
}
