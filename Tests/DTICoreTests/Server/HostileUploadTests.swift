import DTICore
import Foundation
import Testing

/// What a commune sends can neither stop the service nor speak for another unit: each case
/// against a real `dti serve`, which must still answer afterwards.
@Suite(.serialized)
struct HostileUploadTests {
    typealias T = TestData

    /// One refused batch file naming two communes of the province made the status page trap
    /// (a dictionary built with unique keys from the communes' refused-file ids) and took the
    /// server down with every upload in flight.
    @Test func aRefusedBatchFileNamingSeveralCommunesLeavesTheStatusPageStanding() async throws {
        let server = try ServerHarness()
        let province = try server.issueKey(["--province", "12"])
        var wrong = T.goodFigures
        wrong[2] = 14  // 14 of 12 villages on fibre
        let batch = T.csv([T.canonicalHeader, T.row("03388", "2026-10", wrong), T.row("03390", "2026-10", wrong),
                           T.row("03394", "2026-10", T.goodFigures)])
        let refused = try await server.upload(batch, key: province, name: "xa-lo-10.csv")
        #expect(refused.status == 422, "\(refused.text)")
        for _ in 0..<2 {
            let page = try await server.send("POST", "/status", key: nil, contentType: "application/x-www-form-urlencoded",
                                             body: StatusPageTests.form(["key": province, "period": "2026-10"]))
            #expect(page.status == 200, "\(page.text.prefix(300))")
            #expect(page.text.contains(#"<tr class="refused-waiting" id="commune-03388">"#))
            #expect(page.text.contains(#"<tr class="refused-waiting" id="commune-03390">"#))
        }
        // Still serving: a good upload is stored.
        #expect(try await server.upload(ServerTests.file("03405"), key: province).status == 201)
    }

    /// A refused file is kept with the communes it names, and shows in their month's state:
    /// a key may not make it name anyone else's. 403, nothing stored, nobody marked.
    @Test func aRefusedFileNamingOtherUnitsIsForbiddenAndMarksNobody() async throws {
        let server = try ServerHarness()
        let commune = try server.issueKey(["--commune", "03390"])
        let admin = try server.issueKey(["--admin"])
        var wrong = T.goodFigures
        wrong[2] = 14
        // Its own row and rows of a commune of the province and of Hà Nội, all refused.
        let file = T.csv([T.canonicalHeader, T.row("03390", "2026-10", wrong), T.row("03388", "2026-10", wrong),
                          T.row("00004", "2026-10", wrong)])
        let reply = try await server.upload(file, key: commune, name: "tat-ca.csv")
        #expect(reply.status == 403, "\(reply.text)")
        #expect(reply.errorCode == "rows-outside-key-scope")
        #expect(try server.counts().files == 0, "nothing of a forbidden file is stored")
        let status = try await server.send("GET", "/api/v1/provinces/12/status?period=2026-10",
                                           template: "/api/v1/provinces/{code}/status", key: admin)
        let communes = try #require((status.json["provinces"] as? [[String: Any]])?.first?["communes"] as? [[String: Any]])
        #expect(communes.allSatisfy { $0["status"] as? String == "nothing-received" }, "\(status.text.prefix(500))")
        // Its own refused file counts for it alone.
        let own = try await server.upload(T.csv([T.canonicalHeader, T.row("03390", "2026-10", wrong)]), key: commune, name: "sai.csv")
        #expect(own.status == 422)
        let after = try await server.send("GET", "/api/v1/provinces/12/status?period=2026-10",
                                          template: "/api/v1/provinces/{code}/status", key: admin)
        let waiting = ((after.json["provinces"] as? [[String: Any]])?.first?["communes"] as? [[String: Any]] ?? [])
            .filter { $0["status"] as? String == "refused-waiting" }.compactMap { $0["code"] as? String }
        #expect(waiting == ["03390"])
    }
}
