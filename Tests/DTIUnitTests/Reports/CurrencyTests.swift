@testable import DTICore
import DTITestSupport
import Foundation
import Testing

/// What a report says of how current it is (`ReportText.currency`).
struct CurrencyTests {
    static let october = Period("2026-10")!
    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    static func province(closing: MonthReview.Closing? = nil) -> MonthStatus.Province {
        var commune = MonthStatus.Commune(unit: TestData.unit("03390", "Bình Lư"), kind: .onTime)
        commune.lastFile = (at("2026-11-05T09:20:00Z"), "xa-03390.csv")
        let refused = MonthStatus.Commune(unit: TestData.unit("03388", "Đoàn Kết"), kind: .refusedWaiting,
                                          lastFile: (at("2026-11-06T01:00:00Z"), "sai.csv"))
        return MonthStatus.Province(code: "12", name: "Tỉnh Lai Châu", deadline: october.deadline(day: 5),
                                    communes: [commune, refused], closing: closing)
    }

    @Test func aReportMadeBeforeTheDeadlineIsProvisionalAndSaysWhenItsFiguresGoUpTo() {
        let before = ReportText.currency(Self.province(), madeAt: Self.at("2026-11-04T23:00:00Z"), language: .vi)
        // 23:00 UTC on the 4th is 06:00 on the 5th in Vietnam: the last day of the deadline.
        #expect(before == "Lập lúc 06:00 ngày 05/11/2026 · số liệu tính đến 16:20 ngày 05/11/2026 · TẠM THỜI: lập trước hạn nộp (hết ngày 05/11/2026)")
        let after = ReportText.currency(Self.province(), madeAt: Self.at("2026-11-05T17:30:00Z"), language: .en)
        #expect(after == "Made at 00:30 on 6 November 2026 · figures as of 16:20 on 5 November 2026",
                "a refused file is no figure: the as-of time is the accepted one's")
    }

    @Test func aClosedMonthSaysWhenItWasClosedAndNotWhenTheReportWasMade() {
        let closing = MonthReview.Closing(author: "Phòng CĐS", at: Self.at("2026-11-10T02:00:00Z"), throughFile: 120)
        let text = ReportText.currency(Self.province(closing: closing), madeAt: Self.at("2026-12-01T00:00:00Z"), language: .vi)
        #expect(text == "Đã chốt số liệu lúc 09:00 ngày 10/11/2026 (Phòng CĐS) · số liệu tính đến 16:20 ngày 05/11/2026")
    }

    @Test func aSpanWithoutStatusSaysOnlyWhenItWasMade() {
        #expect(ReportText.currency(nil, madeAt: Self.at("2026-12-01T00:00:00Z"), language: .en) == "Made at 07:00 on 1 December 2026")
        #expect(ReportText.currency(nil, madeAt: nil, language: .en) == nil)
    }

    /// The printable page says it in bold, in red while provisional.
    @Test func theHTMLReportMarksAProvisionalReport() {
        var result = ProvinceResult.rank(period: Span(Self.october), register: TestData.register, provinceCode: "12",
                                         submissions: [:], indicatorSet: TestData.defaultSet)
        result.status = Self.province()
        func page(madeAt: String) -> String {
            var markdown = MarkdownReport(result: result, indicatorSet: TestData.defaultSet, warnings: [], language: .vi)
            markdown.madeAt = Self.at(madeAt)
            return HTMLReport(markdown: markdown, previous: nil, yearAgo: nil).render()
        }
        #expect(page(madeAt: "2026-11-04T23:00:00Z").contains("<p class=\"currency provisional\">Lập lúc 06:00 ngày 05/11/2026"))
        #expect(page(madeAt: "2026-11-05T17:30:00Z").contains("<p class=\"currency\">Lập lúc 00:30 ngày 06/11/2026"))
    }
}

/// The leader's sentence names ties as ties (issue 30).
struct NarrativeTiesTests {
    static func figures(_ fibre: Int) -> Figures {
        var values = TestData.goodFigures
        values[5] = fibre
        return Figures(values: values)
    }

    static func narrative(fibres: [String: Int]) -> [String] {
        let submissions = Dictionary(uniqueKeysWithValues: fibres.map { code, fibre in
            (code, StoredSubmission(communeCode: code, period: Period("2026-10")!, revision: 1, figures: figures(fibre),
                                    fileName: "f.csv", fileSHA256: "", line: 2))
        })
        let result = ProvinceResult.rank(period: Span(Period("2026-10")!), register: TestData.register, provinceCode: "12",
                                         submissions: submissions, indicatorSet: TestData.defaultSet)
        let markdown = MarkdownReport(result: result, indicatorSet: TestData.defaultSet, warnings: [], language: .vi)
        return HTMLReport(markdown: markdown, previous: nil, yearAgo: nil).narrative()
    }

    @Test func threeCommunesTiedAtTheTopAreNamedTogether() {
        let sentences = Self.narrative(fibres: ["03388": 1800, "03390": 1800, "03394": 1800, "03405": 900])
        #expect(sentences.contains { $0.hasPrefix("3 xã, phường cùng dẫn đầu với ") && $0.contains("Xã Đoàn Kết, Xã Bình Lư, Xã Sin Suối Hồ")
                                     && $0.contains("; xếp cuối là Xã Hòa Bình") }, "\(sentences)")
    }

    @Test func withoutTiesTheSentenceIsAsBefore() {
        let sentences = Self.narrative(fibres: ["03388": 1800, "03390": 900])
        #expect(sentences.contains { $0.hasPrefix("Dẫn đầu là Xã Đoàn Kết (") && $0.contains("xếp cuối là Xã Bình Lư (") }, "\(sentences)")
    }
}
