import ArgumentParser
import DTICore

extension DTICommand {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the ranked workbook (XLSX) and Markdown report of a period, one pair per province.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var language: LanguageOption

        @Option(help: "The period to report (YYYY-MM).")
        var period: Period

        @Option(help: "Output folder; files go to <out>/<period>/.")
        var out = "reports"

        @Option(name: .customLong("province"), help: "Province code(s) to report; default: every province that has reported.")
        var provinces: [String] = []

        func run() throws {
            try Console.guarded {
                let written = try global.pipeline().report(
                    period: period, provinces: provinces.isEmpty ? nil : Set(provinces), outputFolder: out,
                    language: language.language)
                if written.isEmpty { Console.log("no province has reported for \(period) or earlier; nothing written") }
                for path in written { print(path) }
                return .ok
            }
        }
    }
}
