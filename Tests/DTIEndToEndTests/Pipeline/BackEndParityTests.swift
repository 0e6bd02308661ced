import DTICore
import DTITestSupport
import Foundation
import Testing

/// The same inputs give the same outputs, byte for byte, whichever database holds them: the
/// bundled sample through the built `dti` on SQLite and on PostgreSQL, every report, export,
/// status and audit trail compared.
struct BackEndParityTests {
    typealias T = TestData
    let e2e = EndToEndTests()

    /// What one back end gives: every file written under `out`, and what the printing
    /// commands printed.
    func outputs(_ backend: StoreBackend) throws -> (files: [String: Data], printed: [String]) {
        let folder = T.temporaryFolder()
        EndToEndTests.useDatabase(try backend.databaseLocation(in: folder), in: folder)
        let registers = T.packageRoot.appendingPathComponent("data/registers")
        for version in ["2025-03", "2025-07", "2026-04"] {
            #expect(try e2e.dti(["units", "import", registers.appendingPathComponent("vn_units_\(version).csv").path], in: folder).status == 0)
        }
        #expect(try e2e.dti(["units", "import-succession", registers.appendingPathComponent("vn_succession_2025-07.csv").path],
                            in: folder).status == 0)
        let inbox = try T.sampleInbox(in: folder)
        let out = folder.appendingPathComponent("out")
        let run = try e2e.dti(["run", "--inbox", inbox.path, "--period", "2026-10", "--out", out.path, "--lang", "en"], in: folder)
        #expect(run.status == 65, "the sample holds one refused file: \(run.stderr)")
        var printed: [String] = []
        for arguments in [["report", "--period", "2026-Q3", "--out", out.path],
                          ["report", "--period", "2026-10", "--scope", "national", "--out", out.path],
                          ["trend", "--commune", "03388", "--period", "2026-10", "--out", out.path],
                          ["export", "--period", "2026-08..2026-10"],
                          ["status", "--period", "2026-10", "--format", "json"],
                          ["history", "--commune", "03388", "--period", "2026-10"]] {
            let result = try e2e.dti(arguments, in: folder)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            // Paths printed by `report` name this test's folder: compared without it.
            printed.append(result.stdout.replacingOccurrences(of: folder.path, with: "<folder>"))
        }
        var files: [String: Data] = [:]
        let root = out.path + "/"
        for case let url as URL in FileManager.default.enumerator(at: out, includingPropertiesForKeys: nil)! where !url.hasDirectoryPath {
            files[String(url.path.dropFirst(root.count))] = try Data(contentsOf: url)
        }
        return (files, printed)
    }

    @Test(.enabled(if: StoreSchemaTests.url != nil)) func theSampleGivesIdenticalOutputsOnSQLiteAndPostgreSQL() throws {
        let sqlite = try outputs(.sqlite), postgres = try outputs(.postgres)
        #expect(sqlite.files.count >= 12, "\(sqlite.files.keys.sorted())")
        #expect(postgres.files.keys.sorted() == sqlite.files.keys.sorted())
        for (name, bytes) in sqlite.files.sorted(by: { $0.key < $1.key }) {
            #expect(postgres.files[name] == bytes, "\(name) differs")
        }
        for (fromSQLite, fromPostgres) in zip(sqlite.printed, postgres.printed) {
            #expect(fromPostgres == fromSQLite)
        }
        #expect(sqlite.printed[3].split(separator: "\n").count > 100, "the export holds every commune of three months")
    }
}
