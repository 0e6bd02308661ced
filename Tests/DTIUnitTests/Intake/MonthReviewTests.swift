@testable import DTICore
import Foundation
import Testing

/// What review actions mean together (`MonthReview`), on values.
struct MonthReviewTests {
    static let october = Period("2026-10")!
    var nextID: Int64 = 0

    static func action(_ kind: ReviewAction.Kind, commune: String? = nil, province: String = "12", through: Int64,
                       reason: String? = nil) -> ReviewAction {
        ReviewAction(id: through, kind: kind, period: october, provinceCode: province, communeCode: commune, reason: reason,
                     author: "analyst", at: Date(timeIntervalSince1970: Double(through)), throughFile: through)
    }

    @Test func aReturnHoldsUntilALaterAcceptedFileOrAnAccept() {
        let returned = Self.action(.return, commune: "03390", through: 10, reason: "check fibre")
        #expect(MonthReview([returned], latestAcceptedFile: ["03390": 10]).returns["03390"]?.reason == "check fibre")
        #expect(MonthReview([returned], latestAcceptedFile: ["03390": 11]).returns.isEmpty, "the next accepted file answers it")
        let accepted = Self.action(.accept, commune: "03390", through: 12)
        #expect(MonthReview([returned, accepted], latestAcceptedFile: ["03390": 10]).returns.isEmpty)
        #expect(MonthReview([returned, accepted, Self.action(.return, commune: "03390", through: 13, reason: "again")],
                            latestAcceptedFile: ["03390": 10]).returns["03390"]?.reason == "again")
    }

    @Test func aClosedProvinceCountsThroughItsClosingUntilACommuneIsAcceptedOrTheMonthReopened() {
        let close = Self.action(.close, through: 20)
        var review = MonthReview([close], latestAcceptedFile: ["03394": 25])
        #expect(review.countedThrough(commune: "03394", province: "12") == 20)
        #expect(review.countedThrough(commune: "00004", province: "01") == nil, "another province stays open")
        review = MonthReview([close, Self.action(.accept, commune: "03394", through: 25)], latestAcceptedFile: ["03394": 25])
        #expect(review.countedThrough(commune: "03394", province: "12") == 25)
        #expect(review.countedThrough(commune: "03388", province: "12") == 20)
        review = MonthReview([close, Self.action(.accept, commune: "03394", through: 25), Self.action(.reopen, through: 30)],
                             latestAcceptedFile: [:])
        #expect(review.countedThrough(commune: "03394", province: "12") == nil)
        #expect(review.isEmpty)
        // Closed again: what was taken in before counts through the new closing.
        review = MonthReview([close, Self.action(.accept, commune: "03394", through: 25), Self.action(.reopen, through: 30),
                              Self.action(.close, through: 40)], latestAcceptedFile: [:])
        #expect(review.countedThrough(commune: "03394", province: "12") == 40)
    }

    @Test func inAClosedMonthALaterFileDoesNotAnswerAReturn() {
        let actions = [Self.action(.return, commune: "03390", through: 10, reason: "check"), Self.action(.close, through: 11)]
        #expect(MonthReview(actions, latestAcceptedFile: ["03390": 15]).returns["03390"] != nil,
                "the closed reports must not move: only an accept answers it")
    }

    @Test func countedSubmissionsLeaveReturnedCommunesOutAndReadClosedOnesAsOfTheirClosing() throws {
        func submission(_ code: String, revision: Int) -> StoredSubmission {
            StoredSubmission(communeCode: code, period: Self.october, revision: revision, figures: Figures(values: Array(repeating: revision, count: 13)),
                             fileName: "f\(revision).csv", fileSHA256: "", line: 2)
        }
        let current = ["03390": submission("03390", revision: 2), "03394": submission("03394", revision: 3),
                       "00004": submission("00004", revision: 1)]
        let review = MonthReview([Self.action(.close, through: 20), Self.action(.return, commune: "00004", province: "01", through: 21, reason: "x")],
                                 latestAcceptedFile: [:])
        var asked: [Int64] = []
        let counted = review.counted(current, provinceOf: { $0 == "00004" ? "01" : "12" }) { through in
            asked.append(through)
            return ["03390": submission("03390", revision: 1)]  // 03394 had sent nothing by the closing
        }
        #expect(asked == [20], "one read per closing")
        #expect(counted.mapValues(\.revision) == ["03390": 1])
    }
}
