import ArgumentParser
import DTICore
import Foundation

extension DTICommand {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "The cron job: ingest the inbox, then report the period.",
            discussion: """
                Holds the run lock for its whole duration. Without --period (the scheduled run, daily after midnight \
                Vietnam time): last month is reported once its deadline has passed, and every month reported before \
                whose figures changed since (a late correction, a return, a closing) is reported again. Exit status 65 \
                when a refused file is still waiting for a correction (one whose communes have all sent an accepted \
                file since is answered), after the reports are written.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var language: LanguageOption

        @Option(help: "Folder of submission files to ingest (default: $DTI_INBOX, the config file, else data/inbox).")
        var inbox: String?

        @Option(help: "The period to report (YYYY-MM); default: last month once its deadline has passed, and the months whose figures changed since their reports (Vietnam time).")
        var period: Period?

        @OptionGroup var output: ReportOptions

        @Flag(help: "One line per accepted file even on large batches.")
        var verbose = false

        func run() throws {
            try Console.guarded(language.language) {
                let now = Date()
                let due = period ?? Period.containing(now).previous
                let locations = try global.locations(reports: output.out, inbox: inbox)
                let (inbox, out) = (locations[.inbox]!, locations[.reports]!)
                let pipeline = try global.pipeline()
                let lock = try pipeline.store.lockForRun()
                defer { withExtendedLifetime(lock) {} }
                let lang = language.language
                Console.say(LocalizedText(vi: "dti run: kỳ \(due.monthName(.vi)), hộp thư \(inbox)",
                                          en: "dti run: period \(due), inbox \(inbox)"), lang)
                let summary = try pipeline.ingest(paths: [inbox], latestPeriod: due,
                                                  progress: Console.progress(language: lang, verbose: verbose, form: pipeline.indicatorSet.form))
                Console.summarise(summary, language: lang)
                var months = [due]
                if period == nil {
                    let plan = try pipeline.monthsToReport(due: due, now: now, outputFolder: out, language: lang, scope: output.scope)
                    months = plan.months
                    if plan.dueIsWaiting {
                        let deadline = MonthStatus.dueDay(due.deadline(day: pipeline.indicatorSet.deadlineDay), .vi)
                        let deadlineEN = MonthStatus.dueDay(due.deadline(day: pipeline.indicatorSet.deadlineDay), .en)
                        Console.say(LocalizedText(
                            vi: "\(due.monthName(.vi).capitalisedFirst) còn hạn nộp đến hết ngày \(deadline): báo cáo được lập sau hạn",
                            en: "\(due) is due by the end of \(deadlineEN): its report is made after the deadline"), lang)
                    }
                    for month in months where month != due {
                        Console.say(LocalizedText(vi: "số liệu \(month.monthName(.vi)) đã thay đổi từ lần báo cáo trước: lập lại báo cáo",
                                                  en: "the figures of \(month) changed since its reports: writing them again"), lang)
                    }
                }
                var written: [String] = []
                for month in months {
                    written += try pipeline.report(period: month, scope: output.scope, outputFolder: out, language: lang)
                }
                if written.isEmpty && months.contains(due) {
                    Console.say(LocalizedText(vi: "chưa tỉnh nào gửi báo cáo cho \(due.monthName(.vi)) hoặc trước đó; không ghi báo cáo nào",
                                              en: "no province has reported for \(due) or earlier; no report written"), lang)
                }
                for path in written { Console.say(LocalizedText(vi: "đã ghi \(path)", en: "wrote \(path)"), lang) }
                return summary.unansweredRefusals.isEmpty ? .ok : .dataRefused
            }
        }
    }
}
