import ArgumentParser
import DTICore

extension DTICommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a period's scores and ranks to standard output (full precision).")

        @OptionGroup var global: GlobalOptions

        @Option(help: "The period (YYYY-MM).")
        var period: Period

        @Option(help: "csv or json.")
        var format: ResultsExport.Format = .csv

        @Option(name: .customLong("province"), help: "Province code(s); default: every province that has reported.")
        var provinces: [String] = []

        func run() throws {
            try Console.guarded {
                print(try global.pipeline().export(
                    period: period, provinces: provinces.isEmpty ? nil : Set(provinces), format: format), terminator: "")
                return .ok
            }
        }
    }
}
