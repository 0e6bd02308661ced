import DTICore
import DTITestSupport
import Foundation
import Testing

/// The form as data (issue 35, item 1): fields and checks declared in the indicator file,
/// files read and held to the form of each row's month.
struct FormTests {
    typealias T = TestData

    static let header = T.canonicalHeader + ",digital_team_members,civil_registry_digitised,service_quality"

    static func validate(_ lines: [String], form: Form? = nil) throws -> FileValidation {
        var context = T.context
        context.form = try form ?? T.provinceForm
        return FileValidator(context: context).validate(T.csv(lines), fileName: "f.csv")
    }

    static func row(_ period: String, _ extras: String, figures: [Int] = T.goodFigures) -> String {
        T.row("03388", period, figures) + "," + extras
    }

    @Test func theDefaultFileDeclaresTheContractsThirteenFieldsAndSixChecks() throws {
        let form = Form.contract
        #expect(form.fields.map(\.name) == Figure.allCases.map(\.rawValue))
        #expect(form.extras.isEmpty && form.isContractOnly)
        #expect(form.field(.villagesTotal).label.vi == "Tổng số thôn, tổ dân phố")
        #expect(form.field(.villagesTotal).aliases == ["Tổng số thôn", "Số thôn"])
        #expect(Figure.allCases.filter { $0.minimum == 1 } == [.villagesTotal, .householdsTotal, .adultPopulation])
        #expect(form.checks.map(\.rule) == [
            "villages_mobile_broadband <= villages_total", "villages_fibre <= villages_total",
            "households_fibre <= households_total", "adults_smartphone <= adult_population",
            "dossiers_online <= dossiers_total", "services_online_partial + services_online_full <= services_total",
        ])
        #expect(Figure.allCases.compactMap { f in f.total.map { "\(f.rawValue)<\($0.rawValue)" } }.count == 5)
        #expect(form.field(.dossiersOnline).aggregation == .sum && form.field(.btsStations).aggregation == .latest)
    }

    @Test func aProvinceAddsACountAYesNoTaskAndAScoreByEditingItsFile() throws {
        let form = try T.provinceForm
        #expect(form.extras.map(\.name) == ["digital_team_members", "civil_registry_digitised", "service_quality", "model_name"])
        #expect(form.extras.map(\.kind) == [.count, .yesNo, .score, .text])
        #expect(form.field(named: "service_quality")?.maximum == 100)
        #expect(form.field(named: "service_quality")?.isRequired == false)
        #expect(form.extras(in: Period("2026-09")!).map(\.name) == ["service_quality", "model_name"])
        #expect(form.version(for: Period("2026-10")!).hasSuffix("từ 2026-10"))
        #expect(!form.isContractOnly)

        let read = try Self.validate([Self.header, Self.row("2026-10", "25,Có,87")])
        #expect(read.isAccepted, "\(read.issues.issues.map(\.message.en))")
        #expect(read.rows.first?.figures.extras == ["digital_team_members": 25, "civil_registry_digitised": 1, "service_quality": 87])
        // What officers type for yes and no; an optional score left blank has no value.
        for (typed, value) in [("không", 0), ("Khong", 0), ("x", 1), ("1", 1), ("CÓ", 1), ("0", 0)] {
            let row = try Self.validate([Self.header, Self.row("2026-10", "25,\(typed),")])
            #expect(row.rows.first?.figures.extras == ["digital_team_members": 25, "civil_registry_digitised": value], "\(typed)")
        }
        // The label and the alias are headings too.
        let labelled = try Self.validate([
            T.canonicalHeader + ",Thành viên tổ CNSCĐ,Đã số hoá sổ hộ tịch", Self.row("2026-10", "3,Không"),
        ])
        #expect(labelled.rows.first?.figures.extras == ["digital_team_members": 3, "civil_registry_digitised": 0])
    }

    @Test func eachKindRefusesWhatItCannotHoldInWordsOfItsHeading() throws {
        let bad = try Self.validate([Self.header, Self.row("2026-10", "25,chắc có,101")])
        let codes = bad.issues.issues.map(\.code)
        #expect(codes == ["value-not-yes-no", "value-above-maximum"])
        #expect(bad.issues.issues[0].message.vi == "“civil_registry_digitised” chỉ ghi “Có” hoặc “Không”; đã ghi “chắc có”.")
        #expect(bad.issues.issues[1].message.vi == "“service_quality” phải từ 0 đến 100; đã ghi 101.")
        #expect(bad.issues.issues[1].column == 18)
        let blank = try Self.validate([Self.header, Self.row("2026-10", ",,")])
        #expect(blank.issues.issues.map(\.code) == ["value-missing", "value-missing"])
        #expect(blank.issues.issues[1].message.vi.contains("hãy chọn “Có” hoặc “Không”"))
    }

    /// The new check's message is made from the fields' headings, as the contract's are.
    @Test func theNewCheckRefusesABadRowWithItsDerivedMessage() throws {
        let over = try Self.validate([Self.header, Self.row("2026-10", "6000,Có,")])
        let issue = try #require(over.issues.issues.first)
        #expect(over.issues.issues.count == 1)
        #expect(issue.code == "part-exceeds-total")
        #expect(issue.message.vi == "“digital_team_members” (6.000) lớn hơn “adult_population” (5.000); số này không thể vượt tổng số, kiểm tra lại một trong hai ô.")
        #expect(issue.message.en == "“digital_team_members” (6,000) is more than “adult_population” (5,000); a part cannot exceed its total, check both cells.")
        // Labelled headers are named as written.
        let labelled = try Self.validate([
            T.canonicalHeader.replacingOccurrences(of: "adult_population", with: "Dân số trưởng thành") + ",Thành viên tổ CNSCĐ,Đã số hoá sổ hộ tịch",
            Self.row("2026-10", "6000,Có"),
        ])
        #expect(labelled.issues.issues.first?.message.vi.hasPrefix("“Thành viên tổ CNSCĐ” (6.000) lớn hơn “Dân số trưởng thành” (5.000)") == true)
    }

    /// A sum of three parts, with the province's own note.
    @Test func aSumCheckNamesEveryPartAndEndsWithItsNote() throws {
        let text = BuiltInIndicators.text + """

            [check.all_online]
            rule = "services_online_partial + services_online_full + dossiers_online <= dossiers_total"
            note_vi = "kiểm tra lại"
            note_en = "check again"
            """
        let form = try IndicatorFile.parse(text, file: "p.toml").form
        var figures = T.goodFigures
        figures[11] = 200  // dossiers_total: 10 + 120 + 100 = 230 > 200
        let read = try Self.validate([T.canonicalHeader, T.row("03388", "2026-10", figures)], form: form)
        #expect(read.issues.issues.map(\.code) == ["services-exceed-total"])
        #expect(read.issues.issues.first?.message.vi == "“services_online_partial” (10) cộng “services_online_full” (120) cộng “dossiers_online” (100) là 230, nhiều hơn “dossiers_total” (200); kiểm tra lại.")
    }

    /// A month before the form change is read with its old form: the new columns stay blank.
    @Test func aRowIsHeldToTheFormOfItsOwnMonth() throws {
        let old = try Self.validate([Self.header, Self.row("2026-09", ",,")])
        #expect(old.isAccepted, "\(old.issues.issues.map(\.message.vi))")
        #expect(old.rows.first?.figures.extras == [:])
        let oldFile = try Self.validate([T.canonicalHeader, T.row("03388", "2026-09", T.goodFigures)])
        #expect(oldFile.isAccepted)
        let early = try Self.validate([Self.header, Self.row("2026-09", "25,Có,")])
        #expect(early.issues.issues.map(\.code) == ["field-not-in-form", "field-not-in-form"])
        #expect(early.issues.issues[0].message.vi.contains("có trong mẫu báo cáo từ tháng 10/2026")
                    && early.issues.issues[0].message.vi.contains("theo mẫu “DTI cấp xã 2025 (mặc định)”"),
                "\(early.issues.issues[0].message.vi)")
        let missing = try Self.validate([T.canonicalHeader, T.row("03388", "2026-10", T.goodFigures)])
        #expect(missing.issues.issues.map(\.code) == ["field-not-in-form", "field-not-in-form"])
        #expect(missing.issues.issues[0].message.vi.hasPrefix("Thiếu cột “Số thành viên tổ công nghệ số cộng đồng” (digital_team_members), bắt buộc từ tháng 10/2026"))
        // A column no form has is refused as before, now naming the province's form.
        let unknown = try Self.validate([Self.header + ",gia_dinh_so", Self.row("2026-10", "25,Có,,3")])
        #expect(unknown.issues.issues.first?.code == "header-unknown-column")
        #expect(unknown.issues.issues.first?.message.vi.contains("không thuộc mẫu báo cáo (mẫu “DTI cấp xã 2025 (mặc định)”)") == true)
    }

    /// Found by replaying the fuzz corpus under a province's form: a row whose month cannot be
    /// read, in a file without the new columns, crashed; a short row's new cells too.
    @Test func aRowWithoutAMonthOrWithoutItsLastCellsIsRefusedNotCrashed() throws {
        let noMonth = try Self.validate([T.canonicalHeader, T.row("03388", "tháng mười", T.goodFigures)])
        #expect(noMonth.issues.issues.map(\.code) == ["period-format"])
        let short = try Self.validate([Self.header, T.row("03388", "2026-10", T.goodFigures)])
        #expect(short.issues.issues.map(\.code) == ["value-missing", "value-missing"], "\(short.issues.issues.map(\.message.en))")
    }

    @Test func formulasUseTheNewFieldsAndHaveNoValueWhereAMonthHasNone() throws {
        let set = try IndicatorFile.parse(T.provinceIndicatorText, file: "province.toml")
        let teams = try #require(set.indicators.first { $0.id == "digital_teams" })
        var figures = Figures(values: T.goodFigures)
        #expect(teams.formula.evaluate(figures) == nil)
        figures.extras = ["digital_team_members": 25]
        #expect(teams.formula.evaluate(figures) == 5)
        #expect(teams.formula.readable(.vi) == "1000 × Số thành viên tổ công nghệ số cộng đồng ÷ Dân số trưởng thành")
        #expect(figures.extrasJSON == #"{"digital_team_members":25}"#)
        figures.extras["civil_registry_digitised"] = 0
        #expect(figures.extrasJSON == #"{"civil_registry_digitised":0,"digital_team_members":25}"#)
        var read = Figures(values: T.goodFigures)
        read.setExtras(json: figures.extrasJSON)
        #expect(read == figures)
        read.setExtras(json: nil)
        #expect(read == figures)
    }

    /// A text field (a remark, a model's name): stored as written, held to the rules of notes,
    /// never in a formula or a check; kept in the same JSON, escaped, beside the numbers.
    @Test func aTextFieldIsStoredAsWrittenAndNeverScored() throws {
        let text = BuiltInIndicators.text + """

            [field.model_name]
            label_vi = "Tên mô hình chuyển đổi số"
            kind = "text"
            required = false

            [field.team_count]
            label_vi = "Số tổ công nghệ số"
            """
        let form = try IndicatorFile.parse(text, file: "p.toml").form
        #expect(form.field(named: "model_name")?.kind == .text)
        let header = T.canonicalHeader + ",model_name,team_count"
        let written = "\"Chợ 4.0 \"\"Bình Lư\"\" / mô hình, số 1\""
        let read = try Self.validate([header, T.row("03388", "2026-10", T.goodFigures) + "," + written + ",3"], form: form)
        #expect(read.isAccepted, "\(read.issues.issues.map(\.message.en))")
        var figures = try #require(read.rows.first?.figures)
        #expect(figures.texts == ["model_name": "Chợ 4.0 \"Bình Lư\" / mô hình, số 1"] && figures.extras == ["team_count": 3])
        #expect(figures.extrasJSON == #"{"model_name":"Chợ 4.0 \"Bình Lư\" / mô hình, số 1","team_count":3}"#)
        var back = Figures(values: figures.list)
        back.setExtras(json: figures.extrasJSON)
        #expect(back == figures)
        figures.texts = [:]
        let blank = try Self.validate([header, T.row("03388", "2026-10", T.goodFigures) + ",,3"], form: form)
        #expect(blank.isAccepted && blank.rows.first?.figures.texts == [:])
        let control = try Self.validate([header, T.row("03388", "2026-10", T.goodFigures) + ",a\u{7}b,3"], form: form)
        #expect(control.issues.issues.map(\.code) == ["value-invalid-character"])
        for (addition, words) in [
            ("[indicator.x]\npillar = \"society\"\nformula = \"model_name\"\ntarget = 1\nweight = 0.1\n", "is a text field: a formula takes numbers"),
            ("[check.x]\nrule = \"model_name <= villages_total\"\n", "is a text field: a check compares counts"),
            ("[field.y]\nlabel_vi = \"Y\"\nkind = \"text\"\nmax = 3\n", "a text field holds words"),
        ] {
            #expect(throws: IndicatorFile.Problems.self) { try IndicatorFile.parse(text + "\n" + addition, file: "p.toml") }
            do { _ = try IndicatorFile.parse(text + "\n" + addition, file: "p.toml") } catch {
                #expect(error.problems.contains { $0.message.contains(words) }, "\(error.problems)")
            }
        }
    }

    /// Every mistake in a field or a check is named with its line.
    @Test func mistakesInTheFormAreNamedWithTheirLines() throws {
        let cases: [(String, Int, String)] = [
            ("[field.x_count]\nlabel_vi = \"X\"\nkind = \"number\"\n", 3, "“kind” must be \"count\", \"yes_no\", \"score\" or \"text\""),
            ("[field.villages_total]\nlabel_vi = \"Số thôn\"\n", 2, "is a field of the national template"),
            ("[field.villages_total]\nsince = \"2026-01\"\n", 2, "“since” is for a province's own fields"),
            ("[field.q]\nlabel_vi = \"Q\"\nkind = \"score\"\n", 1, "a score needs its “max”"),
            ("[field.y]\nlabel_vi = \"Y\"\nkind = \"yes_no\"\nmax = 2\n", 4, "no “min” or “max”"),
            ("[field.notes]\nlabel_vi = \"N\"\n", 1, "may not be commune_code, period, commune_name or notes"),
            ("[field.z]\nlabel_vi = \"Z\"\nsince = \"2026\"\n", 3, "“since” is the first month"),
            ("[check.c]\nrule = \"villages_fibre <= nothing\"\n", 2, "unknown field “nothing” in the rule"),
            ("[check.c]\nrule = \"villages_fibre < villages_total\"\n", 2, "must read “part <= total”"),
            ("[check.online_services]\nrule = \"services_online_full <= services_total\"\n", 2, "is a check of the national template"),
            ("[field.y]\nlabel_vi = \"Y\"\nkind = \"yes_no\"\n[check.c]\nrule = \"y <= villages_total\"\n", 5, "is a yes/no field"),
        ]
        for (addition, line, words) in cases {
            do {
                _ = try IndicatorFile.parse(addition + "\n" + BuiltInIndicators.text, file: "p.toml")
                Issue.record("accepted: \(addition)")
            } catch {
                let found = error.problems.first { $0.message.contains(words) }
                #expect(found?.line == line, "\(addition): \(error.problems)")
            }
        }
        // A copy of the default file restates the contract as it is: accepted.
        #expect(throws: Never.self) { try IndicatorFile.parse(BuiltInIndicators.text, file: "copy.toml") }
    }
}
