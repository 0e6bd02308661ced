import ArgumentParser
import DTICore
import Foundation

extension DTICommand {
    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate and store submission CSV files (files and/or folders of them).",
            discussion: "Each file is accepted or refused whole. Exit status 65 when any file was refused; the others still load.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var language: LanguageOption

        @Option(help: "The latest period accepted (YYYY-MM); default: the current month.")
        var period: Period?

        @Flag(help: "One line per accepted file even on large batches.")
        var verbose = false

        @Argument(help: "CSV files and folders.")
        var paths: [String]

        func run() throws {
            try Console.guarded(language.language) {
                let pipeline = try global.intake()
                let lock = try RunLock(databasePath: pipeline.store.path)
                defer { withExtendedLifetime(lock) {} }
                let summary = try pipeline.ingest(
                    paths: paths, latestPeriod: period ?? Period.containing(Date()),
                    progress: Console.progress(language: language.language, verbose: verbose))
                Console.summarise(summary, language: language.language)
                return summary.refused.isEmpty ? .ok : .dataRefused
            }
        }
    }
}
