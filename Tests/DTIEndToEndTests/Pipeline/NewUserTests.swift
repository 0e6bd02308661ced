import DTICore
import DTITestSupport
import DTISQLite
import Foundation
import Testing

/// The small things a new user trips over, through the built `dti`.
@Suite(.serialized)
struct NewUserTests {
    typealias T = TestData
    let e2e = EndToEndTests()

    func sampleDatabase() throws -> URL {
        let (folder, run) = try e2e.runSample(out: T.temporaryFolder())
        #expect(run.status == 65)
        return folder
    }

    /// An unknown province or commune is a mistake to say (exit 66, the code, the register and
    /// where the codes are), never an empty success.
    @Test func anUnknownProvinceOrCommuneIsExit66NamingTheCodeAndTheRegister() throws {
        let folder = try sampleDatabase()
        for arguments in [["report", "--period", "2026-10", "--province", "99"],
                          ["export", "--period", "2026-10", "--province", "99"],
                          ["sensitivity", "--period", "2026-10", "--province", "99", "--runs", "10"],
                          ["trend", "--commune", "99999", "--period", "2026-10"]] {
            let result = try e2e.dti(arguments + ["--lang", "en"] + ["--out", folder.path].filter { _ in arguments[0] != "export" },
                                     in: folder)
            #expect(result.status == 66, "\(arguments): \(result.stderr)")
            let vietnamese = try e2e.dti(arguments + ["--out", folder.path].filter { _ in arguments[0] != "export" }, in: folder)
            #expect(vietnamese.stderr.contains("trong danh mục đơn vị 2026-04; xem các mã bằng `dti units list`"), "\(vietnamese.stderr)")
            let kind = arguments[0] == "trend" ? "commune with code 99999" : "province with code 99"
            #expect(result.stderr.contains("no \(kind) in the unit register 2026-04; `dti units list` shows the codes"),
                    "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty || arguments[0] == "export")
        }
        // A known province still works.
        #expect(try e2e.dti(["export", "--period", "2026-10", "--province", "12"], in: folder).status == 0)
    }

    /// A Vietnamese run says everything in Vietnamese, an English one in English; in a log
    /// (not a terminal) a short run writes no progress lines, only its summary.
    @Test func oneLanguagePerRunAndNoProgressChatterInALog() throws {
        let (_, vi) = try e2e.runSample(out: T.temporaryFolder(), lang: "vi")
        let english = ["wrote ", "ingest:", "Accepted", "refused", "error [", "period 2026-10", "files"]
        for word in english { #expect(!vi.stderr.contains(word), "“\(word)” in: \(vi.stderr)") }
        #expect(vi.stderr.contains("dti run: kỳ tháng 10/2026") && vi.stderr.contains("đã ghi "))
        #expect(vi.stderr.contains("lỗi [value-not-whole-number]"))
        let (_, en) = try e2e.runSample(out: T.temporaryFolder(), lang: "en")
        for word in ["đã ghi", "nạp tệp", "bị từ chối", "lỗi ["] { #expect(!en.stderr.contains(word), "“\(word)”") }
        // 113 files: a progress line every few seconds in a log, so none for a run this short.
        #expect(!vi.stderr.contains("nạp tệp:") && !en.stderr.contains("ingest:"))
    }

    @Test func unitsListShowsProvincesCommunesTypesAndOldDistricts() throws {
        let folder = try sampleDatabase()
        let current = try e2e.dti(["units", "list", "--province", "12", "--lang", "en"], in: folder)
        #expect(current.status == 0)
        let lines = current.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "register 2026-04: 34 provinces, 3321 communes")
        #expect(lines.dropFirst().first == "12\tTỉnh Lai Châu\t38 communes")
        #expect(lines.contains("  03390\tXã Bình Lư"))
        let register = T.packageRoot.appendingPathComponent("data/registers/vn_units_2025-03.csv").path
        #expect(try e2e.dti(["units", "import", register], in: folder).status == 0)
        let old = try e2e.dti(["units", "list", "--period", "2025-03", "--province", "12"], in: folder)
        #expect(old.stdout.contains("  03390\tThị trấn Tam Đường\t106 Huyện Tam Đường"), "\(old.stdout.prefix(300))")
    }

    /// The documented spelling works, in any case; `--help` lists the choices.
    @Test func sampleStylesAreReadInAnyCaseAndListedInHelp() throws {
        let folder = T.temporaryFolder()
        let register = T.packageRoot.appendingPathComponent("data/registers/vn_units_2025-07.csv").path
        for style in ["libreoffice", "LibreOffice", "EXCEL"] {
            let generate = try e2e.dti(["sample", "generate", "--register", register, "--periods", "2025-07", "--province", "12",
                                        "--style", style, "--out", folder.appendingPathComponent(style).path],
                                       in: folder, globalOptions: false)
            #expect(generate.status == 0, "\(style): \(generate.stderr)")
        }
        let help = try e2e.dti(["sample", "generate", "--help"], in: folder, globalOptions: false)
        #expect(help.stdout.contains("canonical, excel, libreoffice, edited"))
    }
}
