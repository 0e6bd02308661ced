import DTICore
import DTITestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// A national service: two `dti serve` over one PostgreSQL database, uploads to both at once,
/// one server killed mid-load. What was answered 201 is stored once; what the killed server
/// never answered is sent again to the other, as a load balancer would.
struct SharedDatabaseTests {
    /// One upload of the load: a commune's file, sent first to `server`.
    struct Upload: Sendable {
        var commune: String
        var bytes: [UInt8]
        var server: Int
        var round: Int
    }

    /// What became of an upload: the status of the answer that counted, and where it came from.
    struct Answer: Sendable {
        var upload: Upload
        var status: Int
        var answeredBy: Int
    }

    @Test(.enabled(if: StoreSchemaTests.url != nil)) func twoServersOneDatabaseAndOneKilledMidLoad() async throws {
        let database = try StoreBackend.postgres.databaseLocation(in: TestData.temporaryFolder())
        let register = TestData.packageRoot.appendingPathComponent("data/registers/vn_units_2026-04.csv").path
        #expect(try ServerHarness.dti(["--db", database, "units", "import", register]).status == 0)
        let servers = [try ServerHarness(["--requests-per-minute", "0"], database: database),
                       try ServerHarness(["--requests-per-minute", "0"], database: database)]
        let store = try servers[0].store()
        let directory = try store.unitDirectory()
        let communes = Array(try #require(directory.versions.last).units.map(\.communeCode).prefix(30))
        var keys: [String: String] = [:]
        for code in communes {
            keys[code] = try store.issueKey(for: .commune(code), knownUnits: directory).key
        }
        // Four files a commune, each a correction of the last (villages with fibre 5, 6, 7, 8),
        // alternating between the servers; the first file of every third commune goes to both
        // servers at once. 30 × 4 + 10 = 130 uploads, 8 in flight at a time.
        var uploads: [Upload] = []
        for round in 0..<4 {
            for (index, code) in communes.enumerated() {
                var figures = TestData.goodFigures
                figures[2] = 5 + round
                let bytes = ServerTests.file(code, figures: figures)
                let server = (index + round) % 2
                uploads.append(Upload(commune: code, bytes: bytes, server: server, round: round))
                if round == 0, index % 3 == 0 { uploads.append(Upload(commune: code, bytes: bytes, server: 1 - server, round: round)) }
            }
        }
        let killAfter = uploads.count / 3
        let answers = try await withThrowingTaskGroup(of: Answer.self) { group in
            var answers: [Answer] = []
            var (sent, inFlight) = (0, 0)
            // Rounds in order: a commune's corrections are sent one after another, as an officer does.
            for round in 0..<4 {
                for upload in uploads where upload.round == round {
                    if inFlight == 8, let answer = try await group.next() {
                        answers.append(answer)
                        inFlight -= 1
                    }
                    let key = keys[upload.commune]!
                    group.addTask {
                        // The killed server's uploads go to the other (a refused connection, or
                        // one cut before an answer).
                        for server in [upload.server, 1 - upload.server] {
                            if let reply = try? await servers[server].upload(upload.bytes, key: key) {
                                return Answer(upload: upload, status: reply.status, answeredBy: server)
                            }
                        }
                        return Answer(upload: upload, status: 0, answeredBy: -1)
                    }
                    (sent, inFlight) = (sent + 1, inFlight + 1)
                    if sent == killAfter { kill(servers[0].process.processIdentifier, SIGKILL) }
                }
                while let answer = try await group.next() { answers.append(answer) }
                inFlight = 0
            }
            return answers
        }
        servers[0].process.waitUntilExit()
        #expect(servers[0].process.terminationReason == .uncaughtSignal)
        #expect(answers.count == uploads.count)
        #expect(answers.allSatisfy { $0.status == 201 || $0.status == 200 }, "\(answers.filter { $0.status != 201 && $0.status != 200 }.map { "\($0.upload.commune) \($0.status)" })")
        #expect(answers.filter { $0.answeredBy == 1 }.count > uploads.count / 2, "the other server took the rest of the load")
        #expect(answers.contains { $0.upload.server == 0 && $0.answeredBy == 1 }, "uploads meant for the killed server went to the other")
        #expect(answers.contains { $0.upload.server == 0 && $0.answeredBy == 0 }, "the killed server answered some before it died")
        // The same bytes sent to both at once: one stored them, the other found them there.
        #expect(answers.filter { $0.status == 200 }.count >= 10)

        let reader = try servers[1].store()
        for code in communes {
            // Every revision once, none skipped: four corrections, four revisions.
            let revisions = try reader.revisions(communeCode: code, period: Period("2026-10")!)
            #expect(revisions.map(\.submission.revision) == [1, 2, 3, 4], "\(code)")
            #expect(revisions.map { $0.submission.figures[.villagesFibre] } == [5, 6, 7, 8], "\(code)")
            // Every file answered 201 is stored exactly once; the ones sent twice at once too.
            let accepted = try reader.uploads(byKeysOfCommune: code).filter(\.accepted).map(\.sha256)
            #expect(accepted.count == Set(accepted).count && accepted.count == 4, "\(code): \(accepted.count) accepted files")
        }
        #expect(try reader.integrityCheck() == "ok")
    }

    /// Two servers on one PostgreSQL database see the same review: a month closed through one
    /// is closed on the other, and a return made on one is refused there as made already.
    @Test(.enabled(if: StoreSchemaTests.url != nil)) func twoServersSeeTheSameClosingAndReturns() async throws {
        let database = try StoreBackend.postgres.databaseLocation(in: TestData.temporaryFolder())
        let register = TestData.packageRoot.appendingPathComponent("data/registers/vn_units_2026-04.csv").path
        #expect(try ServerHarness.dti(["--db", database, "units", "import", register]).status == 0)
        let servers = [try ServerHarness(database: database), try ServerHarness(database: database)]
        let province = try servers[0].issueKey(["--province", "12", "--label", "Sở KH&CN Lai Châu"])
        #expect(try await servers[0].upload(ServerTests.file("03390"), key: province).status == 201)
        func act(_ server: ServerHarness, _ body: String) async throws -> ServerHarness.Reply {
            try await server.send("POST", "/api/v1/review", template: "/api/v1/review", key: province,
                                  contentType: "application/json", body: Array(body.utf8))
        }
        let closed = try await act(servers[0], #"{"action": "close", "period": "2026-10"}"#)
        #expect(closed.status == 201, "\(closed.text)")
        #expect(closed.json["by"] as? String == "Sở KH&CN Lai Châu")
        let status = try await servers[1].send("GET", "/api/v1/provinces/12/status?period=2026-10",
                                               template: "/api/v1/provinces/{code}/status", key: province, contentType: nil)
        let closing = ((status.json["provinces"] as? [[String: Any]])?.first?["closed"] as? [String: Any])
        #expect(closing?["by"] as? String == "Sở KH&CN Lai Châu", "\(status.text.prefix(400))")
        let again = try await act(servers[1], #"{"action": "close", "period": "2026-10"}"#)
        #expect(again.status == 409 && again.errorCode == "review-refused", "\(again.text)")
        #expect(try await act(servers[1], #"{"action": "return", "period": "2026-10", "commune": "03390", "reason": "kiểm tra"}"#).status == 201)
        #expect(try await act(servers[0], #"{"action": "return", "period": "2026-10", "commune": "03390", "reason": "x"}"#).status == 409)
        // A commune's key may not review.
        let commune = try servers[0].issueKey(["--commune", "03390"])
        let refused = try await servers[0].send("POST", "/api/v1/review", template: "/api/v1/review", key: commune,
                                                contentType: "application/json",
                                                body: Array(#"{"action": "accept", "period": "2026-10", "commune": "03390"}"#.utf8))
        #expect(refused.status == 403 && refused.errorCode == "review-needs-province-key", "\(refused.text)")
    }
}
