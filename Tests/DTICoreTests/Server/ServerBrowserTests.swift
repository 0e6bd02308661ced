import DTICore
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

    @Test func theBrowserIsThereWhenCIAsksForIt() {
        #expect(!Self.required || Self.browserAvailable,
                "DTI_REQUIRE_BROWSER=1 but chromium, chromium-driver or python3-selenium is missing")
    }

    @Test(.enabled(if: browserAvailable)) func anOfficerSendsAGoodFileABadFileAndUsesAWrongKey() throws {
        let server = try ServerHarness()
        let key = try server.issueKey(["--commune", "03390"])
        let good = server.folder.appendingPathComponent("xã bình lư 10-2026.csv")
        try Data(ServerTests.file("03390")).write(to: good)
        var figures = TestData.goodFigures.map(String.init)
        figures[2] = "mười"
        let bad = server.folder.appendingPathComponent("sai.csv")
        try Data(TestData.csv([TestData.canonicalHeader, (["03390", "2026-10"] + figures).joined(separator: ",")])).write(to: bad)

        let browser = Process()
        browser.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        browser.arguments = ["python3", TestData.packageRoot.appendingPathComponent("Tests/browser/upload_page.py").path,
                             "--url", server.baseURL.absoluteString + "/", "--key", key,
                             good.path, bad.path, "KEY=dti_wrong:\(bad.path)"]
        let out = Pipe(), err = Pipe()
        browser.standardOutput = out
        browser.standardError = err
        try browser.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        browser.waitUntilExit()
        #expect(browser.terminationStatus == 0, "\(stderr)")
        let answers = try #require(try JSONSerialization.jsonObject(with: stdout) as? [[String: String]])
        #expect(answers.count == 3)

        // The good file: accepted, its Unicode name intact, the row listed as new.
        #expect(answers[0]["class"] == "ok")
        let accepted = answers[0]["text"] ?? ""
        #expect(accepted.contains("Đã nhận tệp xã bình lư 10-2026.csv"), "\(accepted)")
        #expect(accepted.contains("2 Xã Bình Lư (03390) tháng 10/2026 1 mới"), "\(accepted)")
        #expect(try server.store().currentSubmissions(for: Period("2026-10")!)["03390"]?.figures.values == TestData.goodFigures)

        // The bad file: refused, with the line, the column and the Vietnamese message.
        #expect(answers[1]["class"] == "bad")
        let refused = answers[1]["text"] ?? ""
        #expect(refused.contains("Tệp sai.csv bị từ chối"), "\(refused)")
        #expect(refused.contains("2 villages_fibre “villages_fibre” phải là số nguyên"), "\(refused)")

        // A wrong key: the plain-words answer, and nothing stored.
        #expect(answers[2]["class"] == "bad")
        #expect(answers[2]["text"]?.contains("Khoá truy cập không đúng") == true)
        #expect(try server.counts() == (2, 1))
    }
}
