import Foundation

/// The words of the reports in both languages, in one place.
enum ReportText {
    typealias T = LocalizedText

    static let indexName = T(vi: "Chỉ số chuyển đổi số (DTI) cấp xã", en: "Commune digital transformation index (DTI)")
    static let period = T(vi: "Kỳ báo cáo", en: "Period")
    static let rank = T(vi: "Hạng", en: "Rank")
    static let communeCode = T(vi: "Mã xã", en: "Commune code")
    static let commune = T(vi: "Tên xã", en: "Commune")
    static let communeType = T(vi: "Loại", en: "Type")
    static let district = T(vi: "Huyện", en: "District")
    static let districtCode = T(vi: "Mã huyện", en: "District code")
    static let dti = T(vi: "DTI", en: "DTI")
    static let rankChange = T(vi: "Thay đổi hạng", en: "Rank change")
    static let dtiChange = T(vi: "Thay đổi DTI", en: "DTI change")
    static let previousPeriod = T(vi: "Kỳ so sánh", en: "Compared with")
    static let indicatorsScored = T(vi: "Số chỉ số được chấm", en: "Indicators scored")
    static let revision = T(vi: "Lần gửi", en: "Revision")
    static let file = T(vi: "Tệp", en: "File")
    static let line = T(vi: "Dòng", en: "Line")
    static let nameAsWritten = T(vi: "Tên xã (theo báo cáo)", en: "Commune name as written")
    static let notes = T(vi: "Ghi chú", en: "Notes")
    static let message = T(vi: "Nội dung", en: "Message")
    static let raw = T(vi: "giá trị", en: "value")
    static let normalised = T(vi: "điểm chuẩn hoá", en: "normalised")
    static let submitting = T(vi: "Số xã báo cáo", en: "Communes reporting")
    static let meanDTI = T(vi: "DTI bình quân", en: "Mean DTI")

    /// A pillar's rank column: "Hạng Hạ tầng số" / "Hạ tầng số rank".
    static func pillarRank(_ pillar: String) -> T { T(vi: "Hạng \(pillar)", en: "\(pillar) rank") }
    /// What a sheet was made from, for its title row (the data files counted when known).
    static func generatedFrom(files: Int? = nil, register: String, indicators: String) -> T {
        T(vi: "Lập từ " + (files.map { "\($0) tệp số liệu, " } ?? "") + "danh mục đơn vị \(register), bộ chỉ số “\(indicators)”",
          en: "From " + (files.map { "\($0) data files, " } ?? "") + "unit register \(register), indicator set “\(indicators)”")
    }

    /// A time as a reader writes it, Vietnam time: “16:20 ngày 05/11/2026”, “16:20 on 5 November 2026”.
    static func moment(_ date: Date, _ language: Language) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .vietnam
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let time = String(format: "%02d:%02d", c.hour!, c.minute!)
        return language == .vi ? "\(time) ngày " + String(format: "%02d/%02d/%04d", c.day!, c.month!, c.year!)
            : "\(time) on \(c.day!) \(Period(year: c.year!, month: c.month!)!.monthName(.en))"
    }

    /// How current a month's report is: closed (and when), or made when and provisional before
    /// the deadline; and up to which arrival its figures go. A quarter or a year made before its
    /// last month's deadline (`span`, `deadlineDay`) says it is not over. Nil when nothing is known.
    static func currency(_ status: MonthStatus.Province?, madeAt: Date?, span: Span? = nil, deadlineDay: Int = 5,
                         language: Language) -> String? {
        var parts: [String] = []
        if let span, span.kind != .month, let madeAt, madeAt < span.last.deadline(day: deadlineDay) {
            let due = MonthStatus.dueDay(span.last.deadline(day: deadlineDay), language)
            parts.append(language == .vi
                ? "CHƯA TRỌN KỲ: \(span.name(.vi)) chưa hết (\(span.last.monthName(.vi)) hạn nộp hết ngày \(due)); số liệu các tháng sau còn đến"
                : "INCOMPLETE: \(span.name(.en)) is not over (\(span.last.monthName(.en)) is due by the end of \(due)); later months' figures are still to come")
        }
        if let closing = status?.closing {
            parts.append(language == .vi ? "Đã chốt số liệu lúc \(moment(closing.at, .vi)) (\(closing.author))"
                                         : "Closed at \(moment(closing.at, .en)) (\(closing.author))")
        } else if let madeAt {
            parts.append(language == .vi ? "Lập lúc \(moment(madeAt, .vi))" : "Made at \(moment(madeAt, .en))")
        }
        if let asOf = status?.figuresAsOf {
            parts.append(language == .vi ? "số liệu tính đến \(moment(asOf, .vi))" : "figures as of \(moment(asOf, .en))")
        }
        if isProvisional(status, madeAt: madeAt), let status {
            parts.append(language == .vi ? "TẠM THỜI: lập trước hạn nộp (hết ngày \(status.dueDay(.vi)))"
                                         : "PROVISIONAL: made before the deadline (the end of \(status.dueDay(.en)))")
        }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }

    /// A month's report made before its deadline, the month not closed: figures may still come.
    static func isProvisional(_ status: MonthStatus.Province?, madeAt: Date?) -> Bool {
        guard let status, status.closing == nil, let madeAt else { return false }
        return madeAt < status.deadline
    }

    static let tier = T(vi: "Xếp loại", en: "Tier")
    static let returned = T(vi: "Xã bị trả lại số liệu", en: "Figures returned to the commune")
    static let returnReason = T(vi: "Lý do", en: "Reason")
    static let returnedBy = T(vi: "Trả lại bởi", en: "Returned by")

    static let insufficient = T(vi: "Xã báo cáo chưa đủ số tháng để xếp hạng", en: "Communes that reported in too few months to be ranked")
    static let monthsReported = T(vi: "Các tháng đã báo cáo", en: "Months reported")
    static let adjustment = T(vi: "Điểm cộng/trừ", en: "Bonus/penalty")
    static let monthlyReporting = T(vi: "Báo cáo từng tháng trong kỳ", en: "Reporting month by month")
    static let monthlyReportingNote = T(vi: "Số xã, phường có số liệu được tính trong từng tháng (số liệu bị trả lại không tính), trên số xã, phường của danh mục.",
                                        en: "The communes whose figures count in each month (returned figures do not), of the communes in the register.")
    static let month = T(vi: "Tháng", en: "Month")
    static let reported = T(vi: "Đã báo cáo", en: "Reported")
    static let rate = T(vi: "Tỷ lệ", en: "Rate")
    static let monthNotCounted = T(vi: "không tính (danh mục khác, chưa có bảng kế thừa)", en: "not counted (another register, no succession table)")

    /// How a quarter or a year is made, for the method of its reports.
    static func spanNote(_ set: IndicatorSet, minimum: Int, of months: Int, language: Language) -> String {
        let flows = Figure.allCases.filter { set.aggregation(of: $0) == .sum }
            .map { Formula.figure($0).readable(language) }
            + set.form.extras.filter { $0.aggregation == .sum }.map { language == .vi ? $0.label.vi : $0.name.replacingOccurrences(of: "_", with: " ") }
        let list = flows.isEmpty ? (language == .vi ? "không có" : "none") : flows.joined(separator: language == .vi ? "; " : "; ")
        return language == .vi
            ? "Số liệu của một quý hoặc một năm: các chỉ tiêu tích luỹ (số thôn, trạm BTS, hộ, người, dịch vụ) lấy theo báo cáo gần nhất trong kỳ; các chỉ tiêu phát sinh được cộng qua các tháng xã đã báo cáo (\(list)). Chỉ số được tính từ các số liệu đó rồi chuẩn hoá, tổng hợp và xếp hạng như một tháng. Xã được xếp hạng khi đã báo cáo ít nhất \(minimum)/\(months) tháng của kỳ; các xã khác được liệt kê cùng các tháng đã báo cáo. Thay đổi so với kỳ cùng loại liền trước. Các tháng thuộc danh mục đơn vị khác (trước sắp xếp tháng 7/2025) không được tính."
            : "Figures of a quarter or a year: stock fields (villages, BTS stations, households, people, services) come from the latest report in the span; flow fields are summed over the months the commune reported (\(list)). Indicators are computed from those figures, then normalised, aggregated and ranked as for a month. A commune is ranked when it reported in at least \(minimum) of the span's \(months) months; the others are listed with the months they reported. Change is against the previous span of the same kind. Months under a register with other units (before the July 2025 reform) do not count."
    }

    /// What the form gained within `span` (`[field.NAME] since`): the fields each month brought
    /// in, and what that means for the months before (nil when the form did not change).
    static func formChangeNote(_ set: IndicatorSet, span: Span, language: Language) -> String? {
        let changes = set.form.changes.filter { $0.period >= span.first && $0.period <= span.last }
        guard !changes.isEmpty else { return nil }
        let said = changes.map { change in
            let names = change.fields.map { "“\(language == .vi ? $0.label.vi : $0.label.en)”" }.joined(separator: ", ")
            return language == .vi ? "từ \(change.period.monthName(.vi)) mẫu báo cáo thêm \(names)"
                : "from \(change.period.monthName(.en)) the form adds \(names)"
        }
        return language == .vi
            ? "Mẫu báo cáo thay đổi trong kỳ: " + said.joined(separator: "; ") + ". Các tháng trước đó không có số liệu này: chỉ số dùng chúng không áp dụng cho các tháng đó, số liệu đã lưu không bị sửa."
            : "The form changed in this period: " + said.joined(separator: "; ") + ". Months before have no such figures: indicators using them do not apply to those months, and stored figures are not rewritten."
    }

    /// After a name whose figures cover some predecessors only: “ ≈ 4/6”.
    static func approximateMark(_ commune: CommuneResult) -> String {
        commune.approximate.map { " ≈ \($0.predecessorsSummed)/\($0.predecessors)" } ?? ""
    }

    static let reformNote = T(
        vi: "Số liệu các tháng trước sắp xếp đơn vị hành chính (1/7/2025) được tính theo đơn vị hiện nay: số liệu của một xã mới là tổng số liệu các xã cũ nhập toàn bộ vào xã đó (tất cả phải đã báo cáo tháng đó), rồi chấm điểm như thường lệ. Xã mới còn nhận một phần của xã cũ khác được đánh dấu ≈ kèm số xã cũ đã cộng trên tổng số xã cũ (≈ 4/6: giá trị gần đúng); xã mới chỉ nhận một phần các xã cũ thì không có giá trị so sánh. Số liệu của tỉnh là tổng các xã mới.",
        en: "Months before the administrative reform of 1 July 2025 are expressed in today's units: a new commune's figures are the sums of those of the old communes wholly merged into it (all of which must have reported that month), then scored as usual. A new commune that also took part of another old commune is marked ≈ with the predecessors summed out of all its predecessors (≈ 4/6: an approximate value); a new commune made of parts of old communes only has no comparable value. A province's figures are the sums of its new communes'.")

    static let national = T(vi: "Toàn quốc", en: "National")
    static let nationalRank = T(vi: "Hạng toàn quốc", en: "National rank")
    static let provinceRank = T(vi: "Hạng trong tỉnh", en: "Province rank")
    static let province = T(vi: "Tỉnh, thành phố", en: "Province")
    static let provinceCode = T(vi: "Mã tỉnh", en: "Province code")
    static let expected = T(vi: "Số xã", en: "Communes")
    static let provincesSection = T(vi: "Xếp hạng tỉnh (DTI bình quân các xã báo cáo)", en: "Province ranking (mean DTI of reporting communes)")
    static let summary = T(vi: "Tổng quan", en: "Summary")
    static let changeSince = T(vi: "so với", en: "change since")
    static let submittedOfExpected = T(vi: "Số xã đã báo cáo", en: "Communes that reported")
    static let mean = T(vi: "bình quân", en: "mean")
    static let top = T(vi: "Các xã dẫn đầu", en: "Top communes")
    static let bottom = T(vi: "Các xã cuối bảng", en: "Bottom communes")
    static let movers = T(vi: "Thay đổi lớn nhất so với kỳ trước", en: "Biggest movers since the last period")
    static let moversNone = T(vi: "Chưa có kỳ trước để so sánh.", en: "No earlier period to compare with.")
    static let missing = T(vi: "Xã chưa gửi báo cáo", en: "Communes that did not report")
    static let missingNone = T(vi: "Tất cả các xã đã gửi báo cáo.", en: "Every commune reported.")
    static let fewer = T(vi: "Xã được chấm trên ít chỉ số hơn bộ đầy đủ", en: "Communes scored on fewer indicators than the full set")
    static let fewerNone = T(vi: "Không có.", en: "None.")
    static let notApplicable = T(vi: "Chỉ số không áp dụng (mẫu số bằng 0)", en: "Not applicable (zero denominator)")
    static let warnings = T(vi: "Cảnh báo dữ liệu", en: "Data warnings")
    static let warningsNone = T(vi: "Không có cảnh báo.", en: "No warnings.")
    static let quality = T(vi: "Chất lượng số liệu cần kiểm tra", en: "Data quality to check")
    static let qualityNone = T(vi: "Không có dấu hiệu bất thường.", en: "Nothing unusual.")
    static let qualityNote = T(
        vi: "Số liệu hợp lệ nhưng bất thường: thay đổi đột biến so với chính lịch sử của xã, tổng số thôn/hộ thay đổi, tỷ lệ đúng 100 % nhiều kỳ liền, hoặc trùng hệt số liệu xã khác. Hạng vẫn được tính; nên kiểm tra trước khi khen, phê bình.",
        en: "Valid but unusual figures: a jump far outside the commune's own history, a change in the number of villages or households, a ratio at exactly 100 % for many reports, or figures identical to another commune's. The rank still counts; check before praising or blaming.")
    static let rule = T(vi: "Quy tắc", en: "Rule")
    static let notesSection = T(vi: "Ghi chú của xã", en: "Notes from communes")
    static let districts = T(vi: "Xếp hạng huyện (DTI bình quân các xã báo cáo)", en: "District ranking (mean DTI of reporting communes)")
    static let method = T(vi: "Phương pháp", en: "Method")
    static let unranked = T(vi: "Không xếp hạng (không chỉ số nào áp dụng)", en: "Not ranked (no indicator applies)")

    static let indicator = T(vi: "Chỉ số", en: "Indicator")
    static let pillar = T(vi: "Trụ cột", en: "Pillar")
    static let formula = T(vi: "Công thức", en: "Formula")
    static let target = T(vi: "Mục tiêu", en: "Target")
    static let weight = T(vi: "Trọng số", en: "Weight")
    static let registerVersion = T(vi: "Danh mục đơn vị hành chính", en: "Unit register")
    static let indicatorFile = T(vi: "Tệp bộ chỉ số", en: "Indicator file")
    static let inputFiles = T(vi: "Tệp số liệu đầu vào (SHA-256)", en: "Input files (SHA-256)")
    static let methodNote = T(
        vi: "Điểm chuẩn hoá = min(1, giá trị ÷ mục tiêu). Điểm trụ cột và DTI = 100 × Σ(trọng số × điểm) ÷ Σ(trọng số) trên các chỉ số áp dụng. Xếp hạng theo DTI làm tròn 2 chữ số; bằng điểm thì cùng hạng và bỏ qua hạng kế tiếp (1, 2, 2, 4). Thay đổi hạng so với kỳ gần nhất xã được xếp hạng (trong 12 tháng), tính trong số các xã được xếp hạng ở cả hai kỳ: xã không báo cáo ở một trong hai kỳ không làm xã khác lên hay xuống hạng. Số trong ngoặc sau điểm trụ cột là hạng của xã theo trụ cột đó, xếp như DTI.",
        en: "Normalised = min(1, value ÷ target). Pillar scores and the DTI = 100 × Σ(weight × normalised) ÷ Σ(weight) over applicable indicators. Ranked by DTI rounded to 2 decimals; ties share a rank and the next is skipped (1, 2, 2, 4). Rank change is against the last period (within 12 months) in which the commune was ranked, counted among the communes ranked in both periods: a commune that did not report in one of them moves nobody up or down. The number in brackets after a pillar score is the commune's rank on that pillar, ranked as the DTI is.")

    static let nationalMethodNote = T(
        vi: "Điểm chuẩn hoá = min(1, giá trị ÷ mục tiêu); DTI = 100 × Σ(trọng số × điểm) ÷ Σ(trọng số) trên các chỉ số áp dụng, tính cho từng xã như báo cáo của tỉnh. Tỉnh, thành phố được xếp theo DTI bình quân của các xã được xếp hạng; cột “so với” là thay đổi của bình quân đó so với kỳ trước. Hạng toàn quốc xếp mọi xã được xếp hạng của cả nước theo DTI làm tròn 2 chữ số; bằng điểm thì cùng hạng và bỏ qua hạng kế tiếp (1, 2, 2, 4). Hạng trong tỉnh là hạng của xã trong báo cáo của tỉnh.",
        en: "Normalised = min(1, value ÷ target); the DTI = 100 × Σ(weight × normalised) ÷ Σ(weight) over applicable indicators, for each commune as in a province's report. Provinces are ranked by the mean DTI of their ranked communes; the “change since” column is the change of that mean against the period before. The national rank orders every ranked commune of the country by DTI rounded to 2 decimals; ties share a rank and the next is skipped (1, 2, 2, 4). The province rank is the commune's rank in its province's report.")

    static let reportingRate = T(vi: "Tỷ lệ báo cáo (đã nhận ÷ phải nộp)", en: "Reporting rate (accepted ÷ expected)")
    static let timelinessRate = T(vi: "Tỷ lệ đúng hạn (đúng hạn ÷ phải nộp)", en: "Timeliness rate (on time ÷ expected)")
    static let deadline = T(vi: "Hạn nộp", en: "Deadline")
    static let refusedWaiting = T(vi: "Xã có tệp bị từ chối, chờ tệp sửa", en: "Refused, waiting for a correction")
    static let refusedWaitingNone = T(vi: "Không có.", en: "None.")
    static let nothingReceived = T(vi: "Xã chưa gửi gì", en: "Nothing received")
    static let nothingReceivedNone = T(vi: "Không có: mọi xã đã gửi tệp.", en: "None: every commune sent a file.")
    static let status = T(vi: "Tình trạng", en: "Status")
    static let errors = T(vi: "Số lỗi", en: "Errors")
    static let firstError = T(vi: "Lỗi đầu tiên", en: "First error")
    static let receivedAt = T(vi: "Thời điểm nhận (giờ Việt Nam)", en: "Received (Vietnam time)")
    static let submitted = T(vi: "Nộp", en: "Submitted")
    static let onTime = T(vi: "đúng hạn", en: "on time")
    static let late = T(vi: "muộn", en: "late")

    /// The marker after a late commune's name in Markdown tables: ` (muộn)`.
    static func lateMark(_ late: Bool, _ language: Language) -> String {
        late ? " (\(ReportText.late(language)))" : ""
    }

    static func lateNote(dueDay: String) -> T {
        T(vi: "Xã ghi (muộn) gửi số liệu sau hạn nộp (hết ngày \(dueDay), giờ Việt Nam); số liệu của xã vẫn được chấm điểm và xếp hạng như mọi xã khác.",
          en: "A commune marked (late) sent its figures after the deadline (the end of \(dueDay), Vietnam time); its figures are scored and ranked like every other commune's.")
    }

    static let imputedFrom = T(vi: "Ước tính từ số liệu kỳ", en: "Imputed from period")
    static let imputedSection = T(vi: "Xã không gửi số liệu, xếp hạng theo số liệu kỳ trước", en: "Communes ranked on carried-forward figures")

    /// The marker after an imputed commune's name in Markdown tables: `† 2026-08`.
    /// “ ‡” after the name of a commune that missed a mandatory condition.
    static func gateMark(_ commune: CommuneResult) -> String {
        commune.score.failedGates.isEmpty ? "" : " ‡"
    }

    static let gates = T(vi: "Xã chưa đạt điều kiện bắt buộc", en: "Communes missing a mandatory condition")
    static let gatesMissed = T(vi: "Điều kiện chưa đạt", en: "Conditions missed")
    static let gatesNone = T(vi: "Mọi xã đều đạt các điều kiện bắt buộc.", en: "Every commune meets the mandatory conditions.")
    static func gatesNote(_ rule: GateRule) -> T {
        switch rule {
        case .flagged:
            T(vi: "Chỉ số bắt buộc phải đạt điểm tối đa. Xã chưa đạt vẫn được xếp hạng theo điểm, đánh dấu ‡.",
              en: "A mandatory indicator needs full marks. These communes are still ranked on their scores, marked ‡.")
        case .capped(let cap):
            T(vi: "Chỉ số bắt buộc phải đạt điểm tối đa. DTI của xã chưa đạt không vượt quá \(ReportNumber.score(cap, .vi)), đánh dấu ‡.",
              en: "A mandatory indicator needs full marks. The DTI of these communes is held at \(ReportNumber.score(cap, .en)) at most, marked ‡.")
        case .excluded:
            T(vi: "Chỉ số bắt buộc phải đạt điểm tối đa. Xã chưa đạt không được xếp hạng; DTI ghi để tham khảo.",
              en: "A mandatory indicator needs full marks. These communes are not ranked; their DTI is shown for reference.")
        }
    }

    static func imputedMark(_ commune: CommuneResult) -> String {
        commune.imputedFrom.map { " † \($0)" } ?? ""
    }

    static func imputedNote(months: Int) -> T {
        T(vi: "† Xã không gửi số liệu kỳ này; được xếp hạng theo số liệu gần nhất của nó (kỳ ghi sau dấu †), lấy lại tối đa \(months) tháng trước. Biến động hạng chỉ so với các kỳ xã thực sự báo cáo.",
          en: "† The commune sent nothing for this period; it is ranked on its latest figures (the period after †), carried forward at most \(months) month\(months == 1 ? "" : "s"). Movement is measured against periods it really reported only.")
    }

    /// The target column of the method table: the target for the official method, else the
    /// indicator's normalisation and direction in words.
    static func normalisation(of indicator: Indicator, _ language: Language) -> String {
        let lower = indicator.direction == .lower
        let method: String
        switch indicator.normalisation {
        case .target:
            let target = ReportNumber.percent(indicator.target, language)
            return lower ? "≤ \(target)" : target
        case .goalposts(let low, let high):
            method = language == .vi ? "cột mốc \(ReportNumber.plain(low, language))–\(ReportNumber.plain(high, language))"
                : "goalposts \(ReportNumber.plain(low, language))–\(ReportNumber.plain(high, language))"
        case .minMax: method = "min–max"
        case .zScore: method = "z-score"
        case .steps(let steps):
            // “từ 4: 20 điểm; từ 3: 15 điểm” — each step in the indicator's own units.
            let sign = lower ? "≤" : "≥"
            let parts = steps.sorted { lower ? $0.from < $1.from : $0.from > $1.from }.map { step in
                "\(sign) \(ReportNumber.plain(step.from, language)): \(ReportNumber.plain(step.points, language))"
            }
            return (language == .vi ? "bậc (điểm) " : "steps (points) ") + parts.joined(separator: "; ")
        }
        guard lower else { return method }
        return method + (language == .vi ? " (thấp hơn là tốt hơn)" : " (lower is better)")
    }

    /// A sentence on the method choices, when they differ from the official DTI's.
    static func methodChoices(_ set: IndicatorSet) -> T? {
        guard !set.isOfficialMethod else { return nil }
        let geometric = set.aggregation == .geometric
        let population = set.indicators.contains { $0.normalisation.needsPopulation }
        let months = set.carryForwardMonths
        let gateNames = { (language: Language) in set.indicators.filter(\.mandatory).map { $0.label(language) }.joined(separator: "; ") }
        let adjustments = { (language: Language) in
            set.adjustments.map { adjustment in
                "\(adjustment.label(language)) = \(adjustment.formula.readable(language)), "
                    + "\(ReportNumber.signedScore(adjustment.minimum, language)) … \(ReportNumber.signedScore(adjustment.maximum, language))"
            }.joined(separator: "; ")
        }
        return T(
            vi: "Phương pháp khác DTI chính thức (cột Mục tiêu ghi cách chuẩn hoá từng chỉ số)."
                + (geometric ? " Tổng hợp theo trung bình nhân có trọng số: 100 × Π(điểm^(trọng số ÷ Σ trọng số)); một chỉ số bằng 0 làm điểm bằng 0." : "")
                + (population ? " Min–max và z-score tính trên các xã được xếp hạng cùng nhau (trong tỉnh, trong kỳ); điểm z-score không nằm trên thang 0–100." : "")
                + (months > 0 ? " Xã không gửi số liệu được xếp hạng theo số liệu gần nhất trong \(months) tháng trước, đánh dấu †." : "")
                + (set.adjustments.isEmpty ? "" : " Điểm cộng, điểm trừ được cộng vào DTI sau khi tổng hợp (nên DTI có thể ra ngoài 0–100) và ghi ở cột riêng: \(adjustments(.vi)).")
                + (set.hasGates ? " Điều kiện bắt buộc: \(gateNames(.vi)). " + gatesNote(set.gateRule).vi : ""),
            en: "Method differs from the official DTI (the Target column gives each indicator's normalisation)."
                + (geometric ? " Aggregated by the weighted geometric mean: 100 × Π(normalised^(weight ÷ Σ weight)); an indicator at 0 makes the score 0." : "")
                + (population ? " Min–max and z-scores are computed over the communes ranked together (the province, in the period); z-score DTIs are not on a 0–100 scale." : "")
                + (months > 0 ? " A commune that sent nothing is ranked on its latest figures of the \(months) months before, marked †." : "")
                + (set.adjustments.isEmpty ? "" : " Bonuses and penalties are added to the DTI after aggregation (so it may leave 0–100) and shown in a column of their own: \(adjustments(.en)).")
                + (set.hasGates ? " Mandatory conditions: \(gateNames(.en)). " + gatesNote(set.gateRule).en : ""))
    }
}
