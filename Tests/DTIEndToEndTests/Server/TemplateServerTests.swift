import DTICore
import DTITestSupport
import DTISQLite
import Foundation
import Testing

/// The template over HTTP: a commune's key downloads its own unit's template, fills it and
/// sends it back as it is.
struct TemplateServerTests {
    typealias T = TestData

    /// The template of `key` for `period`, filled with `figures` in its first data row (openpyxl).
    static func filledTemplate(_ server: ServerHarness, key: String, period: String, figures: [Int]) async throws -> (URL, ServerHarness.Reply) {
        let reply = try await server.send("GET", "/api/v1/template?period=\(period)", template: "/api/v1/template", key: key)
        let blank = server.folder.appendingPathComponent("blank.xlsx")
        try reply.body.write(to: blank)
        let filled = server.folder.appendingPathComponent("Bình Lư \(period).xlsx")
        _ = try WorkbookTests.python("""
            import sys, openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            for index, value in enumerate(sys.argv[3].split(",")):
                book.worksheets[0].cell(row=3, column=4 + index, value=int(value))
            book.save(sys.argv[2])
            """, [blank.path, filled.path, figures.map(String.init).joined(separator: ",")])
        return (filled, reply)
    }

    @Test func aCommuneKeyDownloadsItsTemplateAndSendsItBackFilled() async throws {
        let server = try ServerHarness()
        let key = try server.issueKey(["--commune", "03390"])
        let (filled, reply) = try await Self.filledTemplate(server, key: key, period: "2026-10", figures: WorkbookTests.november)
        #expect(reply.status == 200)
        #expect(reply.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        #expect(reply.headers["content-disposition"] == #"attachment; filename="mau-bao-cao-2026-10-03390.xlsx""#)
        let rows = try T.workbookRows(server.folder.appendingPathComponent("blank.xlsx"), sheet: "Báo cáo")
        #expect(rows.count == 3 && rows[2].prefix(3) == ["03390", "Xã Bình Lư", "2026-10"])

        let upload = try await server.upload([UInt8](try Data(contentsOf: filled)), key: key,
                                             contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                             name: filled.lastPathComponent)
        #expect(upload.status == 201, "\(upload.text)")
        #expect(try server.store().currentSubmissions(for: Period("2026-10")!)["03390"]?.figures.list == WorkbookTests.november)

        // A wrong cell comes back named as Excel names it.
        var wrong = WorkbookTests.november
        wrong[2] = 99  // villages_fibre over villages_total
        let (bad, _) = try await Self.filledTemplate(server, key: key, period: "2026-10", figures: wrong)
        let refused = try await server.upload([UInt8](try Data(contentsOf: bad)), key: key, contentType: "application/octet-stream",
                                              name: bad.lastPathComponent)
        #expect(refused.status == 422)
        let errors = try #require(refused.json["errors"] as? [[String: Any]])
        #expect(errors.first?["cell"] as? String == "'Báo cáo'!F3", "\(errors)")
        #expect(errors.first?["sheet"] as? String == "Báo cáo")

        let admin = try server.issueKey(["--admin"])
        let none = try await server.send("GET", "/api/v1/template?period=2026-10", template: "/api/v1/template", key: admin)
        #expect((none.status, none.errorCode) == (404, "template-unavailable"))
        let badMonth = try await server.send("GET", "/api/v1/template?period=10-2026", template: "/api/v1/template", key: key)
        #expect((badMonth.status, badMonth.errorCode) == (400, "period-invalid"))
    }
}
