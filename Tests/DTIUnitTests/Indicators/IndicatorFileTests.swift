import DTICore
import DTITestSupport
import DTISQLite
import Testing

struct IndicatorFileTests {
    @Test func defaultSetMatchesTheSpecification() {
        let set = TestData.defaultSet
        #expect(set.indicators.map(\.id) == ["mobile_broadband_villages", "fibre_villages", "fibre_households",
                                             "smartphone_adults", "full_process_services", "online_dossiers"])
        #expect(set.indicators.map(\.target) == [1.0, 1.0, 0.8, 0.8, 0.8, 0.5])
        #expect(set.indicators.map(\.weight) == [0.15, 0.10, 0.15, 0.25, 0.20, 0.15])
        #expect(set.pillars.map(\.id) == ["infrastructure", "society", "government"])
        #expect(set.indicators[3].formula == .divide(.figure(.adultsSmartphone), .figure(.adultPopulation)))
    }

    /// A province's file saved on Windows (each line ending in `\r\n`) is the same file: read
    /// character by character, `\r\n` was one character and the whole file one line, refused
    /// as “defines no [indicator.ID] section”.
    @Test func aFileSavedOnWindowsReadsAsTheSameFile() throws {
        let unix = try IndicatorFile.parse(TestData.provinceIndicatorText, file: "province.toml")
        let windows = try IndicatorFile.parse(TestData.provinceIndicatorText.replacingOccurrences(of: "\n", with: "\r\n"),
                                              file: "province.toml")
        #expect(windows.indicators == unix.indicators)
        #expect(windows.pillars == unix.pillars)
        #expect(windows.form.fields == unix.form.fields)
        #expect(windows.form.extras.map(\.name) == ["digital_team_members", "civil_registry_digitised", "service_quality", "model_name"])
        // A mistake on a Windows line is named by its line, as on any other.
        #expect {
            try IndicatorFile.parse("[pillar.society]\r\n# x\r\nnot a pair\r\n", file: "bad.toml")
        } throws: { error in
            (error as! IndicatorFile.Problems).problems.contains { $0.line == 3 && $0.message.contains("“not a pair”") }
        }
    }

    @Test func mistakesNameTheLineAndTheIndicator() {
        let text = """
            [pillar.society]
            [indicator.a]
            pillar = "society"
            formula = "adults_smartphone / adult_populaton"
            target = 0
            weight = -1
            [indicator.a]
            pillar = "society"
            """
        #expect {
            try IndicatorFile.parse(text, file: "bad.toml")
        } throws: { error in
            let problems = (error as! IndicatorFile.Problems).problems
            let summary = problems.map { "\($0.line) \($0.entry ?? "-")" }
            return summary == ["4 a", "5 a", "6 a", "7 a"]
                && problems[0].message.contains("adult_populaton")
                && problems[1].message.contains("more than 0")
                && problems[2].message.contains("negative")
                && problems[3].message.contains("duplicate")
                && problems[0].description.hasPrefix("bad.toml:4: [a]")
        }
    }

    @Test func newIndicatorsMayCombineFields() throws {
        let formula = try Formula(parsing: "(services_online_partial + services_online_full) / services_total")
        let figures = Figures([.servicesOnlinePartial: 10, .servicesOnlineFull: 30, .servicesTotal: 80])
        #expect(formula.evaluate(figures) == 0.5)
        #expect(try Formula(parsing: "1000 * bts_stations / adult_population").evaluate(Figures([:])) == nil)
    }
}
