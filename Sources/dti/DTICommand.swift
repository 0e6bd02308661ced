import ArgumentParser
import DTICore
import Foundation

@main
struct DTICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dti",
        abstract: "Score and rank the digital-transformation index (DTI) of Vietnam's communes.",
        discussion: """
            Exit codes: 0 ok · 64 usage · 65 an input file was refused (the rest loaded) · \
            66 missing input or database · 70 internal error · 73 cannot write output · \
            75 another run holds the lock · 78 bad indicator file or database.
            """,
        subcommands: [Units.self, Ingest.self, Report.self, Export.self, Run.self, History.self, Backup.self, Sample.self,
                      SensitivityCommand.self, Trend.self, Serve.self, Keys.self, Codes.self]
    )

    /// Accepts the documented `dti [--db PATH] [--indicators PATH] <command> ...` by moving
    /// global options given before the command to after it, where the command parses them.
    static func main() {
        main(Self.placingGlobalOptions(Array(CommandLine.arguments.dropFirst())))
    }

    static func placingGlobalOptions(_ arguments: [String]) -> [String] {
        var globals: [String] = []
        var rest = arguments[...]
        while let first = rest.first {
            if first == "--db" || first == "--indicators", rest.count >= 2 {
                globals += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else if first.hasPrefix("--db=") || first.hasPrefix("--indicators=") {
                globals.append(first)
                rest = rest.dropFirst()
            } else {
                break
            }
        }
        guard !globals.isEmpty else { return arguments }
        // The command path: a group and its command (`units import`, `sample generate`) or one word.
        let groups = Set(configuration.subcommands.filter { !$0.configuration.subcommands.isEmpty }
            .compactMap { $0.configuration.commandName ?? String(describing: $0).lowercased() })
        let isGroup = rest.first.map(groups.contains) ?? false
        let pathLength = isGroup && rest.count >= 2 && !rest.dropFirst().first!.hasPrefix("-") ? 2 : (rest.isEmpty ? 0 : 1)
        return Array(rest.prefix(pathLength)) + globals + Array(rest.dropFirst(pathLength))
    }
}

/// Options every command shares: where the database and the indicator set are.
struct GlobalOptions: ParsableArguments {
    @Option(help: "The SQLite database.")
    var db = "data/dti.sqlite"

    @Option(help: "The indicator file, or a folder holding one *.toml file.")
    var indicators = "indicators/"

    func openStore(create: Bool = false) throws -> DTIStore {
        Console.databasePath.withLock { $0 = db }  // so a fault of the store names the file
        return try DTIStore(path: db, create: create)
    }

    func pipeline() throws -> Pipeline {
        try Pipeline(store: try openStore(), indicatorSet: try IndicatorFile.load(path: indicators))
    }
}

struct LanguageOption: ParsableArguments {
    @Option(name: .customLong("lang"), help: "Language of reports and messages: vi or en.")
    var language: Language = .vi
}

extension Language: ExpressibleByArgument {}
extension ResultsExport.Format: ExpressibleByArgument {}

extension Period: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }
}
