import ArgumentParser
import DTICore
import Foundation

extension DTICommand {
    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ingest",
            abstract: "Validate and store submission files, CSV and the Excel template (files and/or folders of them).",
            discussion: "Each file is accepted or refused whole; what counts for a commune and month is the file that reached the department last (its modification time, or --received-at). Exit status 65 when a refused file is still waiting for a correction; the others still load.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var language: LanguageOption

        @Option(help: "The latest period accepted (YYYY-MM); default: the current month.")
        var period: Period?

        @Option(help: "When the files reached the department (YYYY-MM-DD, Vietnam time, or an ISO 8601 time), for a batch load of old files; default: each file's modification time.")
        var receivedAt: ArrivalTime?

        @Flag(help: "One line per accepted file even on large batches.")
        var verbose = false

        @Flag(help: "Print the figures stored for each accepted file, under the template's labels (always when a single file is ingested).")
        var figures = false

        @Argument(help: "CSV files and folders.")
        var paths: [String]

        func run() throws {
            try Console.guarded(language.language) {
                let pipeline = try global.intake()
                let lock = try pipeline.store.lockForRun()
                defer { withExtendedLifetime(lock) {} }
                let summary = try pipeline.ingest(
                    paths: paths, latestPeriod: period ?? Period.containing(Date()), arrivedAt: receivedAt?.date,
                    progress: Console.progress(language: language.language, verbose: verbose, figures: figures,
                                              form: pipeline.indicatorSet.form))
                Console.summarise(summary, language: language.language)
                return summary.unansweredRefusals.isEmpty ? .ok : .dataRefused
            }
        }
    }
}

/// `--received-at`: a day (its start, Vietnam time) or an ISO 8601 instant.
struct ArrivalTime: ExpressibleByArgument {
    var date: Date

    init?(argument: String) {
        if let instant = ISO8601DateFormatter().date(from: argument) {
            date = instant
            return
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = .vietnam
        formatter.dateFormat = "yyyy-MM-dd"
        guard let day = formatter.date(from: argument) else { return nil }
        date = day
    }
}
