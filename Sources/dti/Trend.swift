import ArgumentParser
import DTICore
import Foundation

extension DTICommand {
    struct Trend: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trend",
            abstract: "A commune's DTI and pillar scores over the last 12 periods: workbook with a line chart, Markdown with an SVG chart.",
            discussion: """
                Writes <out>/<period>/dti-<period>-trend-<commune>.xlsx, .md and .svg. Periods are months, quarters or \
                years (the kind of --period), in the units of the register in force at --period: across the July 2025 \
                reform a new commune's earlier figures are its whole predecessors' summed (dti units import-succession); \
                approximate points are hollow and a dashed line marks the reform.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var language: LanguageOption
        @OptionGroup var units: AsOfOption

        @Option(help: "The commune code (5 digits; leading zeros may be left out).")
        var commune: String

        @Option(help: "The last period shown: a month (YYYY-MM), a quarter (YYYY-Qn) or a year (YYYY).")
        var period: Span

        @Option(help: "How many periods, ending with --period.")
        var periods = 12

        @Option(help: "Output folder; files go to <out>/<period>/.")
        var out: String?

        func validate() throws {
            guard (2...120).contains(periods) else { throw ValidationError("--periods must be from 2 to 120") }
        }

        func run() throws {
            try Console.guarded(language.language) {
                let code = AdministrativeUnit.communeCode(commune)
                let pipeline = units.apply(to: try global.pipeline())
                let last = max(period.last, units.asOf ?? period.last)
                try UnknownUnit.check(provinces: [], communes: [code], in: pipeline.directory.versions(for: [last]))
                guard let trend = try pipeline.trend(communeCode: code, through: period, count: periods) else {
                    throw UnknownUnit(kind: "commune", code: code, registers: pipeline.directory.versions(for: [last]).map(\.name))
                }
                let writer = ReportWriter(outputFolder: try global.locations(reports: out)[.reports]!, language: language.language)
                try writer.prepareFolder(for: period)
                for path in try writer.writeTrend(TrendReport(trend: trend, indicatorSet: pipeline.indicatorSet,
                                                              language: language.language)) {
                    print(path)
                }
                return .ok
            }
        }
    }
}
