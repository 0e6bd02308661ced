import ArgumentParser
import DTICore
import Foundation

extension Pipeline.ReportScope: ExpressibleByArgument {}

/// Options shared by `report` and `run`: what to write and where.
struct ReportOptions: ParsableArguments {
    @Option(help: "Output folder; files go to <out>/<period>/ (default: $DTI_REPORTS, the config file, else reports).")
    var out: String?

    @Option(help: "province: a workbook and report per province; national: one for the whole country; all: both.")
    var scope: Pipeline.ReportScope = .province
}

extension DTICommand {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Write the ranked workbooks (XLSX), Markdown and HTML reports of a period, or of a range of periods.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var language: LanguageOption
        @OptionGroup var units: AsOfOption
        @OptionGroup var output: ReportOptions

        @Option(help: "The period: a month (YYYY-MM), a quarter (YYYY-Qn) or a year (YYYY); or a range of one kind (2021..2025).")
        var period: SpanRange

        @Option(name: .customLong("province"), help: "Province code(s) to report; default: every province that has reported.")
        var provinces: [String] = []

        func run() throws {
            try Console.guarded(language.language) {
                let periods = period.spans
                let pipeline = units.apply(to: try global.pipeline())
                let out = try global.locations(reports: output.out)[.reports]!
                try UnknownUnit.check(provinces: provinces, communes: [], in: pipeline.directory.versions(for: periods.map(\.last)))
                let written = try pipeline.report(
                    periods: periods, provinces: provinces.isEmpty ? nil : Set(provinces), scope: output.scope,
                    outputFolder: out, language: language.language
                ) { done in
                    if periods.count > 1 {
                        Console.progressLine.update(language.language == .vi ? "báo cáo: đã xếp hạng \(done)" : "report: \(done) ranked")
                    }
                }
                if written.isEmpty {
                    Console.say(LocalizedText(vi: "chưa tỉnh nào gửi báo cáo cho \(period) hoặc trước đó; không ghi gì",
                                              en: "no province has reported for \(period) or earlier; nothing written"), language.language)
                }
                for path in written { print(path) }  // for scripts: one path a line, in any language
                if periods.count > 1 {
                    Console.say(LocalizedText(vi: "đã ghi \(written.count) tệp vào \(out)",
                                              en: "wrote \(written.count) files to \(out)"), language.language)
                }
                return .ok
            }
        }
    }
}
