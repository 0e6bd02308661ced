import DTICore
import DTITestSupport
import DTISQLite
import Foundation
import Testing

/// The upload page in a real browser: headless Chromium driven by Selenium
/// (`Tests/browser/upload_page.py`), against a real `dti serve`.
///
/// Needs Debian's `chromium` and `chromium-driver` and Python's `selenium`; `.ci/run` installs
/// them and sets DTI_REQUIRE_BROWSER=1, which turns a missing browser into a failure.
@Suite(.serialized)
struct ServerBrowserTests {
    static let browserAvailable: Bool = {
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", "import selenium"]
        python.standardError = FileHandle.nullDevice
        guard (try? python.run()) != nil else { return false }
        python.waitUntilExit()
        return python.terminationStatus == 0
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")
    }()

    static let required = ProcessInfo.processInfo.environment["DTI_REQUIRE_BROWSER"] == "1"

    /// Runs one of the Selenium scripts of `Tests/browser` and returns what it printed.
    static func drive(_ script: String, _ arguments: [String]) throws -> Data {
        let result = try EndToEndTests.run(URL(fileURLWithPath: "/usr/bin/env"),
                                           ["python3", TestData.packageRoot.appendingPathComponent("Tests/browser/" + script).path]
                                               + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return Data(result.stdout.utf8)
    }

    @Test func theBrowserIsThereWhenCIAsksForIt() {
        #expect(!Self.required || Self.browserAvailable,
                "DTI_REQUIRE_BROWSER=1 but chromium, chromium-driver or python3-selenium is missing")
    }

    @Test(.enabled(if: browserAvailable)) func anOfficerSendsAGoodFileABadFileAndUsesAWrongKey() async throws {
        let server = try ServerHarness()
        let key = try server.issueKey(["--commune", "03390"])
        let good = server.folder.appendingPathComponent("xã bình lư 10-2026.csv")
        try Data(ServerTests.file("03390")).write(to: good)
        var figures = TestData.goodFigures.map(String.init)
        figures[2] = "mười"
        let bad = server.folder.appendingPathComponent("sai.csv")
        try Data(TestData.csv([TestData.canonicalHeader, (["03390", "2026-10"] + figures).joined(separator: ",")])).write(to: bad)
        // The template, downloaded with the key and filled in: sent as it is.
        let (template, _) = try await TemplateServerTests.filledTemplate(server, key: key, period: "2026-10",
                                                                         figures: WorkbookTests.november)

        let stdout = try Self.drive("upload_page.py", ["--url", server.baseURL.absoluteString + "/", "--key", key,
                                                       good.path, bad.path, "KEY=dti_wrong:\(bad.path)", template.path])
        let answers = try #require(try JSONSerialization.jsonObject(with: stdout) as? [[String: String]])
        #expect(answers.count == 4)

        // The good file: accepted, its Unicode name intact, the row listed as new.
        #expect(answers[0]["class"] == "ok")
        let accepted = answers[0]["text"] ?? ""
        #expect(accepted.contains("Đã nhận tệp xã bình lư 10-2026.csv"), "\(accepted)")
        #expect(accepted.contains("2 Xã Bình Lư (03390) tháng 10/2026 1 mới"), "\(accepted)")
        #expect(accepted.contains("Số liệu đã lưu (Sở chấm điểm theo các số này):"), "\(accepted)")
        #expect(accepted.contains("\(Figure.villagesTotal.vietnameseLabel) \(TestData.goodFigures[0])"), "\(accepted)")
        #expect(try server.store().revisions(communeCode: "03390").first?.submission.figures.list == TestData.goodFigures)

        // The bad file: refused, with the line, the column and the Vietnamese message.
        #expect(answers[1]["class"] == "bad")
        let refused = answers[1]["text"] ?? ""
        #expect(refused.contains("Tệp sai.csv bị từ chối"), "\(refused)")
        #expect(refused.contains("2 villages_fibre “villages_fibre” chỉ ghi con số, không kèm chữ hay đơn vị; đã ghi “mười”"), "\(refused)")

        // A wrong key: the plain-words answer, and nothing stored.
        #expect(answers[2]["class"] == "bad")
        #expect(answers[2]["text"]?.contains("Khoá truy cập không đúng") == true)
        // The filled template: accepted, a correction of the CSV's row.
        #expect(answers[3]["class"] == "ok")
        #expect(answers[3]["text"]?.contains("Đã nhận tệp Bình Lư 2026-10.xlsx") == true, "\(answers[3])")
        #expect(answers[3]["text"]?.contains("3 Xã Bình Lư (03390) tháng 10/2026 2 bản sửa") == true, "\(answers[3])")
        #expect(try server.store().currentSubmissions(for: Period("2026-10")!)["03390"]?.figures.list == WorkbookTests.november)
        #expect(try server.counts() == (3, 2))
    }

    /// The department's page, with JavaScript off: every commune of the province, its status in
    /// words and in colour (the style the Content-Security-Policy lets through), the errors of a
    /// refused file as the commune saw them, the rates, and the reports to download.
    @Test(.enabled(if: browserAvailable)) func theDepartmentReadsTheStateOfTheMonthWithoutJavaScript() throws {
        let server = try StatusPageTests.october()
        let key = try server.issueKey(["--province", "12"])
        let stdout = try Self.drive("status_page.py", ["--url", server.baseURL.absoluteString + "/status", "--key", key,
                                                       "--period", "2026-10"])
        let page = try #require(try JSONSerialization.jsonObject(with: stdout) as? [String: Any])
        #expect(page["reporting"] as? String == "5 / 38 (13,16 %)")
        #expect(page["timeliness"] as? String == "3 / 38 (7,89 %)")
        #expect(page["downloads"] as? [String] == ["Bảng tính (.xlsx)", "Báo cáo (.md)"])
        let rows = try #require(page["rows"] as? [[String: Any]])
        #expect(rows.count == 38)
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0["id"] as! String, $0) })
        let expected: [(String, String, String, String)] = [
            ("03388", "on-time", "đã nhận, đúng hạn", "rgba(200, 230, 201, 1)"),
            ("03394", "corrected-on-time", "đã sửa, đúng hạn", "rgba(200, 230, 201, 1)"),
            ("03408", "corrected-late", "đã sửa, nộp muộn", "rgba(255, 224, 163, 1)"),
            ("03424", "late", "đã nhận, nộp muộn", "rgba(255, 224, 163, 1)"),
            ("03405", "refused-waiting", "bị từ chối, chờ tệp sửa", "rgba(248, 196, 196, 1)"),
            ("03433", "nothing-received", "chưa gửi", "rgba(224, 224, 224, 1)"),
        ]
        for (code, kind, words, colour) in expected {
            let row = try #require(byID["commune-\(code)"], "\(code)")
            #expect(row["class"] as? String == kind, "\(code)")
            #expect((row["status"] as? String)?.lowercased() == words, "\(code): \(row)")
            #expect(row["colour"] as? String == colour, "\(code): \(row)")
        }
        let refused = try #require(byID["commune-03405"])
        #expect(refused["errors"] as? [String] == ["e-03405-sai.csv:2:5: lỗi [part-exceeds-total] “villages_fibre” (14) lớn hơn “villages_total” (12); số này không thể vượt tổng số, kiểm tra lại một trong hai ô."],
                "\(refused)")
        #expect((refused["cells"] as? [String])?.suffix(2) == ["2026-11-01 10:00", "e-03405-sai.csv"])
        // The reminders to copy into Zalo: beside each commune that must still act, none
        // beside one whose figures count; the province's digest at the top.
        let reminder = try #require(refused["reminder"] as? String)
        #expect(reminder.contains("bị từ chối. Lỗi: “villages_fibre” (14) lớn hơn “villages_total” (12)") && reminder.count <= 500, "\(reminder)")
        #expect((byID["commune-03433"]?["reminder"] as? String)?.hasPrefix("Xã Bum Tở: Sở chưa nhận được báo cáo chuyển đổi số tháng 10/2026.") == true)
        #expect(byID["commune-03388"]?["reminder"] as? String == "")
        let silent = rows.filter { $0["class"] as? String == "nothing-received" }.count
        let refusedCount = rows.filter { $0["class"] as? String == "refused-waiting" }.count
        let digest = page["digest"] as? String ?? ""
        #expect(digest.hasPrefix("Tỉnh Lai Châu, tháng 10/2026 (hạn nộp hết ngày 05/11/2026): còn \(silent) xã chưa gửi: ")
                && digest.contains("; \(refusedCount) xã có tệp bị từ chối, chờ sửa: "), "\(digest)")
        // Without scripts the copy buttons stay hidden (the text is there to select); with
        // them, one under each reminder and the digest, allowed by the page's policy, and
        // pressing one says it copied.
        #expect(page["copyButtons"] as? Int == 0)
        let scripted = try #require(try JSONSerialization.jsonObject(with: try Self.drive("status_page.py", [
            "--url", server.baseURL.absoluteString + "/status", "--key", key, "--period", "2026-10", "--javascript"])) as? [String: Any])
        let chased = rows.filter { !($0["reminder"] as? String ?? "").isEmpty }.count
        #expect(scripted["copyButtons"] as? Int == chased + 1, "\(chased) reminders and a digest: \(scripted["copyButtons"] ?? "none")")
        #expect(scripted["copied"] as? String == "Đã chép")
    }

    /// The review loop as its people meet it: the department returns a commune's figures on the
    /// status page with a reason; the commune drops out of the ranking and its officer reads
    /// the reason on the upload page; its next file brings it back.
    @Test(.enabled(if: browserAvailable)) func aReturnIsMadeOnTheStatusPageAndReadOnTheUploadPage() async throws {
        let server = try ServerHarness()
        let province = try server.issueKey(["--province", "12"])
        let commune = try server.issueKey(["--commune", "03390"])
        #expect(try await server.upload(ServerTests.file("03390"), key: commune).status == 201)
        #expect(try await server.upload(ServerTests.file("03388"), key: province).status == 201)
        func ranked() throws -> [String] {
            let export = try ServerHarness.dti(["--db", server.databasePath, "export", "--period", "2026-10"])
            return export.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[2]) }
        }
        #expect(try ranked() == ["03388", "03390"])
        let reason = "Số hộ có cáp quang gấp ba tháng 9; kiểm tra lại"
        let stdout = try Self.drive("review_flow.py", [
            "--status-url", server.baseURL.absoluteString + "/status", "--upload-url", server.baseURL.absoluteString + "/",
            "--province-key", province, "--commune-key", commune, "--period", "2026-10", "--commune", "03390", "--reason", reason])
        let answer = try #require(try JSONSerialization.jsonObject(with: stdout) as? [String: Any])
        #expect((answer["done"] as? String)?.contains("Đã trả lại số liệu của xã 03390: \(reason)") == true, "\(answer)")
        let row = try #require(answer["row"] as? [String: String])
        #expect(row["class"] == "returned")
        #expect(row["status"] == "trả lại: \(reason)")
        #expect(row["note"]?.contains("trả lại lúc") == true, "\(row)")
        let page = try #require(answer["upload_page"] as? String)
        #expect(page.contains(reason) && page.contains("2026-10"), "\(page)")
        // Not ranked while returned; the status document says why.
        #expect(try ranked() == ["03388"])
        let status = try await server.send("GET", "/api/v1/provinces/12/status?period=2026-10",
                                           template: "/api/v1/provinces/{code}/status", key: province, contentType: nil)
        let communes = ((status.json["provinces"] as? [[String: Any]])?.first?["communes"] as? [[String: Any]]) ?? []
        let returned = try #require(communes.first { $0["code"] as? String == "03390" })
        #expect(returned["status"] as? String == "returned")
        #expect((returned["returned"] as? [String: Any])?["reason"] as? String == reason)
        // The commune's next file answers the return: ranked again, nothing returned any more.
        var figures = TestData.goodFigures
        figures[5] = 1700
        #expect(try await server.upload(ServerTests.file("03390", figures: figures), key: commune).status == 201)
        #expect(try ranked() == ["03388", "03390"] || ranked() == ["03390", "03388"])
        let returns = try await server.send("GET", "/api/v1/returns", template: "/api/v1/returns", key: commune, contentType: nil)
        #expect(returns.status == 200)
        #expect((returns.json["returns"] as? [Any])?.isEmpty == true, "\(returns.text)")
    }
}
