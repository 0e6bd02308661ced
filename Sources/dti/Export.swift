import ArgumentParser
import DTICore
import Foundation

extension DTICommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Print scores and ranks to standard output (full precision), for one period or a range.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var language: LanguageOption
        @OptionGroup var units: AsOfOption

        @Option(help: "The period: a month (YYYY-MM), a quarter (YYYY-Qn) or a year (YYYY); or a range of one kind (2021..2025).")
        var period: SpanRange

        @Option(help: "csv or json.")
        var format: ResultsExport.Format = .csv

        @Option(name: .customLong("province"), help: "Province code(s); default: every province that has reported.")
        var provinces: [String] = []

        @Flag(help: "With csv: begin with a byte-order mark, so that Excel shows the diacritics (the default is plain UTF-8 for programs).")
        var excel = false

        func run() throws {
            try Console.guarded(language.language) {
                let pipeline = units.apply(to: try global.pipeline())
                try UnknownUnit.check(provinces: provinces, communes: [], in: pipeline.directory.versions(for: period.spans.map(\.last)))
                if excel && format == .csv { FileHandle.standardOutput.write(Data("\u{FEFF}".utf8)) }
                try pipeline.export(
                    periods: period.spans, provinces: provinces.isEmpty ? nil : Set(provinces), format: format
                ) { text in
                    FileHandle.standardOutput.write(Data(text.utf8))
                }
                return .ok
            }
        }
    }
}
