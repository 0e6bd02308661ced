import ArgumentParser
import DTICore
import Foundation

extension DTICommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print scores and ranks to standard output (full precision), for one period or a range.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var language: LanguageOption

        @Option(help: "The period (YYYY-MM), or a range YYYY-MM..YYYY-MM.")
        var period: PeriodRange

        @Option(help: "csv or json.")
        var format: ResultsExport.Format = .csv

        @Option(name: .customLong("province"), help: "Province code(s); default: every province that has reported.")
        var provinces: [String] = []

        func run() throws {
            try Console.guarded(language.language) {
                let pipeline = try global.pipeline()
                try UnknownUnit.check(provinces: provinces, communes: [], in: pipeline.directory.versions(for: period.periods))
                try pipeline.export(
                    periods: period.periods, provinces: provinces.isEmpty ? nil : Set(provinces), format: format
                ) { text in
                    FileHandle.standardOutput.write(Data(text.utf8))
                }
                return .ok
            }
        }
    }
}
