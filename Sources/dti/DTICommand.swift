import ArgumentParser
import DTICore
import DTIPostgres
import DTISQLite
import Foundation

@main
struct DTICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dti",
        abstract: "Score and rank the digital-transformation index (DTI) of Vietnam's communes.",
        discussion: """
            Exit codes: 0 ok · 64 usage · 65 an input file was refused (the rest loaded) · \
            66 missing input or database · 70 internal error · 73 cannot write output · \
            74 damaged database · \
            75 another run holds the lock · 78 bad indicator file or database.
            """,
        version: BuildInfo.description(store: DTIStore.libraryVersion),
        subcommands: [Units.self, Ingest.self, Report.self, Export.self, Run.self, History.self, Backup.self, Sample.self,
                      SensitivityCommand.self, Trend.self, Serve.self, Keys.self, Codes.self, Config.self, Status.self, Template.self,
                      ReturnFigures.self, Accept.self, Close.self, Reopen.self, Remind.self, Contacts.self]
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
            if first == "--db" || first == "--indicators" || first == "--config", rest.count >= 2 {
                globals += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else if first.hasPrefix("--db=") || first.hasPrefix("--indicators=") || first.hasPrefix("--config=") {
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

/// Options every command shares: where the database and the indicator set are, and the
/// config file that may say so (see `Locations` for the order of precedence).
struct GlobalOptions: ParsableArguments {
    @Option(help: """
        The database: a SQLite file, or a PostgreSQL server as postgresql://user[:password]@host[:port]/dbname \
        (default: $DTI_DB, the config file, else data/dti.sqlite).
        """)
    var db: String?

    @Option(help: "The indicator file, or a folder holding one *.toml file (default: $DTI_INDICATORS, the config file, else the set built into dti).")
    var indicators: String?

    @Option(help: "A config file (default: $DTI_CONFIG, else /etc/dti/dti.toml when it exists).")
    var config: String?

    /// Every location, resolved; `reports` and `inbox` are the command's own options, if given.
    func locations(reports: String? = nil, inbox: String? = nil) throws -> Locations {
        var given: [Locations.Key: String] = [:]
        given[.db] = db
        given[.indicators] = indicators
        given[.reports] = reports
        given[.inbox] = inbox
        return try Locations.resolve(commandLine: given, configOption: config)
    }

    var databasePath: String {
        get throws { try locations()[.db]! }
    }

    /// Opens the database the locations name: a PostgreSQL server for a `postgresql://` URL
    /// (its schema created or brought up to date), else a SQLite file (created only when
    /// `create`).
    func openStore(create: Bool = false) throws -> any DataStore {
        let path = try databasePath
        // SQLite opens "" as a private temporary file: whatever was stored would be lost.
        guard !path.isEmpty else { throw DatabaseLocation.Empty() }
        let store: any DataStore
        if DatabaseLocation.isServer(path) {
            guard let address = PostgresSession.Address(path) else { throw DatabaseLocation.BadAddress() }
            Console.databasePath.withLock { $0 = address.description }
            store = try PostgresStore(address)
        } else {
            Console.databasePath.withLock { $0 = path }  // so a fault of the store names the file
            store = try DTIStore(path: path, create: create)
        }
        Console.store.withLock { $0 = store }
        return store
    }

    /// The indicator set: the file the locations name, else the one built in. Only commands
    /// that score read it.
    func indicatorSet() throws -> IndicatorSet {
        try locations()[.indicators].map { path throws(IndicatorFile.Problems) in try IndicatorFile.load(path: path) }
            ?? IndicatorFile.builtIn()
    }

    func pipeline() throws -> Pipeline {
        var pipeline = try Pipeline(store: try openStore(), indicatorSet: try indicatorSet())
        pipeline.reportSettings = try locations().reportSettings
        return pipeline
    }

    /// For commands that store but never score (`ingest`): no indicator set is read.
    func intake() throws -> Pipeline {
        try Pipeline(store: try openStore(), indicatorSet: nil)
    }
}

/// `--as-of`: the units periods are expressed in.
struct AsOfOption: ParsableArguments {
    @Option(name: .customLong("as-of"), help: """
        Express every period in the units of the register in force this month (YYYY-MM): a month before \
        the July 2025 reform becomes the sums of each new commune's whole predecessors (dti units import-succession).
        """)
    var asOf: Period?

    func apply(to pipeline: Pipeline) -> Pipeline {
        var pipeline = pipeline
        pipeline.asOf = asOf
        return pipeline
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

extension Span: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }
}

extension SpanRange: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }
}
