import DTICore
import DTITestSupport
import Foundation
import Testing

/// A decree's step rule and bonus through the built `dti` (issue 35, item 3): the sample's
/// October scored with the default set, then with a copy of it whose online-dossier indicator
/// is a step rule and which adds a BTS bonus.
struct DecreeRuleTests {
    typealias T = TestData

    /// The export's records by commune code: (dti, online_dossiers raw, bonus).
    static func records(_ csv: String) -> [String: [String: String]] {
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [:] }
        return Dictionary(uniqueKeysWithValues: lines.dropFirst().map { cells in
            (cells[2], Dictionary(uniqueKeysWithValues: zip(header, cells)))
        })
    }

    @Test func aStepRuleAndABonusScoreRankAndReportAsWorkedOut() throws {
        let e2e = EndToEndTests()
        let out = T.temporaryFolder()
        let (folder, run) = try e2e.runSample(out: out)
        #expect(run.status == 65, "\(run.stderr)")
        var file = try String(contentsOf: T.packageRoot.appendingPathComponent("indicators/default.toml"), encoding: .utf8)
        file = file.replacingOccurrences(of: "formula = \"dossiers_online / dossiers_total\"\ntarget = 0.50\n",
                                         with: "formula = \"dossiers_online / dossiers_total\"\nnormalisation = \"steps\"\nsteps = \"0.5: 15, 0.3: 10, 0.1: 5\"\n")
        file += "\n[adjustment.bts_bonus]\nformula = \"bts_stations / 10\"\nmin = 0\nmax = 2\nlabel_vi = \"Điểm cộng BTS\"\nlabel_en = \"BTS bonus\"\n"
        let decree = folder.appendingPathComponent("decree.toml")
        try Data(file.utf8).write(to: decree)

        let plain = try e2e.dti(["export", "--period", "2026-10"], in: folder)
        let ruled = try e2e.dti(["--indicators", decree.path, "export", "--period", "2026-10"], in: folder)
        #expect(plain.status == 0 && ruled.status == 0, "\(ruled.stderr)")
        #expect(ruled.stdout.hasPrefix("period,province_code,commune_code,commune_name,rank,dti,"))
        #expect(ruled.stdout.split(separator: "\n")[0].hasSuffix(",tier,adjustment_bts_bonus"), "\(ruled.stdout.prefix(300))")
        let before = Self.records(plain.stdout), after = Self.records(ruled.stdout)
        #expect(before.count == 35 && Set(before.keys) == Set(after.keys))
        for (code, record) in after {
            // The online-dossier share earns 15, 10, 5 or 0 points of 15 instead of min(1, share ÷ 0.5);
            // the bonus is a tenth of the stations, at most 2. Worked here from the export's raw share.
            let share = Double(record["online_dossiers"]!)!
            let stepped = share >= 0.5 ? 1.0 : share >= 0.3 ? 10.0 / 15 : share >= 0.1 ? 5.0 / 15 : 0
            let targeted = min(1, share / 0.5)
            let bonus = Double(record["adjustment_bts_bonus"]!)!
            #expect(bonus >= 0 && bonus <= 2, "\(code) \(bonus)")
            let expected = Double(before[code]!["dti"]!)! + 100 * 0.15 * (stepped - targeted) + bonus
            #expect(abs(Double(record["dti"]!)! - expected) < 1e-9, "\(code): \(record["dti"]!) vs \(expected)")
        }

        let report = try e2e.dti(["--indicators", decree.path, "report", "--period", "2026-10", "--out", out.path, "--lang", "en"], in: folder)
        #expect(report.status == 0, "\(report.stderr)")
        let markdown = try String(contentsOf: out.appendingPathComponent("2026-10/dti-2026-10-12-en.md"), encoding: .utf8)
        #expect(markdown.contains("| Rank | Commune code | Commune | DTI | Bonus/penalty |"), "\(markdown.prefix(3000))")
        #expect(markdown.contains("steps (points) ≥ 0.5: 15; ≥ 0.3: 10; ≥ 0.1: 5"))
        #expect(markdown.contains("Bonuses and penalties are added to the DTI after aggregation"))
        let ranking = try T.workbookTable(out.appendingPathComponent("2026-10/dti-2026-10-12-en.xlsx"), sheet: "Ranking")
        #expect(Array(ranking.first?.prefix(5) ?? []) == ["Rank", "Commune code", "Commune", "DTI", "BTS bonus"], "\(ranking.first ?? [])")
    }

    /// Smartphone adults made a mandatory condition whose missers are left unranked: ranks are
    /// given again among the others (1, 2, 3 … with ties shared), the missers keep their DTI.
    @Test func aMandatoryConditionLeavesTheCommunesThatMissItUnranked() throws {
        let e2e = EndToEndTests()
        let out = T.temporaryFolder()
        let (folder, _) = try e2e.runSample(out: out)
        var file = try String(contentsOf: T.packageRoot.appendingPathComponent("indicators/default.toml"), encoding: .utf8)
        file = file.replacingOccurrences(of: "formula = \"adults_smartphone / adult_population\"\n",
                                         with: "formula = \"adults_smartphone / adult_population\"\nmandatory = true\n")
        file = file.replacingOccurrences(of: "span_min_months_share = 0.67\n", with: "span_min_months_share = 0.67\nmandatory = \"excluded\"\n")
        let gated = folder.appendingPathComponent("gated.toml")
        try Data(file.utf8).write(to: gated)
        let plain = Self.records(try e2e.dti(["export", "--period", "2026-10"], in: folder).stdout)
        let export = try e2e.dti(["--indicators", gated.path, "export", "--period", "2026-10"], in: folder)
        #expect(export.status == 0, "\(export.stderr)")
        let records = Self.records(export.stdout)
        // Missed: fewer than 80 % of adults with a smartphone (the target), from the export's raw share.
        let missed = Set(records.filter { Double($0.value["smartphone_adults"]!)! < 0.8 }.map(\.key))
        #expect(!missed.isEmpty && missed.count < records.count, "\(missed.count) of \(records.count)")
        for (code, record) in records {
            #expect(record["dti"] == plain[code]!["dti"], "\(code): the DTI is unchanged")
            #expect(record["mandatory_missed"] == (missed.contains(code) ? "smartphone_adults" : ""), "\(code)")
            #expect((record["rank"] ?? "").isEmpty == missed.contains(code), "\(code) rank \(record["rank"] ?? "")")
        }
        // The others ranked among themselves by competition ranking on the DTI at 2 decimals.
        let ranked = records.filter { !missed.contains($0.key) }
            .map { (code: $0.key, dti: Rounding.halfUp(Double($0.value["dti"]!)!), rank: Int($0.value["rank"]!)!) }
        for commune in ranked {
            #expect(commune.rank == 1 + ranked.count { $0.dti > commune.dti }, "\(commune)")
        }
        let report = try e2e.dti(["--indicators", gated.path, "report", "--period", "2026-10", "--out", out.path], in: folder)
        #expect(report.status == 0, "\(report.stderr)")
        let markdown = try String(contentsOf: out.appendingPathComponent("2026-10/dti-2026-10-12.md"), encoding: .utf8)
        #expect(markdown.contains("## Xã chưa đạt điều kiện bắt buộc (\(missed.count))"), "\(markdown)")
        #expect(markdown.contains("Xã chưa đạt không được xếp hạng; DTI ghi để tham khảo."))
        // The workbook's ranking sheet names the condition each unranked commune missed.
        let sheet = try T.workbookTable(out.appendingPathComponent("2026-10/dti-2026-10-12.xlsx"), sheet: "Xếp hạng")
        let column = try #require(sheet.first?.firstIndex(of: "Điều kiện chưa đạt"), "\(sheet.first ?? [])")
        let named = Set(sheet.dropFirst().filter { $0[column] == "Tỷ lệ người trưởng thành có điện thoại thông minh" }.map { $0[1] })
        #expect(named == missed, "\(named.sorted()) vs \(missed.sorted())")
    }
}
