import ArgumentParser
import DTICore
import Foundation

extension DTICommand {
    struct Sample: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sample",
            abstract: "Make sample submissions, for benchmarks, demos and tests.",
            subcommands: [Generate.self])
    }
}

extension PeriodRange: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }
}

/// Styles are written in lower case, as docs/commands.md spells them (`libreoffice`), in any case.
extension SampleFileStyle: ExpressibleByArgument {
    public init?(argument: String) {
        guard let style = Self.allCases.first(where: { $0.rawValue.lowercased() == argument.lowercased() }) else { return nil }
        self = style
    }

    public static var allValueStrings: [String] { allCases.map { $0.rawValue.lowercased() } }
}

extension DTICommand.Sample {
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Write realistic monthly submissions for every commune of a register.",
            discussion: """
                Each province's communes, in code order, are cut into batch files of --rows-per-file \
                rows, written to <out>/<period>/tinh-<province>-lo-<batch>-<period>.csv in the file \
                styles communes really send, in rotation. The same register, options and seed give \
                byte-identical files.
                """)

        @OptionGroup var language: LanguageOption

        @Option(help: "A unit register CSV, e.g. data/registers/vn_units_2025-07.csv.")
        var register: String

        @Option(help: "The months to write: YYYY-MM..YYYY-MM, or one YYYY-MM.")
        var periods: PeriodRange

        @Option(help: "Output folder.")
        var out: String

        @Option(name: .customLong("province"), help: "Only these province codes (repeatable); default: all.")
        var provinces: [String] = []

        @Option(help: "Rows per batch file.")
        var rowsPerFile = 18

        @Option(name: .customLong("style"), help: "File styles to rotate through (repeatable): \(SampleFileStyle.allValueStrings.joined(separator: ", ")); default: all.")
        var styles: [SampleFileStyle] = []

        @Option(help: "Share of commune-months left unreported, 0 to 1.")
        var missing = 0.01

        @Option(help: "Share of files sent again with one row corrected, 0 to 1.")
        var corrections = 0.005

        @Option(help: "Seed of the random figures.")
        var seed: UInt64 = 2026

        @Option(help: "An indicator file whose form the files follow: the fields it adds are filled in too, each from the month it comes in (its `sample` range).")
        var form: String?

        func validate() throws {
            guard rowsPerFile >= 1 else { throw ValidationError("--rows-per-file must be at least 1") }
            guard (0...1).contains(missing), (0...1).contains(corrections) else {
                throw ValidationError("--missing and --corrections are shares between 0 and 1")
            }
        }

        func run() throws {
            try Console.guarded(language.language) {
                guard let data = FileManager.default.contents(atPath: register) else { throw Ingestor.MissingInput(path: register) }
                var units = try RegisterFile.parse([UInt8](data), file: register)
                if !provinces.isEmpty { units = units.filter { provinces.contains($0.provinceCode) } }
                guard !units.isEmpty else { throw ValidationError("no commune of \(register) is in the provinces asked for") }
                var options = SampleGenerator.Options(periods: periods.periods)
                options.rowsPerFile = rowsPerFile
                if !styles.isEmpty { options.styles = styles }
                options.missingShare = missing
                options.correctionShare = corrections
                options.seed = seed
                if let form { options.form = try IndicatorFile.load(path: form).form }
                let generator = SampleGenerator(units: units, options: options)
                let total = periods.count
                let summary = try generator.write(to: out) { period, soFar in
                    let done = period.ordinal - periods.first.ordinal + 1
                    if total <= 12 || done % 12 == 0 || done == total {
                        Console.progressLine.update(language.language == .vi
                            ? "mẫu: xong \(period.monthName(.vi)) (\(done)/\(total) tháng, \(soFar.files) tệp, \(soFar.rows) dòng)"
                            : "sample: \(period) done (\(done)/\(total) months, \(soFar.files) files, \(soFar.rows) rows)")
                    }
                }
                Console.say(LocalizedText(
                    vi: "đã ghi \(summary.files) tệp (\(summary.corrections) \(Vocabulary.correction.vi)), \(summary.rows) dòng, \(summary.bytes / 1_000_000) MB vào \(out)",
                    en: "wrote \(summary.files) files (\(summary.corrections) corrections), \(summary.rows) rows, \(summary.bytes / 1_000_000) MB to \(out)"),
                    language.language)
                return .ok
            }
        }
    }
}
