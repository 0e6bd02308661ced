import DTICore
import DTITestSupport
import Foundation
import Testing

/// What a commune sends can neither stop the service nor speak for another unit: each case
/// against a real `dti serve`, which must still answer afterwards.
/// Nested in `ServerTests` (serialized): these send floods and bursts, and must not run beside
/// the timing tests of the server.
extension ServerTests {
@Suite struct HostileUploadTests {
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

    /// The workbooks of the regression corpus (damaged, crafted, floods), made by
    /// `scripts/make-hostile-workbooks.py` and kept in `Fixtures/fuzz`.
    static var hostileWorkbooks: [(name: String, bytes: [UInt8])] {
        TestData.fuzzCorpus.filter { $0.hasSuffix(".xlsx") }.map { ($0, T.fixture("fuzz/" + $0)) }
    }

    /// Under a 2 GB address-space limit, a burst of every hostile workbook at once leaves the
    /// server answering, and a good upload after it is stored within seconds: a server held by
    /// one of them would wait for its 20 s reading deadline. Alone it takes ~10 ms; 10 s leaves
    /// room for a CI machine whose two cores run the browser and LibreOffice suites beside it
    /// (one such run measured 5.1 s).
    @Test func aBurstOfHostileWorkbooksLeavesTheServerAnswering() async throws {
        let server = try ServerHarness(["--requests-per-minute", "0"], launcher: ["/usr/bin/prlimit", "--as=2147483648"])
        let key = try server.issueKey(["--province", "12"])
        let books = Self.hostileWorkbooks
        #expect(books.count >= 8)
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for book in books {
                group.addTask {
                    try await server.upload(book.bytes, key: key, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name: book.name).status
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.allSatisfy { [200, 201, 422].contains($0) }, "\(statuses)")
        let start = Date()
        let good = try await server.upload(ServerTests.file("03405"), key: key)
        #expect(good.status == 201, "\(good.text)")
        #expect(Date().timeIntervalSince(start) < 10, "the good upload waited \(Date().timeIntervalSince(start)) s")
        #expect(server.process.isRunning, "\(server.log.suffix(2000))")
    }

    /// `dti run` over an inbox that holds them finishes, stores the good files and writes reports.
    @Test func aRunOverHostileWorkbooksFinishesAndStoresTheGoodFiles() throws {
        let e2e = EndToEndTests()
        let folder = T.temporaryFolder()
        let inbox = folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        for book in Self.hostileWorkbooks { try Data(book.bytes).write(to: inbox.appendingPathComponent(book.name)) }
        try Data(T.csv([T.canonicalHeader, T.row("03405", "2026-10", T.goodFigures)])).write(to: inbox.appendingPathComponent("xa-03405.csv"))
        let register = T.packageRoot.appendingPathComponent("data/registers/vn_units_2026-04.csv").path
        #expect(try e2e.dti(["units", "import", register], in: folder).status == 0)
        let start = Date()
        let run = try e2e.dti(["run", "--inbox", inbox.path, "--period", "2026-10", "--out", folder.appendingPathComponent("out").path,
                               "--lang", "en"], in: folder)
        #expect(Date().timeIntervalSince(start) < 60)
        #expect(run.status == 65, "\(run.stderr)")
        for name in ["damaged-deflate.xlsx", "stored-crc-mismatch.xlsx", "duplicate-part.xlsx"] {
            #expect(run.stderr.contains("✗ \(name): refused"), "\(name): \(run.stderr)")
        }
        #expect(run.stderr.contains("shared-strings-flood.xlsx: error [workbook-too-large]"), "\(run.stderr)")
        #expect(run.stderr.contains("✓ xa-03405.csv"))
        let store = try StoreBackend.open(EndToEndTests.database(of: folder))
        let current = try store.currentSubmissions(for: Period("2026-10")!)
        #expect(current["03405"] != nil)
        #expect(current["03388"]?.figures.list[11] == 6734, "the valid variants are read, and never as 6737")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/2026-10/dti-2026-10-12-en.xlsx").path))
    }

    /// Every answer carries the security headers, a path no route answers included; methods
    /// the service does not answer get 405.
    @Test func everyAnswerCarriesTheSecurityHeadersAndUnknownMethodsGet405() async throws {
        let server = try ServerHarness()
        for (method, path, status) in [("GET", "/nothing-here", 404), ("HEAD", "/", 200), ("TRACE", "/", 405), ("PUT", "/api/v1/submissions", 405)] {
            let reply = try await server.send(method, path, key: nil, contentType: nil, documented: false)
            #expect(reply.status == status, "\(method) \(path)")
            #expect(reply.headers["x-frame-options"] == "DENY", "\(method) \(path): \(reply.headers)")
            #expect(reply.headers["content-security-policy"]?.contains("frame-ancestors 'none'") == true, "\(method) \(path)")
        }
    }

    /// Guessing keys at speed is answered 429 past 120 wrong keys a minute; a real key still works.
    @Test func wrongKeysAreThrottledAndRealKeysAreNot() async throws {
        let server = try ServerHarness()
        let key = try server.issueKey(["--commune", "03390"])
        let start = Date()
        let replies = try await withThrowingTaskGroup(of: ServerHarness.Reply.self) { group in
            for index in 0..<200 {
                group.addTask { try await server.upload(ServerTests.file("03390"), key: "dti_guess\(index)") }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        // 120 a minute, refilled evenly (2 a second) while the burst is answered.
        let refilled = Int(Date().timeIntervalSince(start) * 2) + 1
        let unauthorized = replies.count { $0.status == 401 }, throttled = replies.filter { $0.status == 429 }
        #expect(unauthorized + throttled.count == 200)
        #expect(unauthorized <= 120 + refilled, "\(unauthorized) wrong keys answered 401")
        #expect(!throttled.isEmpty && throttled.allSatisfy { $0.headers["retry-after"] != nil })
        #expect(try await server.upload(ServerTests.file("03390"), key: key).status == 201)
    }

    /// A key may leave only so many bytes of refused files a day: past the quota a refused
    /// upload is 429 and stored nowhere; the same bytes again cost nothing, a good file still loads.
    @Test func refusedFilesHaveAQuotaPerKey() async throws {
        let server = try ServerHarness(["--refused-kib-per-day", "2"])
        let key = try server.issueKey(["--commune", "03390"])
        var wrong = T.goodFigures
        wrong[2] = 14
        func refused(_ note: Int) -> [UInt8] {
            T.csv([T.canonicalHeader + ",notes", T.row("03390", "2026-10", wrong) + ",\"" + String(repeating: "x", count: 600) + "\(note)\""])
        }
        #expect(try await server.upload(refused(1), key: key).status == 422)
        #expect(try await server.upload(refused(2), key: key).status == 422)
        #expect(try await server.upload(refused(1), key: key).status == 422, "the same bytes again take no more room")
        let over = try await server.upload(refused(3), key: key)
        #expect(over.status == 429, "\(over.text)")
        #expect(over.errorCode == "refused-quota-exceeded")
        #expect(over.headers["retry-after"] == "3600")
        #expect(try server.counts().files == 3)
        #expect(try await server.upload(ServerTests.file("03390"), key: key).status == 201)
    }
}
}
