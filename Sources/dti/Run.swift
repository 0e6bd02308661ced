import ArgumentParser
import DTICore
import Foundation

extension DTICommand {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The cron job: ingest the inbox, then report the period.",
            discussion: "Holds the run lock for its whole duration. Exit status 65 when a refused file is still waiting for a correction (one whose communes have all sent an accepted file since is answered), after the reports are written.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var language: LanguageOption

        @Option(help: "Folder of submission files to ingest (default: $DTI_INBOX, the config file, else data/inbox).")
        var inbox: String?

        @Option(help: "The period to report (YYYY-MM); default: last month (Vietnam time).")
        var period: Period?

        @OptionGroup var output: ReportOptions

        @Flag(help: "One line per accepted file even on large batches.")
        var verbose = false

        func run() throws {
            try Console.guarded(language.language) {
                let period = period ?? Period.containing(Date()).previous
                let locations = try global.locations(reports: output.out, inbox: inbox)
                let (inbox, out) = (locations[.inbox]!, locations[.reports]!)
                let pipeline = try global.pipeline()
                let lock = try pipeline.store.lockForRun()
                defer { withExtendedLifetime(lock) {} }
                Console.say(LocalizedText(vi: "dti run: kỳ \(period.monthName(.vi)), hộp thư \(inbox)",
                                          en: "dti run: period \(period), inbox \(inbox)"), language.language)
                let summary = try pipeline.ingest(
                    paths: [inbox], latestPeriod: period,
                    progress: Console.progress(language: language.language, verbose: verbose))
                Console.summarise(summary, language: language.language)
                let written = try pipeline.report(period: period, scope: output.scope, outputFolder: out,
                                                  language: language.language)
                if written.isEmpty {
                    Console.say(LocalizedText(vi: "chưa tỉnh nào gửi báo cáo cho \(period.monthName(.vi)) hoặc trước đó; không ghi báo cáo nào",
                                              en: "no province has reported for \(period) or earlier; no report written"), language.language)
                }
                for path in written { Console.say(LocalizedText(vi: "đã ghi \(path)", en: "wrote \(path)"), language.language) }
                return summary.unansweredRefusals.isEmpty ? .ok : .dataRefused
            }
        }
    }
}
