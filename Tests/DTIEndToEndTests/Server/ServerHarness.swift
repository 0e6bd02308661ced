import DTICore
import DTITestSupport
import DTISQLite
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// A real `dti serve` process on a loopback port, over a fresh database holding the 2026-04
/// register; talked to with URLSession (libcurl underneath) or a raw socket.
final class ServerHarness: Sendable {
    let folder: URL
    let databasePath: String
    let process = Process()
    let baseURL: URL
    private let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 64
        configuration.timeoutIntervalForRequest = 60
        return URLSession(configuration: configuration)
    }()

    /// Starts the server with `options` added to `serve`; returns once it listens.
    /// `launcher` runs the server through another program (`prlimit --nofile=256:256`).
    /// `database` is another server's (`StoreBackend.databaseLocation`), register imported
    /// already; by default a SQLite file of the harness's own.
    init(_ options: [String] = [], folder: URL = TestData.temporaryFolder(), launcher: [String] = [],
         database: String? = nil) throws {
        self.folder = folder
        databasePath = database ?? folder.appendingPathComponent("dti.sqlite").path
        if database == nil {
            let register = TestData.packageRoot.appendingPathComponent("data/registers/vn_units_2026-04.csv").path
            let imported = try Self.dti(["--db", databasePath, "units", "import", register])
            #expect(imported.status == 0, "\(imported.stderr)")
        }
        let serve = ["--db", databasePath, "serve", "--port", "0", "--period", "2026-10"] + options
        if let program = launcher.first {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = Array(launcher.dropFirst()) + [EndToEndTests.binary.path] + serve
        } else {
            process.executableURL = EndToEndTests.binary
            process.arguments = serve
        }
        let out = Pipe()
        process.standardOutput = out
        FileManager.default.createFile(atPath: folder.appendingPathComponent("serve.log").path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: folder.appendingPathComponent("serve.log"))
        try process.run()
        // The first line says where it listens: `dti serve: listening on http://127.0.0.1:PORT (…)`.
        var line = Data()
        let deadline = Date().addingTimeInterval(60)
        while !line.contains(0x0A), Date() < deadline, process.isRunning {
            line.append(out.fileHandleForReading.availableData)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: #"http://[0-9.]+:[0-9]+"#, options: .regularExpression) else {
            let log = try? String(contentsOf: folder.appendingPathComponent("serve.log"), encoding: .utf8)
            throw HarnessError(description: "dti serve did not start: \(text) \(log ?? "")")
        }
        baseURL = URL(string: String(text[range]))!
    }

    struct HarnessError: Error, CustomStringConvertible {
        var description: String
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }

    var log: String {
        (try? String(contentsOf: folder.appendingPathComponent("serve.log"), encoding: .utf8)) ?? ""
    }

    var port: UInt16 { UInt16(baseURL.port!) }


    static func dti(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try EndToEndTests().dti(arguments, in: FileManager.default.temporaryDirectory, globalOptions: false)
    }

    /// Issues a key with the real command and returns it (the one line on stdout).
    func issueKey(_ scope: [String]) throws -> String {
        let issued = try Self.dti(["--db", databasePath, "keys", "issue"] + scope)
        #expect(issued.status == 0, "\(issued.stderr)")
        return issued.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func store() throws -> any DataStore { try StoreBackend.open(databasePath) }

    /// How many files the database holds, and how many submission rows.
    func counts() throws -> (files: Int, rows: Int) {
        let files = try store().fileRowCounts()
        return (files.count, files.reduce(0) { $0 + $1.stored })
    }

    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: Data

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// One request; `template` is the path as the OpenAPI file names it, checked against it
    /// (unless `documented` is false: a path or method the API does not have).
    func send(_ method: String, _ path: String, template: String? = nil, key: String?,
              contentType: String? = "text/csv", body: [UInt8]? = nil,
              headers: [String: String] = [:], documented: Bool = true) async throws -> Reply {
        // A path with a query is joined as text: appendingPathComponent would escape the “?”.
        var request = URLRequest(url: path.contains("?") ? URL(string: baseURL.absoluteString + path)!
                                                         : baseURL.appendingPathComponent(path))
        request.httpMethod = method
        if let key { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body { request.httpBody = Data(body) }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields { fields[String(describing: name).lowercased()] = String(describing: value) }
        let reply = Reply(status: http.statusCode, headers: fields, body: data)
        if documented { OpenAPIDocument.shared.expectDocuments(method: method, path: template ?? path, reply: reply) }
        return reply
    }

    func upload(_ bytes: [UInt8], key: String?, contentType: String? = "text/csv", name: String? = nil) async throws -> Reply {
        try await send("POST", "/api/v1/submissions", key: key, contentType: contentType, body: bytes,
                       headers: name.map { ["X-File-Name": $0] } ?? [:])
    }

    /// Writes `head` then `parts` to a raw connection, pausing `pause` seconds between parts,
    /// then reads what comes back until the server closes or `readFor` seconds pass.
    func raw(_ head: String, parts: [[UInt8]], pause: Double = 0, closeAfterSending: Bool = false,
             readFor: Double = 5) throws -> String {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        precondition(socket >= 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw HarnessError(description: "cannot connect to port \(port)") }
        var timeout = timeval(tv_sec: Int(readFor), tv_usec: Int(readFor.truncatingRemainder(dividingBy: 1) * 1_000_000))
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        for chunk in [Array(head.utf8)] + parts {
            _ = chunk.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if pause > 0 { Thread.sleep(forTimeInterval: pause) }
        }
        if closeAfterSending { return "" }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }
}

/// `docs/openapi.json`, read once: every answer the tests get must be one it documents.
final class OpenAPIDocument: Sendable {
    static let shared = OpenAPIDocument()

    /// For each path and method, the documented statuses, and whether each answers JSON.
    let operations: [String: [String: [Int: Bool]]]

    init() {
        let url = TestData.packageRoot.appendingPathComponent("docs/openapi.json")
        let document = (try? JSONSerialization.jsonObject(with: Data(contentsOf: url))) as? [String: Any] ?? [:]
        var operations: [String: [String: [Int: Bool]]] = [:]
        for (path, item) in document["paths"] as? [String: [String: Any]] ?? [:] {
            for (method, operation) in item {
                let responses = (operation as? [String: Any])?["responses"] as? [String: [String: Any]] ?? [:]
                for (status, response) in responses {
                    let json = (response["content"] as? [String: Any])?["application/json"] != nil
                    operations[path, default: [:]][method, default: [:]][Int(status) ?? 0] = json
                }
            }
        }
        self.operations = operations
    }

    /// The documented status codes of an operation.
    func statuses(method: String, path: String) -> Set<Int> {
        Set((operations[path]?[method.lowercased()] ?? [:]).keys)
    }

    func expectDocuments(method: String, path: String, reply: ServerHarness.Reply) {
        let documented = operations[path]?[method.lowercased()] ?? [:]
        #expect(documented[reply.status] != nil,
                "docs/openapi.json does not document \(reply.status) for \(method) \(path): \(reply.text.prefix(300))")
        if documented[reply.status] == true {
            #expect(reply.headers["content-type"]?.hasPrefix("application/json") == true)
        }
    }
}
