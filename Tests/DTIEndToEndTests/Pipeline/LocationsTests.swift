import DTICore
import DTITestSupport
import DTISQLite
import Foundation
import Testing

/// Where things are: command line, then environment, then the config file, then defaults;
/// the default indicator set is built in and is exactly `indicators/default.toml`.
struct LocationsTests {
    typealias T = TestData

    func config(_ text: String) throws -> String {
        let file = T.temporaryFolder().appendingPathComponent("dti.toml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test func eachLocationComesFromTheFirstPlaceThatSaysIt() throws {
        let file = try config("""
            # the department's server
            db = "/var/lib/dti/dti.sqlite"
            reports = "out"          # relative: beside this file
            inbox = "/srv/inbox"
            """)
        let resolved = try Locations.resolve(commandLine: [.inbox: "/tmp/given"], configOption: file,
                                             environment: ["DTI_REPORTS": "/env/reports"], systemConfig: "/nonexistent")
        #expect(resolved[.inbox] == "/tmp/given" && resolved.origin(of: .inbox) == "command line")
        #expect(resolved[.reports] == "/env/reports" && resolved.origin(of: .reports) == "DTI_REPORTS")
        #expect(resolved[.db] == "/var/lib/dti/dti.sqlite" && resolved.origin(of: .db) == "\(file):2")
        #expect(resolved[.indicators] == nil && resolved.origin(of: .indicators) == "default")
        let fromFile = try Locations.resolve(commandLine: [:], configOption: file, environment: [:], systemConfig: "/nonexistent")
        #expect(fromFile[.reports] == (file as NSString).deletingLastPathComponent + "/out")
        // No config anywhere: the checkout's defaults.
        let plain = try Locations.resolve(commandLine: [:], configOption: nil, environment: [:], systemConfig: "/nonexistent")
        #expect(plain[.db] == "data/dti.sqlite" && plain[.reports] == "reports" && plain[.inbox] == "data/inbox")
        // $DTI_CONFIG, then the system file when it exists.
        #expect(try Locations.resolve(commandLine: [:], configOption: nil, environment: ["DTI_CONFIG": file],
                                      systemConfig: "/nonexistent").configFile == file)
        #expect(try Locations.resolve(commandLine: [:], configOption: nil, environment: [:], systemConfig: file).configFile == file)
    }

    /// `[report]` says who issues the reports (a `\\n` is a line break), `[map]` names the
    /// department's map, relative to the config file; the locations before them are unchanged.
    /// A config file saved on Windows (`\r\n`) says what the same file says with `\n`.
    @Test func aConfigFileSavedOnWindowsIsRead() throws {
        let file = try config("# the department's server\r\ndb = \"/var/lib/dti/dti.sqlite\"\r\ninbox = \"/srv/inbox\"  # shared\r\n")
        let resolved = try Locations.resolve(commandLine: [:], configOption: file, environment: [:], systemConfig: "/nonexistent")
        #expect(resolved[.db] == "/var/lib/dti/dti.sqlite" && resolved.origin(of: .db) == "\(file):2")
        #expect(resolved[.inbox] == "/srv/inbox" && resolved.origin(of: .inbox) == "\(file):3")
    }

    @Test func theReportAndMapSectionsAreRead() throws {
        let file = try config("""
            db = "dti.sqlite"
            [report]
            agency = "UBND TỈNH LAI CHÂU\\nSỞ KHOA HỌC VÀ CÔNG NGHỆ"   # two lines
            place = "Lai Châu"
            signer_title = "KT. GIÁM ĐỐC"
            [map]
            geojson = "maps/xa.geojson"
            """)
        let resolved = try Locations.resolve(commandLine: [:], configOption: file, environment: [:], systemConfig: "/nonexistent")
        let folder = (file as NSString).deletingLastPathComponent
        #expect(resolved[.db] == folder + "/dti.sqlite")
        #expect(resolved.reportSettings == ReportSettings(agency: "UBND TỈNH LAI CHÂU\nSỞ KHOA HỌC VÀ CÔNG NGHỆ", place: "Lai Châu",
                                                         signer: nil, signerTitle: "KT. GIÁM ĐỐC", geojson: folder + "/maps/xa.geojson"))
        #expect(resolved.settings["report.place"]?.origin == "\(file):4")
    }

    @Test(arguments: [
        ("db = /var/lib/dti.sqlite", 1, "db", "double quotes"),
        ("\n\ndatabase = \"x\"", 3, "database", "unknown key; the keys are db, indicators, reports, inbox"),
        ("db = \"a\"\ndb = \"b\"", 2, "db", "given twice"),
        ("just words", 1, nil, "expected"),
        ("[report]\nagency = \"UBND\"\nlogo = \"x.png\"", 3, "logo", "unknown key in [report]; its keys are agency, place, signer, signer_title"),
        ("db = \"x\"\n[reports]", 2, nil, "unknown section “[reports]”; the sections are [mail], [map], [report], [server]"),
        ("[map]\ngeojson = \"\"", 2, "geojson", "the value is empty"),
    ] as [(String, Int, String?, String)])
    func aConfigFileMistakeNamesFileLineAndKey(_ text: String, _ line: Int, _ key: String?, _ words: String) throws {
        let file = try config(text)
        #expect {
            _ = try Locations.resolve(commandLine: [:], configOption: file, environment: [:], systemConfig: "/nonexistent")
        } throws: { error in
            guard let problem = error as? Locations.ConfigProblem else { return false }
            return problem.file == file && problem.line == line && problem.key == key && problem.problem.contains(words)
                && problem.exitStatus == .configuration
        }
    }

    /// A PostgreSQL server in the config file is taken as it is written (not as a path beside
    /// the file), and `dti config` never prints its password.
    @Test func aServerInTheConfigFileIsAnAddressAndItsPasswordIsNeverShown() throws {
        let file = try config("""
            db = "postgresql://dti:s3cret@db.internal:5432/dti_national"
            """)
        let resolved = try Locations.resolve(commandLine: [:], configOption: file, environment: [:], systemConfig: "/nonexistent")
        #expect(resolved[.db] == "postgresql://dti:s3cret@db.internal:5432/dti_national")
        let shown = try EndToEndTests().dti(["--config", file, "config", "--lang", "en"], in: T.temporaryFolder(), globalOptions: false)
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("db\tpostgresql://dti:***@db.internal:5432/dti_national\t(\(file):1)"), "\(shown.stdout)")
        #expect(!shown.stdout.contains("s3cret"))
        // A malformed address is a usage error that does not echo it.
        let bad = try EndToEndTests().dti(["--db", "postgresql://db.internal/s3cret", "status", "--period", "2026-10", "--lang", "en"],
                                          in: T.temporaryFolder(), globalOptions: false)
        #expect(bad.status == 64 && bad.stderr.contains("postgresql://user[:password]@host[:port]/dbname") && !bad.stderr.contains("s3cret"))
        // An empty one (`--db "$UNSET"`) is refused before anything is stored where nobody would find it.
        let folder = T.temporaryFolder()
        let register = T.packageRoot.appendingPathComponent("data/registers/vn_units_2026-04.csv").path
        let empty = try EndToEndTests().dti(["--db", "", "units", "import", register, "--lang", "en"], in: folder, globalOptions: false)
        #expect(empty.status == 64 && empty.stderr.contains("--db is empty"), "\(empty.stderr)")
    }

    @Test func theBuiltInSetIsTheDefaultFileByteForByte() throws {
        let file = try String(contentsOf: T.packageRoot.appendingPathComponent("indicators/default.toml"), encoding: .utf8)
        #expect(BuiltInIndicators.text == file, "run scripts/embed-indicators after editing indicators/default.toml")
        let builtIn = IndicatorFile.builtIn()
        let loaded = try IndicatorFile.load(path: T.packageRoot.appendingPathComponent("indicators/default.toml").path)
        #expect(builtIn.sha256 == loaded.sha256 && builtIn.indicators.map(\.id) == loaded.indicators.map(\.id))
    }

    /// The method section and the database say which set scored the reports.
    @Test func reportsAndTheDatabaseRecordWhichSetScoredThem() throws {
        let out = T.temporaryFolder()
        let (folder, _) = try EndToEndTests().runSample(out: out)
        let sha = IndicatorFile.builtIn().sha256
        let store = try DTIStore(path: folder.appendingPathComponent("dti.sqlite").path, create: false)
        #expect(try store.indicatorSetsUsed().map(\.sha256) == [sha])
        let markdown = try String(contentsOf: out.appendingPathComponent("2026-10/dti-2026-10-12-en.md"), encoding: .utf8)
        #expect(markdown.contains("SHA-256 \(sha)"))
    }

    /// `ingest` stores and never scores, but reads the indicator file for its form (issue 35): a
    /// missing one is said (exit 78) rather than files judged against another form. Commands
    /// that neither score nor read files (`history`) never read it.
    @Test func commandsThatDoNotScoreNeverReadTheIndicatorFile() throws {
        let e2e = EndToEndTests()
        let folder = T.temporaryFolder()
        let database = folder.appendingPathComponent("dti.sqlite").path
        let register = T.packageRoot.appendingPathComponent("data/registers/vn_units_2026-04.csv").path
        func dti(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
            try e2e.dti(["--db", database, "--indicators", "/nonexistent/indicators.toml"] + arguments, in: folder, globalOptions: false)
        }
        #expect(try dti(["units", "import", register]).status == 0)
        let sample = T.packageRoot.appendingPathComponent("data/sample").path
        let missing = try dti(["ingest", "--period", "2026-10", sample])
        #expect(missing.status == 78 && missing.stderr.contains("/nonexistent/indicators.toml"), "\(missing.stderr)")
        let ingest = try e2e.dti(["--db", database, "ingest", "--period", "2026-10", sample], in: folder, globalOptions: false)
        #expect(ingest.status == 65, "\(ingest.stderr)")
        #expect(try dti(["history", "--commune", "03390", "--period", "2026-10"]).status == 0)
        #expect(try dti(["report", "--period", "2026-10", "--out", folder.path]).status == 78)  // this one scores
        // And `dti config` says where each location came from.
        let shown = try e2e.dti(["--db", database, "config", "--lang", "en"], in: folder, globalOptions: false)
        #expect(shown.stdout.contains("db\t\(database)\t(command line)"))
        #expect(shown.stdout.contains("indicators\tindicators/default.toml (built in), sha256 "))
    }
}
