import ArgumentParser
import DTICore
import Foundation

extension DTICommand {
    struct Template: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "template",
            abstract: "Write the monthly Excel template communes fill in and send back as it is (.xlsx).",
            discussion: """
                One row per commune asked for (a province's, or one commune), code, name and period filled in \
                and locked; the figure cells validated (whole numbers, a part no more than its total) with a \
                message in Vietnamese; an instructions sheet with the deadline; last month's figures on a \
                second sheet when the database has them. The same inputs give the same bytes.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var language: LanguageOption

        @Option(help: "The month to report (YYYY-MM); default: last month, the one communes report now.")
        var period: Period?

        @Option(help: "The province whose communes get a row each.")
        var province: String?

        @Option(help: "One commune, instead of a whole province.")
        var commune: String?

        @Option(help: "The file to write (.xlsx); default: mau-bao-cao-<period>-<unit>.xlsx in the working folder.")
        var out: String?

        func validate() throws {
            guard (province == nil) != (commune == nil) else {
                throw ValidationError("give exactly one of --province CODE or --commune CODE")
            }
        }

        func run() throws {
            try Console.guarded(language.language) {
                let pipeline = try global.pipeline()
                let month = period ?? Period.containing(Date()).previous
                try UnknownUnit.check(provinces: province.map { [$0] } ?? [], communes: commune.map { [$0] } ?? [],
                                      in: pipeline.directory.versions(for: [month]))
                guard let register = pipeline.directory.version(for: month) else {
                    throw ResultsBuilder.BuildError.noRegister(month)
                }
                let units = commune.flatMap { register.unit(code: $0) }.map { [$0] }
                    ?? register.units(inProvince: province ?? "")
                let template = try SubmissionTemplate.make(period: month, units: units, store: pipeline.store,
                                                           deadlineDay: pipeline.indicatorSet.deadlineDay,
                                                           form: pipeline.indicatorSet.form)
                let path = out ?? SubmissionTemplate.fileName(period: month, commune: commune, province: province)
                try ReportWriter.replaceAtomically(path) { temporary in try template.write(to: temporary) }
                print(path)
                Console.say(LocalizedText(
                    vi: "đã ghi mẫu báo cáo \(month.monthName(.vi)) cho \(units.count) xã vào \(path)",
                    en: "wrote the \(month.monthName(.en)) template for \(units.count) commune\(units.count == 1 ? "" : "s") to \(path)"),
                    language.language)
                return .ok
            }
        }
    }
}
