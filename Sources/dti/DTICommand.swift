import ArgumentParser
import DTICore
import DTIPostgres
import DTISQLite
import Foundation

/// Every command names itself (`commandName`): ArgumentParser would otherwise work each name
/// out from its type's at every start, through the runtime's protocol lookups, which took 58 of
/// the 110 million instructions of `dti codes`.
@main
struct DTICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dti",
        abstract: "Score and rank the digital-transformation index (DTI) of Vietnam's communes.",
        discussion: """
            Global options, accepted before any command (`dti --db FILE status …`) or after it: \
            --db FILE|postgresql://… the database (default: $DTI_DB, the config file, else data/dti.sqlite); \
            --indicators FILE the indicator set, for the commands that score (default: $DTI_INDICATORS, the \
            config file, else the one built in); --config FILE (default: $DTI_CONFIG, else /etc/dti/dti.toml); \
            --lang vi|en. A command that has no use for one of them ignores it.

            First run: dti setup (on a server: sudo -u dti dti setup). `dti config` shows what is in force.

            Exit codes: 0 ok · 64 usage · 65 an input file was refused (the rest loaded) · \
            66 missing input or database · 69 the system's mail refused a reminder · 70 internal error · \
            73 cannot write output or the database · 74 damaged database · \
            75 another run holds the lock · 77 root on a database another user owns · 78 bad indicator file or database.
            """,
        version: BuildInfo.description(store: DTIStore.libraryVersion),
        subcommands: [Units.self, Ingest.self, Report.self, Export.self, Run.self, History.self, Backup.self, Sample.self,
                      SensitivityCommand.self, Trend.self, Serve.self, Keys.self, Codes.self, Config.self, Status.self, Template.self,
                      ReturnFigures.self, Accept.self, Close.self, Reopen.self, Remind.self, Contacts.self, Setup.self]
    )

    /// Accepts the documented `dti [--db PATH] [--indicators PATH] [--config FILE] [--lang L]
    /// <command> ...` by moving global options given before the command to after it, where the
    /// command parses them.
    static func main() {
        let arguments = Self.placingGlobalOptions(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            // ArgumentParser says only that a period is invalid, and in English: first say why,
            // in the run's language.
            if let problem = Self.periodProblem(arguments) {
                Console.log("dti: " + problem(Self.requestedLanguage(arguments)))
            }
            exit(withError: error)
        }
    }

    /// What is wrong with the value of `--period`, when there is one and it is not a period or
    /// a range of them.
    static func periodProblem(_ arguments: [String]) -> LocalizedText? {
        value(of: "--period", in: arguments).flatMap(SpanRange.problem(in:))
    }

    /// The language `--lang` asks for, before the arguments are parsed (Vietnamese without it).
    static func requestedLanguage(_ arguments: [String]) -> Language {
        value(of: "--lang", in: arguments).flatMap(Language.init(rawValue:)) ?? .vi
    }

    /// The value given to `option`, as `--option VALUE` or `--option=VALUE`; the last one given.
    static func value(of option: String, in arguments: [String]) -> String? {
        var found: String?
        for (index, argument) in arguments.enumerated() {
            if argument == option, index + 1 < arguments.count {
                found = arguments[index + 1]
            } else if argument.hasPrefix(option + "=") {
                found = String(argument.dropFirst(option.count + 1))
            }
        }
        return found
    }

    static func placingGlobalOptions(_ arguments: [String]) -> [String] {
        var globals: [String] = []
        var rest = arguments[...]
        while let first = rest.first {
            if first == "--db" || first == "--indicators" || first == "--config" || first == "--lang", rest.count >= 2 {
                globals += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else if ["--db=", "--indicators=", "--config=", "--lang="].contains(where: first.hasPrefix) {
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
        // A global option the command has no use for (--indicators before `keys list`, --db
        // before `sample generate`) is accepted and left out.
        if let command = command(at: Array(rest.prefix(pathLength))) {
            let taken = takenGlobalOptions(command)
            var kept: [String] = []
            var index = 0
            while index < globals.count {
                let name = String(globals[index].split(separator: "=", maxSplits: 1)[0])
                let width = globals[index].contains("=") ? 1 : 2
                if taken.contains(name) { kept += globals[index..<index + width] }
                index += width
            }
            globals = kept
        }
        return Array(rest.prefix(pathLength)) + globals + Array(rest.dropFirst(pathLength))
    }

    /// The command a path of names leads to (`["units", "import"]`), if any.
    static func command(at path: [String]) -> ParsableCommand.Type? {
        var current: ParsableCommand.Type = DTICommand.self
        for name in path {
            guard let next = current.configuration.subcommands.first(where: { $0._commandName == name }) else { return nil }
            current = next
        }
        return current == DTICommand.self ? nil : current
    }

    /// The global options a command declares: all three with `GlobalOptions`, `--db` and
    /// `--config` with `StoreOptions`, and `--lang` with `LanguageOption`.
    static func takenGlobalOptions(_ command: ParsableCommand.Type) -> Set<String> {
        var taken: Set<String> = []
        for child in Mirror(reflecting: command.init()).children {
            if child.value is OptionGroup<GlobalOptions> { taken.formUnion(["--db", "--indicators", "--config"]) }
            if child.value is OptionGroup<StoreOptions> { taken.formUnion(["--db", "--config"]) }
            if child.value is OptionGroup<LanguageOption> { taken.insert("--lang") }
        }
        return taken
    }
}

/// Where the database is, and the config file that may say so (see `Locations` for the order
/// of precedence): the options of commands that use the database but never score.
struct StoreOptions: ParsableArguments, DatabaseOptions {
    @Option(help: .init(GlobalOptions.dbHelp))
    var db: String?

    @Option(help: .init(GlobalOptions.configHelp))
    var config: String?

    var indicators: String? { nil }
}

/// The options of commands that score: the database, the indicator set and the config file.
struct GlobalOptions: ParsableArguments, DatabaseOptions {
    static let dbHelp = """
        The database: a SQLite file, or a PostgreSQL server as postgresql://user[:password]@host[:port]/dbname \
        (default: $DTI_DB, the config file, else data/dti.sqlite).
        """
    static let configHelp = "A config file (default: $DTI_CONFIG, else /etc/dti/dti.toml when it exists)."

    @Option(help: .init(dbHelp))
    var db: String?

    @Option(help: "The indicator file, or a folder holding one *.toml file (default: $DTI_INDICATORS, the config file, else the set built into dti).")
    var indicators: String?

    @Option(help: .init(configHelp))
    var config: String?
}

/// What both option groups resolve the same way.
protocol DatabaseOptions {
    var db: String? { get }
    var indicators: String? { get }
    var config: String? { get }
}

extension DatabaseOptions {
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
            try DatabaseAccess.refuseRootOnOthers(path)
            store = try DTIStore(path: path, create: create)
        }
        Console.store.withLock { $0 = store }
        return store
    }

    /// For commands that store but never score (`ingest`): the indicator set is read for its
    /// form only (the fields files are held to).
    func intake() throws -> Pipeline {
        try Pipeline(store: try openStore(), indicatorSet: try indicatorSet())
    }

    /// The indicator set: the file the locations name, else the one built in. Commands that
    /// score read it, and those that read files for its form.
    func indicatorSet() throws -> IndicatorSet {
        try locations()[.indicators].map { path throws(IndicatorFile.Problems) in try IndicatorFile.load(path: path) }
            ?? IndicatorFile.builtIn()
    }
}

extension GlobalOptions {

    func pipeline() throws -> Pipeline {
        var pipeline = try Pipeline(store: try openStore(), indicatorSet: try indicatorSet())
        pipeline.reportSettings = try locations().reportSettings
        return pipeline
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
