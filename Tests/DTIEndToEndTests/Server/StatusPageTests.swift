import DTICore
import DTITestSupport
import DTISQLite
import Foundation
import Testing

/// The state of the month over HTTP: the JSON twin of `dti status` and the department's page,
/// on a real `dti serve` over the hand-built October of `MonthStatusTests`.
@Suite(.serialized)
struct StatusPageTests {
    typealias T = TestData

    /// A server whose database holds October, one refused file with a name that is HTML, and
    /// the reports `dti report` wrote.
    static func october() throws -> ServerHarness {
        let folder = T.temporaryFolder()
        let reports = folder.appendingPathComponent("reports")
        let server = try ServerHarness(["--reports", reports.path], folder: folder)
        var wrong = T.goodFigures
        wrong[2] = 14
        let inbox = folder.appendingPathComponent("inbox")
        try MonthStatusTests.writeFiles(into: inbox, extra: [("<b>x<b>.csv", "03430", wrong, "2026-11-02T03:00:00Z")])
        let ingest = try ServerHarness.dti(["--db", server.databasePath, "ingest", "--period", "2026-10", inbox.path])
        #expect(ingest.status == 65, "\(ingest.stderr)")
        let report = try ServerHarness.dti(["--db", server.databasePath, "report", "--period", "2026-10", "--province", "12",
                                            "--out", reports.path])
        #expect(report.status == 0, "\(report.stderr)")
        return server
    }

    @Test func theJSONTwinAnswersProvinceAndAdministratorKeysOnly() async throws {
        let server = try Self.october()
        let province = try server.issueKey(["--province", "12"])
        let admin = try server.issueKey(["--admin"])
        let commune = try server.issueKey(["--commune", "03388"])
        let other = try server.issueKey(["--province", "01"])
        let template = "/api/v1/provinces/{code}/status"

        for key in [province, admin] {
            let reply = try await server.send("GET", "/api/v1/provinces/12/status?period=2026-10", template: template, key: key)
            #expect(reply.status == 200, "\(reply.text)")
            let provinces = try #require(reply.json["provinces"] as? [[String: Any]])
            #expect(provinces.count == 1)
            #expect(provinces[0]["expected"] as? Int == 38 && provinces[0]["accepted"] as? Int == 5 && provinces[0]["onTime"] as? Int == 3)
            let communes = try #require(provinces[0]["communes"] as? [[String: Any]])
            let byCode = Dictionary(uniqueKeysWithValues: communes.map { ($0["code"] as! String, $0) })
            #expect(byCode["03394"]?["status"] as? String == "corrected-on-time")
            #expect(byCode["03405"]?["status"] as? String == "refused-waiting")
            #expect(byCode["03405"]?["errors"] as? Int == 1)
            #expect(byCode["03430"]?["file"] as? String == "<b>x<b>.csv")
            #expect(reply.json["deadline"] as? String == "2026-11-05T17:00:00Z")
        }
        // The CLI prints the same document for the same province.
        let cli = try ServerHarness.dti(["--db", server.databasePath, "status", "--period", "2026-10", "--province", "12",
                                         "--format", "json"])
        let api = try await server.send("GET", "/api/v1/provinces/12/status?period=2026-10", template: template, key: admin)
        #expect(try JSONSerialization.jsonObject(with: Data(cli.stdout.utf8)) as? NSDictionary == api.json as NSDictionary)

        for (key, status, code) in [(commune, 403, "province-outside-key-scope"), (other, 403, "province-outside-key-scope"),
                                    ("dti_nope", 401, "key-unknown")] {
            let reply = try await server.send("GET", "/api/v1/provinces/12/status?period=2026-10", template: template, key: key)
            #expect((reply.status, reply.errorCode) == (status, code), "\(reply.text)")
        }
        let badMonth = try await server.send("GET", "/api/v1/provinces/12/status?period=2026-13", template: template, key: admin)
        #expect((badMonth.status, badMonth.errorCode) == (400, "period-invalid"))
        let noProvince = try await server.send("GET", "/api/v1/provinces/99/status?period=2026-10", template: template, key: admin)
        #expect((noProvince.status, noProvince.errorCode) == (404, "province-unknown"))
        // An administrator key sends nothing.
        let upload = try await server.upload(ServerTests.file("03388"), key: admin)
        #expect(upload.status == 403, "\(upload.text)")
    }

    static func form(_ fields: [String: String]) -> [UInt8] {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._")
        return Array(fields.sorted { $0.key < $1.key }.map {
            "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&").utf8)
    }

    @Test func thePageEscapesWhatCommunesSentAndOffersTheReports() async throws {
        let server = try Self.october()
        let province = try server.issueKey(["--province", "12"])
        let page = try await server.send("POST", "/status", key: nil, contentType: "application/x-www-form-urlencoded",
                                         body: Self.form(["key": province, "period": "2026-10"]))
        #expect(page.status == 200, "\(page.text.prefix(500))")
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.headers["cache-control"] == "no-store")
        let html = page.text
        #expect(html.contains("&lt;b&gt;x&lt;b&gt;.csv") && !html.contains("<b>x"))
        #expect(html.contains(#"<tr class="refused-waiting" id="commune-03405">"#))
        #expect(html.contains("Tỷ lệ báo cáo (đã nhận ÷ phải nộp)"))
        #expect(html.contains("5 / 38 (13,16 %)") && html.contains("3 / 38 (7,89 %)"))
        // Usable without JavaScript: the one script only shows the copy buttons, hidden until then.
        #expect(html.components(separatedBy: "<script").count == 2 && html.contains(#"<button type="button" class="copy" hidden"#))

        let workbook = try await server.send("POST", "/status/report", key: nil, contentType: "application/x-www-form-urlencoded",
                                             body: Self.form(["key": province, "period": "2026-10", "format": "xlsx"]))
        #expect(workbook.status == 200)
        #expect(workbook.headers["content-disposition"] == #"attachment; filename="dti-2026-10-12.xlsx""#)
        let written = server.folder.appendingPathComponent("reports/2026-10/dti-2026-10-12.xlsx")
        #expect(workbook.body == (try Data(contentsOf: written)))
        let none = try await server.send("POST", "/status/report", key: nil, contentType: "application/x-www-form-urlencoded",
                                         body: Self.form(["key": province, "period": "2026-09", "format": "md"]))
        #expect(none.status == 404)

        let commune = try server.issueKey(["--commune", "03388"])
        let refused = try await server.send("POST", "/status", key: nil, contentType: "application/x-www-form-urlencoded",
                                            body: Self.form(["key": commune, "period": "2026-10", "lang": "en"]))
        #expect(refused.status == 403)
        #expect(refused.text.contains("A commune&#39;s key only sends reports"), "\(refused.text.suffix(800))")
        let wrong = try await server.send("POST", "/status", key: nil, contentType: "application/x-www-form-urlencoded",
                                          body: Self.form(["key": "dti_wrong", "period": "2026-10"]))
        #expect(wrong.status == 401)
        #expect(wrong.text.contains("Khoá truy cập không đúng"))
    }

    /// The page's review form: a month closed there is said on the page (who, when, what waits),
    /// and an open one says nothing of a closing.
    @Test func theReviewFormClosesTheMonthAndThePageSaysSo() async throws {
        let server = try Self.october()
        let province = try server.issueKey(["--province", "12", "--label", "Phòng CĐS"])
        let ask = ["key": province, "period": "2026-10", "lang": "vi"]
        let open = try await server.send("POST", "/status", key: nil, contentType: "application/x-www-form-urlencoded",
                                         body: Self.form(ask))
        #expect(open.status == 200 && !open.text.contains("class=\"closed\"") && open.text.contains("id=\"review\""))
        let closed = try await server.send("POST", "/status/review", key: nil, contentType: "application/x-www-form-urlencoded",
                                           body: Self.form(ask.merging(["action": "close", "province": "12"]) { $1 }))
        #expect(closed.status == 200, "\(closed.text.prefix(300))")
        #expect(closed.text.contains("Đã chốt số liệu của tỉnh 12."), "\(closed.text.prefix(2000))")
        #expect(closed.text.contains("(Phòng CĐS): báo cáo giữ nguyên; 0 thay đổi chờ duyệt."))
        #expect(closed.text.contains("<option value=\"reopen\">"), "the form now offers to reopen")
        let twice = try await server.send("POST", "/status/review", key: nil, contentType: "application/x-www-form-urlencoded",
                                          body: Self.form(ask.merging(["action": "close", "province": "12"]) { $1 }))
        #expect(twice.status == 409 && twice.text.contains("đã chốt rồi"), "\(twice.text.prefix(300))")
    }
}
