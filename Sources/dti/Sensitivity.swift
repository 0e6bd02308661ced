import ArgumentParser
import DTICore
import Foundation

extension DTICommand {
    struct SensitivityCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sensitivity",
            abstract: "How robust each commune's rank is: random weights (and normalisations), each indicator dropped.",
            discussion: """
                Writes <out>/<period>/dti-<period>-<province>-sensitivity.xlsx and .md per province: \
                the rank under the indicator file, the median rank and 5–95 % interval over --runs \
                scenarios, a flag where the interval is wider than a tenth of the ranked communes \
                (at least 2 places), and the rank change when each indicator is dropped. The same \
                inputs and --seed give byte-identical files.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var language: LanguageOption

        @Option(help: "The period: a month (YYYY-MM), a quarter (YYYY-Qn) or a year (YYYY).")
        var period: Span

        @Option(name: .customLong("province"), help: "Province code(s); default: every province that has reported.")
        var provinces: [String] = []

        @Option(help: "Random scenarios per province.")
        var runs = 1000

        @Option(help: "Each weight is multiplied by a factor drawn uniformly from 1 ± this.")
        var weightSpread = 0.25

        @Flag(help: "Also draw each scenario's normalisation: the file's own, min–max or z-score.")
        var varyNormalisation = false

        @Option(help: "Seed of the scenarios.")
        var seed: UInt64 = 1

        @Option(help: "Output folder; files go to <out>/<period>/.")
        var out: String?

        func validate() throws {
            guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
            guard weightSpread >= 0, weightSpread < 1 else { throw ValidationError("--weight-spread must be from 0 up to (not including) 1") }
        }

        func run() throws {
            try Console.guarded(language.language) {
                var settings = Sensitivity.Settings()
                settings.runs = runs
                settings.weightSpread = weightSpread
                settings.varyNormalisation = varyNormalisation
                settings.seed = seed
                let pipeline = try global.pipeline()
                try UnknownUnit.check(provinces: provinces, communes: [], in: pipeline.directory.versions(for: [period.last]))
                let written = try pipeline.sensitivity(
                    period: period, provinces: provinces.isEmpty ? nil : Set(provinces), settings: settings,
                    outputFolder: try global.locations(reports: out)[.reports]!, language: language.language)
                if written.isEmpty {
                    Console.say(LocalizedText(vi: "không xã nào được xếp hạng \(period.name(.vi)); không ghi gì",
                                              en: "no commune is ranked for \(period); nothing written"), language.language)
                }
                for path in written { print(path) }
                return .ok
            }
        }
    }
}
