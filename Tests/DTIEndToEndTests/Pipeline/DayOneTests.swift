import DTICore
import DTITestSupport
import Foundation
import Testing

/// The first day of an installed service, as its administrator meets it: `dti setup` makes
/// the database from the registers installed with dti; root is refused on the service user's
/// database before it can take its files over; `dti serve` refuses to start on a database it
/// cannot write instead of answering 503 to every upload; global options work before any
/// command and `dti --help` names them.
struct DayOneTests {
    typealias T = TestData

    /// A folder `nobody` owns, as /var/lib/dti belongs to the dti user.
    static func nobodysFolder() -> URL {
        let folder = T.temporaryFolder()
        #expect(EndToEndTests.shell("chmod a+x '\(folder.deletingLastPathComponent().path)' && chown 65534:65534 '\(folder.path)'") == 0)
        return folder
    }

    @Test(.enabled(if: TestData.canRunAsNobody, "needs root and setpriv to run dti as another user"))
    func rootIsRefusedOnTheServiceUsersDatabaseAndSetupRunsAsThatUser() throws {
        let folder = Self.nobodysFolder()
        let database = folder.appendingPathComponent("dti.sqlite").path
        let registers = T.packageRoot.appendingPathComponent("data/registers").path
        // As root: refused before anything is made, with the user to run as.
        let root = try EndToEndTests.run(EndToEndTests.binary, ["--db", database, "setup", "--registers", registers, "--lang", "en"])
        #expect(root.status == 77, "\(root.stderr)")
        #expect(root.stderr.contains("running as root on the database \(database), which belongs to nobody") && root.stderr.contains("sudo -u nobody dti"),
                "\(root.stderr)")
        #expect(!FileManager.default.fileExists(atPath: database))

        // As the owner: the registers, the succession table and the folders, in one step.
        let config = folder.appendingPathComponent("dti.toml")
        try Data("db = \"\(database)\"\ninbox = \"\(folder.path)/inbox\"\nreports = \"\(folder.path)/reports\"\n".utf8).write(to: config)
        let setup = try T.dtiAsNobody(["--config", config.path, "setup", "--registers", registers, "--lang", "en"])
        #expect(setup.status == 0, "\(setup.stderr)")
        for line in ["register 2025-03 imported: 10035 communes in 63 provinces", "register 2025-07 imported: 3321 communes in 34 provinces",
                     "register 2026-04 imported: 3321 communes in 34 provinces", "succession 2025-03 → 2025-07 imported",
                     "created the folder \(folder.path)/inbox", "ready: database \(database)"] {
            #expect(setup.stderr.contains(line), "\(line)\n\(setup.stderr)")
        }
        #expect(DatabaseOwner(database) == 65534)
        // Again: nothing changes.
        let again = try T.dtiAsNobody(["--config", config.path, "setup", "--registers", registers, "--lang", "en"])
        #expect(again.status == 0 && again.stderr.contains("register 2026-04 unchanged") && again.stderr.contains("unchanged: 3321"), "\(again.stderr)")
        // Root reading it is refused too: SQLite would leave root's -shm beside it.
        #expect(try EndToEndTests.run(EndToEndTests.binary, ["--db", database, "keys", "list"]).status == 77)
    }

    /// Run from a folder that is neither an installation nor a checkout (a binary built
    /// elsewhere, the working folder the user's own), `dti setup` names the folders it looked
    /// in and the option that names the registers, and makes nothing; named, they are found.
    @Test func setupWithoutRegistersSaysWhereItLookedAndMakesNothing() throws {
        let folder = T.temporaryFolder()
        let (status, lines) = try DocumentationTests.run("dti --db x.sqlite --lang en setup", in: folder)
        let printed = lines.joined(separator: "\n")
        #expect(status == 66, "\(printed)")
        #expect(printed.contains("no unit registers found in ") && printed.contains(" or \(folder.path)/data/registers;")
                && printed.contains("name their folder with --registers FOLDER"), "\(printed)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.isEmpty)
        let named = try DocumentationTests.run(
            "dti --db x.sqlite --lang en setup --registers \(T.packageRoot.appendingPathComponent("data/registers").path)", in: folder)
        #expect(named.status == 0 && named.lines.contains { $0.hasPrefix("ready: database x.sqlite") }, "\(named.lines)")
    }

    @Test(.enabled(if: TestData.canRunAsNobody, "needs root and setpriv to run dti as another user"))
    func serveRefusesToStartOnADatabaseItCannotWrite() throws {
        let folder = T.temporaryFolder()
        #expect(EndToEndTests.shell("chmod a+x '\(folder.deletingLastPathComponent().path)' && chmod 755 '\(folder.path)'") == 0)
        let database = folder.appendingPathComponent("dti.sqlite").path
        // Made by root, as `sudo dti units import` would.
        let made = try EndToEndTests.run(EndToEndTests.binary, ["--db", database, "units", "import",
                                                                T.packageRoot.appendingPathComponent("data/registers/vn_units_2026-04.csv").path])
        #expect(made.status == 0, "\(made.stderr)")
        let serve = try T.dtiAsNobody(["--db", database, "serve", "--port", "0", "--lang", "en"])
        #expect(serve.status == 73, "\(serve.stdout)\(serve.stderr)")
        #expect(serve.stderr.contains("user nobody cannot write \(database) (owner and mode: root:root, 0644): every upload would be answered 503. Fix: sudo chown nobody: \(database)*"),
                "\(serve.stderr)")
        #expect(!serve.stdout.contains("listening"))
    }

    /// A period the command line refuses is explained in the run's language before
    /// ArgumentParser's own (English) message and usage; other refusals are left as they are.
    @Test func aRefusedPeriodIsExplainedInTheRunsLanguage() throws {
        let folder = T.temporaryFolder()
        let month = try DocumentationTests.run("dti report --period 2026-13", in: folder)
        #expect(month.status == 64 && month.lines.first == "dti: không có tháng 13: tháng từ 01 đến 12 (“2026-13”)"
                && month.lines.contains { $0.hasPrefix("Usage: dti report") }, "\(month.lines)")
        let backwards = try DocumentationTests.run("dti --lang en status --period 2026-10..2026-08", in: folder)
        #expect(backwards.status == 64, "\(backwards.lines)")
        #expect(backwards.lines.first == "dti: the range “2026-10..2026-08” runs backwards: write the earlier period first (2026-08..2026-10)",
                "\(backwards.lines)")
        let other = try DocumentationTests.run("dti report --period 2026-10 --scope everywhere", in: folder)
        #expect(other.status == 64 && !other.lines.contains { $0.hasPrefix("dti: ") }, "\(other.lines)")
    }

    @Test func globalOptionsAreTakenBeforeAnyCommandAndNamedInTheHelp() throws {
        let folder = T.temporaryFolder()
        let help = try EndToEndTests.run(EndToEndTests.binary, ["--help"])
        #expect(help.stdout.contains("Global options, accepted before any command") && help.stdout.contains("--indicators FILE")
                && help.stdout.contains("77 root on a database another user owns"), "\(help.stdout)")
        // --db and --indicators before a command that has no use for them: accepted, ignored.
        let sample = try EndToEndTests.run(EndToEndTests.binary, [
            "--db", folder.appendingPathComponent("x.sqlite").path, "--indicators", "/nonexistent", "--lang", "en",
            "sample", "generate", "--register", T.packageRoot.appendingPathComponent("data/registers/vn_units_2026-04.csv").path,
            "--periods", "2026-10", "--province", "12", "--out", folder.appendingPathComponent("sample").path])
        #expect(sample.status == 0, "\(sample.stderr)")
        // Commands that never read the indicator file do not offer --indicators; those that
        // score, or read files with its form (`ingest`, issue 35), do.
        #expect(!(try EndToEndTests.run(EndToEndTests.binary, ["keys", "list", "--help"]).stdout.contains("--indicators")))
        #expect(try EndToEndTests.run(EndToEndTests.binary, ["ingest", "--help"]).stdout.contains("--indicators"))
        #expect(try EndToEndTests.run(EndToEndTests.binary, ["report", "--help"]).stdout.contains("--indicators"))
        #expect(try EndToEndTests.run(EndToEndTests.binary, ["report", "--help"]).stdout.contains("Markdown and HTML"))
    }
}

/// The owner of a file, or nil.
func DatabaseOwner(_ path: String) -> uid_t? {
    var info = stat()
    return stat(path, &info) == 0 ? info.st_uid : nil
}
