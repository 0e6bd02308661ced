import DTICore
import DTITestSupport
import DTISQLite
import Foundation
import Testing

/// `dti serve` over real HTTP on loopback: a real server process, a real client.
@Suite(.serialized)
struct ServerTests {
    /// A one-commune file for the 2026-10 register communes of Lai Châu.
    static func file(_ code: String, figures: [Int] = TestData.goodFigures, notes: String? = nil) -> [UInt8] {
        let header = TestData.canonicalHeader + (notes == nil ? "" : ",notes")
        let row = TestData.row(code, "2026-10", figures) + (notes.map { "," + $0 } ?? "")
        return TestData.csv([header, row])
    }

    /// The SHA-256 of `bytes` by the system's sha256sum, not by dti's code.
    static func systemSHA256(_ bytes: [UInt8]) throws -> String {
        let file = TestData.temporaryFolder().appendingPathComponent("body")
        try Data(bytes).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [file.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix(64))
    }

    /// The bytes stored for the file with `sha256`.
    static func storedContent(_ harness: ServerHarness, sha256: String) throws -> [UInt8]? {
        try harness.store().originalBytes(sha256: sha256)
    }

    @Test func anAcceptedUploadAnswers201WithAReceiptAndKeepsTheBytes() async throws {
        let server = try ServerHarness()
        let key = try server.issueKey(["--commune", "03390"])
        let bytes = Self.file("03390")
        let reply = try await server.upload(bytes, key: key, name: "b%C3%ACnh-l%C6%B0-10.csv")
        #expect(reply.status == 201, "\(reply.text)")
        let json = reply.json
        #expect(json["status"] as? String == "accepted")
        let file = try #require(json["file"] as? [String: Any])
        #expect(file["sha256"] as? String == (try Self.systemSHA256(bytes)))
        #expect(file["name"] as? String == "bình-lư-10.csv")
        #expect(file["bytes"] as? Int == bytes.count)
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["line"] as? Int == 2)
        #expect(rows.first?["communeCode"] as? String == "03390")
        #expect(rows.first?["period"] as? String == "2026-10")
        // The receipt names the unit credited and the month as an officer reads them.
        #expect(rows.first?["communeName"] as? String == "Xã Bình Lư")
        #expect((rows.first?["periodName"] as? [String: String])?["vi"] == "tháng 10/2026")
        #expect(rows.first?["revision"] as? Int == 1)
        #expect(rows.first?["result"] as? String == "new")
        #expect(try Self.storedContent(server, sha256: Self.systemSHA256(bytes)) == bytes)
        let stored = try server.store().currentSubmissions(for: Period("2026-10")!)
        #expect(stored["03390"]?.figures.list == TestData.goodFigures)

        // The same bytes again: nothing new. Other figures: a correction, revision 2.
        let again = try await server.upload(bytes, key: key)
        #expect(again.status == 200)
        #expect(again.json["status"] as? String == "already-received")
        var corrected = TestData.goodFigures
        corrected[2] = 10
        let correction = try await server.upload(Self.file("03390", figures: corrected), key: key)
        #expect(correction.status == 201)
        let correctedRow = try #require((correction.json["rows"] as? [[String: Any]])?.first)
        #expect(correctedRow["revision"] as? Int == 2)
        #expect(correctedRow["result"] as? String == "correction")
        #expect(try server.store().revisions(communeCode: "03390").map(\.submission.figures.list) == [TestData.goodFigures, corrected])
    }

    @Test func aRefusedUploadAnswers422WithLineColumnRuleInBothLanguagesAndKeepsTheBytes() async throws {
        let server = try ServerHarness()
        let key = try server.issueKey(["--commune", "03390"])
        // Line 2, column 5 (villages_fibre) is not a number; line 3, column 7 (households_total) is negative.
        var figures = TestData.goodFigures.map(String.init)
        figures[2] = "mười"
        var september = TestData.goodFigures.map(String.init)
        september[4] = "-2400"
        let bytes = TestData.csv([TestData.canonicalHeader, (["03390", "2026-10"] + figures).joined(separator: ","),
                                  (["03390", "2026-09"] + september).joined(separator: ",")])
        let reply = try await server.upload(bytes, key: key)
        #expect(reply.status == 422, "\(reply.text)")
        #expect(reply.json["status"] as? String == "refused")
        #expect((reply.json["rows"] as? [Any])?.isEmpty == true)
        let errors = try #require(reply.json["errors"] as? [[String: Any]])
        let notNumber = try #require(errors.first { ($0["column"] as? Int) == 5 })
        #expect(notNumber["line"] as? Int == 2)
        #expect(notNumber["columnName"] as? String == "villages_fibre")
        #expect((notNumber["rule"] as? String)?.isEmpty == false)
        let message = try #require(notNumber["message"] as? [String: String])
        #expect(message["vi"]?.contains("mười") == true)
        #expect(message["en"]?.contains("mười") == true)
        #expect(errors.contains { ($0["column"] as? Int) == 7 && ($0["line"] as? Int) == 3 }, "\(errors)")
        #expect(try Self.storedContent(server, sha256: Self.systemSHA256(bytes)) == bytes)
        #expect(try server.counts().rows == 0)
    }

    /// A refused file sent again is judged again: the same errors, not an empty list.
    @Test func aRefusedUploadSentAgainShowsItsErrorsAgain() async throws {
        let server = try ServerHarness()
        let key = try server.issueKey(["--commune", "03390"])
        var figures = TestData.goodFigures
        figures[2] = 14  // villages_fibre over villages_total
        let bytes = Self.file("03390", figures: figures)
        for _ in 0..<2 {
            let reply = try await server.upload(bytes, key: key)
            #expect(reply.status == 422, "\(reply.text)")
            let errors = try #require(reply.json["errors"] as? [[String: Any]])
            #expect(errors.map { $0["rule"] as? String } == ["part-exceeds-total"])
        }
        #expect(try server.counts().files == 2)  // both attempts are in the audit trail
    }

    /// A, then a wrong correction B, then A again: A's figures are current again.
    @Test func sendingABAgainOverHTTPMakesAsFiguresCurrentAgain() async throws {
        let server = try ServerHarness()
        let key = try server.issueKey(["--commune", "03390"])
        var wrong = TestData.goodFigures
        wrong[2] = 3
        let a = Self.file("03390"), b = Self.file("03390", figures: wrong)
        #expect(try await server.upload(a, key: key).status == 201)
        #expect(try await server.upload(b, key: key).status == 201)
        let again = try await server.upload(a, key: key)
        #expect(again.status == 201, "\(again.text)")
        let row = try #require((again.json["rows"] as? [[String: Any]])?.first)
        #expect(row["result"] as? String == "correction" && row["revision"] as? Int == 3)
        #expect(try server.store().currentSubmissions(for: Period("2026-10")!)["03390"]?.figures.list == TestData.goodFigures)
        let twice = try await server.upload(a, key: key)
        #expect(twice.status == 200 && twice.json["status"] as? String == "already-received")
    }

    /// A key stands for its unit as the register of its issue defines it: 03390 was Thị trấn
    /// Tam Đường before the reform and is Xã Bình Lư now. Today's key neither writes nor reads
    /// the town's 2025 figures, but reaches Bình Lư's months under the 2025-07 register, which
    /// names the same commune. No answer carries a server path.
    @Test func aKeyReachesOnlyItsOwnUnitAcrossRegisters() async throws {
        let server = try ServerHarness()
        for register in ["vn_units_2025-03.csv", "vn_units_2025-07.csv"] {
            let path = TestData.packageRoot.appendingPathComponent("data/registers/" + register).path
            #expect(try ServerHarness.dti(["--db", server.databasePath, "units", "import", path]).status == 0)
        }
        let key = try server.issueKey(["--commune", "03390"])
        let town = TestData.csv([TestData.canonicalHeader, TestData.row("03390", "2025-03", TestData.goodFigures)])
        let refused = try await server.upload(town, key: key)
        #expect(refused.status == 403, "\(refused.text)")
        #expect((refused.json["issues"] as? [[String: Any]])?.first?["rule"] as? String == "row-outside-key-scope")
        let commune = TestData.csv([TestData.canonicalHeader, TestData.row("03390", "2025-09", TestData.goodFigures)])
        #expect(try await server.upload(commune, key: key).status == 201)
        // The town's figures, loaded by the department from its inbox, stay out of the key's reading.
        let inbox = TestData.temporaryFolder().appendingPathComponent("bao-cao-2025.csv")
        try Data(TestData.csv([TestData.canonicalHeader, TestData.row("03390", "2025-03", TestData.goodFigures),
                               TestData.row("03390", "2025-10", TestData.goodFigures)])).write(to: inbox)
        let ingest = try ServerHarness.dti(["--db", server.databasePath, "--indicators",
                                            TestData.packageRoot.appendingPathComponent("indicators").path,
                                            "ingest", "--period", "2026-10", inbox.path])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let read = try await server.send("GET", "/api/v1/communes/03390/submissions",
                                         template: "/api/v1/communes/{code}/submissions", key: key, contentType: nil)
        #expect(read.status == 200)
        let periods = (read.json["submissions"] as? [[String: Any]])?.compactMap { $0["period"] as? String }
        #expect(periods == ["2025-09", "2025-10"], "\(read.text)")
        let sources = (read.json["submissions"] as? [[String: Any]])?.compactMap { $0["source"] as? String }
        #expect(sources?.last == "bao-cao-2025.csv")
        #expect(!read.text.contains(inbox.deletingLastPathComponent().path))
    }

    /// A reading waits for no write: while another process holds the write lock and an upload
    /// waits for it, a commune's history is answered at once (it has its own connection).
    @Test func aReadIsAnsweredWhileAnUploadWaitsForTheWriteLock() async throws {
        let server = try ServerHarness()
        let key = try server.issueKey(["--commune", "03390"])
        #expect(try await server.upload(Self.file("03390"), key: key).status == 201)
        let holder = try TestData.holdWriteLock(on: server.databasePath, seconds: 4)
        var figures = TestData.goodFigures
        figures[2] = 10
        async let waiting = server.upload(Self.file("03390", figures: figures), key: key)
        try await Task.sleep(for: .milliseconds(300))
        let start = ContinuousClock.now
        let read = try await server.send("GET", "/api/v1/communes/03390/submissions",
                                         template: "/api/v1/communes/{code}/submissions", key: key, contentType: nil)
        let elapsed = start.duration(to: .now)
        #expect(read.status == 200)
        // The lock is held 4 s from 0.3 s before the read: a read that waited for it would
        // take over 3.5 s; 2.5 s leaves room for a loaded machine.
        #expect(elapsed < .seconds(2.5), "the read took \(elapsed)")
        #expect(try await waiting.status == 201)  // the upload lands once the lock is released
        holder.waitUntilExit()
    }

    /// A full disk under `serve`: 503 with the documented JSON and Retry-After, nothing
    /// stored, the cause in the log; once there is room again the same file is accepted.
    @Test(.enabled(if: EndToEndTests.canMountTmpfs(), "needs root to mount a small tmpfs"))
    func aFullDiskAnswers503WithRetryAfterAndNothingStored() async throws {
        let disk = TestData.temporaryFolder()
        #expect(EndToEndTests.shell("mount -t tmpfs -o size=4m tmpfs '\(disk.path)'") == 0)
        defer { _ = EndToEndTests.shell("umount -l '\(disk.path)'") }
        let server = try ServerHarness(folder: disk)
        let key = try server.issueKey(["--commune", "03390"])
        #expect(EndToEndTests.shell("dd if=/dev/zero of='\(disk.path)/filler' bs=4k 2>/dev/null; true") == 0)
        var figures = TestData.goodFigures
        figures[2] = 11
        let bytes = Self.file("03390", figures: figures, notes: String(repeating: "ghi chú dài ", count: 150))
        let reply = try await server.upload(bytes, key: key)
        #expect(reply.status == 503, "\(reply.text)")
        #expect(reply.errorCode == "service-unavailable")
        #expect(reply.headers["retry-after"] == "60")
        #expect(((reply.json["error"] as? [String: Any])?["message"] as? [String: String])?["vi"]?.contains("CHƯA được nhận") == true)
        #expect(server.log.contains("store fault"))
        try FileManager.default.removeItem(at: disk.appendingPathComponent("filler"))
        #expect(try server.counts().rows == 0)
        #expect(try await server.upload(bytes, key: key).status == 201)
    }

    /// 400 idle connections against a server allowed 256 descriptors: it stays below the
    /// limit (no accept loop spinning), and a real upload is answered within a second.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit"), "needs prlimit (util-linux)"))
    func aFloodOfIdleConnectionsNeitherStarvesTheServerNorLocksOutAnUpload() async throws {
        let server = try ServerHarness(launcher: ["/usr/bin/prlimit", "--nofile=256:256"])
        let key = try server.issueKey(["--commune", "03390"])
        let flood = Process()
        flood.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        flood.arguments = ["python3", "-c", """
            import socket, sys, time
            held = []
            for _ in range(400):
                s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
                held.append(s)
            print("held", flush=True)
            time.sleep(8)
            """, String(server.port)]
        let out = Pipe()
        flood.standardOutput = out
        try flood.run()
        defer { flood.terminate() }
        _ = out.fileHandleForReading.availableData  // “held”
        func cpuSeconds() -> Double {
            let stat = (try? String(contentsOfFile: "/proc/\(server.process.processIdentifier)/stat", encoding: .utf8)) ?? ""
            let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
            guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
            return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
        }
        let before = cpuSeconds()
        try await Task.sleep(for: .seconds(2))
        #expect(cpuSeconds() - before < 0.5, "the server kept a core busy while the flood was held")
        let start = ContinuousClock.now
        let reply = try await server.upload(Self.file("03390"), key: key)
        #expect(reply.status == 201, "\(reply.text)")
        // The flood is held 8 s, 6 more from here: an upload that waited for it to end would
        // take over 5 s; 4 s leaves room for a loaded machine.
        #expect(start.duration(to: .now) < .seconds(4), "the upload took \(start.duration(to: .now))")
        #expect(server.log.contains("limit=192"), "\(server.log.prefix(500))")
    }

    @Test func missingWrongAndRevokedKeysAnswer401AndStoreNothing() async throws {
        let server = try ServerHarness()
        let key = try server.issueKey(["--commune", "03390"])
        let bytes = Self.file("03390")
        let missing = try await server.upload(bytes, key: nil)
        #expect(missing.status == 401)
        #expect(missing.errorCode == "key-missing")
        #expect(missing.headers["www-authenticate"] == "Bearer")
        let wrong = try await server.upload(bytes, key: key.dropLast() + (key.hasSuffix("A") ? "B" : "A"))
        #expect(wrong.status == 401)
        #expect(wrong.errorCode == "key-unknown")
        let basic = try await server.send("POST", "/api/v1/submissions", key: nil, body: bytes,
                                          headers: ["Authorization": "Basic \(Data(key.utf8).base64EncodedString())"])
        #expect(basic.errorCode == "key-missing")

        let listed = try ServerHarness.dti(["--db", server.databasePath, "keys", "list"]).stdout
        let prefix = String(key.prefix(12))
        #expect(listed.contains(prefix) && !listed.contains(key), "the list shows the prefix, never the key")
        #expect(try ServerHarness.dti(["--db", server.databasePath, "keys", "revoke", prefix]).status == 0)
        let revoked = try await server.upload(bytes, key: key)
        #expect(revoked.status == 401)
        #expect(revoked.errorCode == "key-revoked")
        let listing = try await server.send("GET", "/api/v1/communes/03390/submissions",
                                            template: "/api/v1/communes/{code}/submissions", key: key)
        #expect(listing.status == 401)
        #expect(try server.counts().files == 0)
        // Only the hash is stored.
        let stored = try DTIStore(path: server.databasePath, create: false).inspect("SELECT sha256 || prefix AS stored FROM upload_key")
        #expect(stored.count == 1 && !stored[0]["stored"]!.contains(key))
    }

    @Test func aCommuneKeySendsAndReadsItsOwnRowsOnlyAndAProvinceKeyItsCommunes() async throws {
        let server = try ServerHarness()
        let binhLu = try server.issueKey(["--commune", "03390"])
        let laiChau = try server.issueKey(["--province", "12"])
        // Bình Lư's key with a file that also holds Đoàn Kết's row: 403, names line 3, stores nothing.
        let mixed = TestData.csv([TestData.canonicalHeader, TestData.row("03390", "2026-10", TestData.goodFigures),
                                  TestData.row("03388", "2026-10", TestData.goodFigures)])
        let forbidden = try await server.upload(mixed, key: binhLu)
        #expect(forbidden.status == 403)
        #expect(forbidden.errorCode == "rows-outside-key-scope")
        let issues = try #require(forbidden.json["issues"] as? [[String: Any]])
        #expect(issues.map { $0["line"] as? Int } == [3])
        #expect(((issues[0]["message"] as? [String: String])?["vi"])?.contains("03388") == true)
        #expect(try server.counts().files == 0)

        // The province key sends both communes of Lai Châu, not a Hà Nội ward.
        let both = try await server.upload(mixed, key: laiChau)
        #expect(both.status == 201)
        let haNoi = try await server.upload(Self.file("00004"), key: laiChau)
        #expect(haNoi.status == 403)

        // Reading: own commune 200, another commune 403; the province key reads its communes.
        let own = try await server.send("GET", "/api/v1/communes/03390/submissions",
                                        template: "/api/v1/communes/{code}/submissions", key: binhLu)
        #expect(own.status == 200)
        let revisions = try #require(own.json["submissions"] as? [[String: Any]])
        #expect(revisions.map { $0["period"] as? String } == ["2026-10"])
        #expect((revisions.first?["figures"] as? [String: Int])?["villages_fibre"] == TestData.goodFigures[2])
        let other = try await server.send("GET", "/api/v1/communes/03388/submissions",
                                          template: "/api/v1/communes/{code}/submissions", key: binhLu)
        #expect(other.status == 403)
        let province = try await server.send("GET", "/api/v1/communes/03388/submissions",
                                             template: "/api/v1/communes/{code}/submissions", key: laiChau)
        #expect(province.status == 200)
        #expect((province.json["submissions"] as? [Any])?.count == 1)
    }

    @Test func oversizedBinaryAndMislabelledBodiesAreTurnedAwayAndNothingIsStored() async throws {
        let server = try ServerHarness(["--max-upload-kib", "64"])
        let key = try server.issueKey(["--commune", "03390"])
        // 80 KiB of otherwise valid CSV: 413 from the declared length.
        let padding = String(repeating: "x", count: 80 * 1024)
        let large = Self.file("03390", notes: padding)
        let tooLarge = try await server.upload(large, key: key)
        #expect(tooLarge.status == 413)
        #expect(tooLarge.errorCode == "body-too-large")
        // The same without a length (chunked): 413 once 64 KiB have arrived.
        let chunked = try server.raw(
            "POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer \(key)\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n",
            parts: stride(from: 0, to: large.count, by: 16_384).map { start in
                let chunk = large[start..<min(large.count, start + 16_384)]
                return Array(String(chunk.count, radix: 16).utf8) + [13, 10] + chunk + [13, 10]
            } + [Array("0\r\n\r\n".utf8)])
        #expect(chunked.hasPrefix("HTTP/1.1 413"), "\(chunked.prefix(200))")
        // A PDF named .csv and sent as text/csv: 415, whatever the name says.
        let pdf: [UInt8] = Array("%PDF-1.7\n".utf8) + [0, 1, 2]
        let binary = try await server.upload(pdf, key: key, name: "bao-cao.csv")
        #expect(binary.status == 415)
        #expect(binary.errorCode == "not-csv-text")
        let nul = try await server.upload(Self.file("03390") + [0, 1, 2], key: key)
        #expect(nul.status == 415)
        // A CSV sent as a form or JSON: 415 naming the header to use.
        let json = try await server.upload(Self.file("03390"), key: key, contentType: "application/json")
        #expect(json.status == 415)
        #expect(json.errorCode == "unsupported-media-type")
        #expect(try server.counts().files == 0)
        // Windows browsers' label for .csv files is accepted when the bytes are CSV.
        let windows = try await server.upload(Self.file("03390"), key: key, contentType: "application/vnd.ms-excel")
        #expect(windows.status == 201)
    }

    @Test func aCutOffUploadStagesNothingAndTheServerCarriesOn() async throws {
        let server = try ServerHarness()
        let key = try server.issueKey(["--commune", "03390"])
        let bytes = Self.file("03390")
        // The client promises the whole file and hangs up half way.
        _ = try server.raw(
            "POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer \(key)\r\nContent-Type: text/csv\r\nContent-Length: \(bytes.count)\r\n\r\n",
            parts: [Array(bytes.prefix(bytes.count / 2))], closeAfterSending: true)
        try await Task.sleep(for: .milliseconds(500))
        #expect(try server.counts().files == 0)
        let whole = try await server.upload(bytes, key: key)
        #expect(whole.status == 201)
        #expect(try server.counts() == (1, 1))
    }

    @Test func aTricklingUploadGets408AndAStalledOneIsClosed() async throws {
        let server = try ServerHarness(["--request-timeout", "1"])
        let key = try server.issueKey(["--commune", "03390"])
        let bytes = Self.file("03390")
        let head = "POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer \(key)\r\nContent-Type: text/csv\r\nContent-Length: \(bytes.count)\r\n\r\n"
        // A byte every 0.4 s keeps the connection alive but never finishes in time.
        let trickle = try server.raw(head, parts: bytes.prefix(8).map { [$0] }, pause: 0.4)
        #expect(trickle.hasPrefix("HTTP/1.1 408"), "\(trickle.prefix(200))")
        // Nothing more after the headers: the idle connection is closed.
        let started = Date()
        let stalled = try server.raw(head, parts: [], readFor: 10)
        #expect(!stalled.contains("201"))
        #expect(Date().timeIntervalSince(started) < 8, "closed by the server, not by the client's wait")
        #expect(try server.counts().files == 0)
    }

    @Test func aKeyOverItsRateGets429WithRetryAfter() async throws {
        let server = try ServerHarness(["--requests-per-minute", "3"])
        let key = try server.issueKey(["--commune", "03390"])
        let other = try server.issueKey(["--commune", "03388"])
        var statuses: [Int] = []
        for index in 0..<4 {
            statuses.append(try await server.upload(Self.file("03390", notes: "lần \(index)"), key: key).status)
        }
        #expect(statuses == [201, 201, 201, 429])
        let limited = try await server.upload(Self.file("03390", notes: "lần 5"), key: key)
        #expect(limited.errorCode == "rate-limited")
        #expect(Int(limited.headers["retry-after"] ?? "") ?? 0 >= 1)
        // Another key is not held back.
        #expect(try await server.upload(Self.file("03388"), key: other).status == 201)
        #expect(try server.counts().files == 4)
    }

    @Test func fiftyConcurrentUploadsBesideACronRunAllLand() async throws {
        let server = try ServerHarness(["--requests-per-minute", "0"])
        let directory = try server.store().unitDirectory()
        let communes = Array(try #require(directory.versions.last).units.map(\.communeCode).prefix(50))
        #expect(communes.count == 50)
        var keys: [String: String] = [:]
        for code in communes {
            keys[code] = try server.store().issueKey(for: .commune(code), knownUnits: directory).key
        }
        // Three months of one-row files for every commune of two provinces (about 900 files),
        // ingested and reported by `dti run` in a separate process (what cron runs) while the
        // uploads arrive.
        let inbox = server.folder.appendingPathComponent("inbox")
        let generated = try ServerHarness.dti([
            "sample", "generate", "--register", TestData.packageRoot.appendingPathComponent("data/registers/vn_units_2026-04.csv").path,
            "--periods", "2026-07..2026-09", "--province", "01", "--province", "79", "--rows-per-file", "1",
            "--out", inbox.path])
        #expect(generated.status == 0, "\(generated.stderr)")
        let cron = Process()
        cron.executableURL = EndToEndTests.binary
        cron.arguments = ["--db", server.databasePath, "--indicators", TestData.packageRoot.appendingPathComponent("indicators").path,
                          "run", "--inbox", inbox.path, "--period", "2026-09", "--out", server.folder.appendingPathComponent("reports").path]
        cron.standardOutput = FileHandle.nullDevice
        let cronErrors = Pipe()
        cron.standardError = cronErrors
        try cron.run()
        try await Task.sleep(for: .milliseconds(100))
        let cronRunningAtFirstUpload = cron.isRunning

        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for code in communes {
                let key = keys[code]!
                group.addTask { try await server.upload(Self.file(code), key: key).status }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        let cronLog = String(decoding: cronErrors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        cron.waitUntilExit()
        #expect(statuses == Array(repeating: 201, count: 50))
        #expect(cron.terminationStatus == 0, "\(cronLog)")
        #expect(cronRunningAtFirstUpload, "the ingest ended before the uploads began; nothing was tested side by side")
        #expect(!server.log.contains("locked") && !cronLog.contains("locked"))
        let uploaded = try server.store().currentSubmissions(for: Period("2026-10")!)
        #expect(Set(uploaded.keys) == Set(communes))
        let ingested = try Ingestor.files(in: [inbox.path]).count
        #expect(try server.counts().files == 50 + ingested)
        #expect(try server.store().integrityCheck() == "ok")
        let reports = try FileManager.default.contentsOfDirectory(atPath: server.folder.appendingPathComponent("reports/2026-09").path)
        #expect(reports.sorted() == ["dti-2026-09-01.html", "dti-2026-09-01.md", "dti-2026-09-01.xlsx",
                                     "dti-2026-09-79.html", "dti-2026-09-79.md", "dti-2026-09-79.xlsx"])
    }

    @Test func aPortInUseIsSaidPlainlyWithExit75() throws {
        let server = try ServerHarness()
        let second = try ServerHarness.dti(["--db", server.databasePath, "serve", "--port", String(server.port)])
        #expect(second.status == 75)
        #expect(second.stderr.contains("cannot listen on 127.0.0.1:\(server.port): another program uses that port"), "\(second.stderr)")
    }

    /// An upload's name: X-File-Name, else Content-Disposition's, else the key's unit and the
    /// time of arrival — never `upload.csv` for every file (issue 33, item 11).
    @Test func anUploadIsNamedByItsHeadersOrByItsUnitAndTime() async throws {
        let server = try ServerHarness()
        let key = try server.issueKey(["--province", "12"])
        let named = try await server.send("POST", "/api/v1/submissions", key: key, contentType: "text/csv", body: Self.file("03388"),
                                          headers: ["Content-Disposition": "attachment; filename*=UTF-8''x%C3%A3%20%C4%91o%C3%A0n%20k%E1%BA%BFt.csv"])
        #expect(named.status == 201)
        #expect((named.json["file"] as? [String: Any])?["name"] as? String == "xã đoàn kết.csv", "\(named.text)")
        // The answer echoes the figures stored, as the province will score them.
        let figures = ((named.json["rows"] as? [[String: Any]])?.first?["figures"] as? [String: Int]) ?? [:]
        #expect(Figure.allCases.map { figures[$0.rawValue] } == TestData.goodFigures.map(Optional.some), "\(named.text)")
        let plain = try await server.send("POST", "/api/v1/submissions", key: key, contentType: "text/csv", body: Self.file("03390"),
                                          headers: ["Content-Disposition": "attachment; filename=\"bao-cao.csv\""])
        #expect((plain.json["file"] as? [String: Any])?["name"] as? String == "bao-cao.csv", "\(plain.text)")
        let unnamed = try await server.upload(Self.file("03394"), key: key)
        let name = (unnamed.json["file"] as? [String: Any])?["name"] as? String ?? ""
        #expect(name.range(of: #"^tai-len-12-\d{4}-\d{2}-\d{2}-\d{6}\.csv$"#, options: .regularExpression) != nil, "\(name)")
    }

    @Test func theUploadPageIsServedInVietnamese() async throws {
        let server = try ServerHarness()
        let page = try await server.send("GET", "/", key: nil, contentType: nil)
        #expect(page.status == 200)
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.text.contains("<html lang=\"vi\">"))
        #expect(page.text.contains("Gửi báo cáo"))
        #expect(!page.text.contains("src=\"http"), "no script or style from elsewhere")
    }

    /// The key-paste page cannot be framed, and runs only its own script and style.
    @Test func everyAnswerCarriesTheSecurityHeaders() async throws {
        let server = try ServerHarness()
        let page = try await server.send("GET", "/", key: nil, contentType: nil)
        let refused = try await server.upload(Self.file("03390"), key: nil)
        for reply in [page, refused] {
            let policy = try #require(reply.headers["content-security-policy"])
            #expect(policy.contains("frame-ancestors 'none'") && policy.contains("default-src 'none'"))
            #expect(!policy.contains("unsafe-inline"))
            #expect(reply.headers["x-frame-options"] == "DENY")
            #expect(reply.headers["x-content-type-options"] == "nosniff")
            #expect(reply.headers["referrer-policy"] == "no-referrer")
        }
        // The hashes in the policy are those of the page's inline script and style, as a
        // browser computes them (checked with openssl, not dti's code).
        let policy = page.headers["content-security-policy"]!
        for tag in ["script", "style"] {
            let inline = try #require(page.text.components(separatedBy: "<\(tag)>").dropFirst().first?.components(separatedBy: "</\(tag)>").first)
            let file = TestData.temporaryFolder().appendingPathComponent(tag)
            try Data(inline.utf8).write(to: file)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "openssl dgst -sha256 -binary '\(file.path)' | base64"]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let hash = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            process.waitUntilExit()
            #expect(policy.contains("\(tag)-src 'sha256-\(hash)'"), "\(tag): \(hash)")
        }
    }

    @Test func theOpenAPIFileDocumentsEveryRouteTheServerHas() throws {
        let document = OpenAPIDocument.shared
        #expect(document.statuses(method: "POST", path: "/api/v1/submissions")
                == [200, 201, 401, 403, 408, 413, 415, 422, 429, 503])
        #expect(document.statuses(method: "GET", path: "/api/v1/communes/{code}/submissions") == [200, 401, 403, 429, 503])
        #expect(document.statuses(method: "GET", path: "/") == [200])
        // Every route registered in the server source is a documented path.
        let source = try String(contentsOf: TestData.packageRoot.appendingPathComponent("Sources/DTIServer/UploadServer.swift"),
                                encoding: .utf8)
        let routes = source.matches(of: /router\.(get|post)\("([^"]+)"\)/).map { match in
            (String(match.output.1).uppercased(), String(match.output.2).replacing(/:(\w+)/) { "{\($0.output.1)}" })
        }
        #expect(routes.count == 12)
        #expect(document.statuses(method: "GET", path: "/api/v1/provinces/{code}/status") == [200, 400, 401, 403, 404, 429, 503])
        for (method, path) in routes {
            #expect(!document.statuses(method: method, path: path).isEmpty, "\(method) \(path) is not in docs/openapi.json")
        }
    }
}
