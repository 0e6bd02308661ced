import ArgumentParser
import DTICore
import Foundation

extension DTICommand {
    struct Trend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A commune's DTI and pillar scores over the last 12 periods: workbook with a line chart, Markdown with an SVG chart.",
            discussion: "Writes <out>/<period>/dti-<period>-trend-<commune>.xlsx, .md and .svg.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var language: LanguageOption

        @Option(help: "The commune code (5 digits; leading zeros may be left out).")
        var commune: String

        @Option(help: "The last period shown (YYYY-MM).")
        var period: Period

        @Option(help: "How many periods, ending with --period.")
        var periods = 12

        @Option(help: "Output folder; files go to <out>/<period>/.")
        var out: String?

        func validate() throws {
            guard (2...120).contains(periods) else { throw ValidationError("--periods must be from 2 to 120") }
        }

        func run() throws {
            try Console.guarded(language.language) {
                let code = String(repeating: "0", count: max(0, 5 - commune.count)) + commune
                let pipeline = try global.pipeline()
                try UnknownUnit.check(provinces: [], communes: [code], in: pipeline.directory.versions(for: [period]))
                guard let trend = try pipeline.trend(communeCode: code, through: period, count: periods) else {
                    throw UnknownUnit(kind: "commune", code: code, registers: pipeline.directory.versions(for: [period]).map(\.name))
                }
                let writer = ReportWriter(outputFolder: try global.locations(reports: out)[.reports]!, language: language.language)
                try writer.prepareFolder(for: Span(period))
                for path in try writer.writeTrend(TrendReport(trend: trend, indicatorSet: pipeline.indicatorSet,
                                                              language: language.language)) {
                    print(path)
                }
                return .ok
            }
        }
    }
}
