import DTICore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// How `dti serve` listens and what it lets through.
public struct ServerSettings: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port; the port used is reported to `onListening`.
    public var port = 8080
    /// The largest body read; larger uploads get 413 before anything is stored.
    public var maximumUploadBytes = 5 << 20
    /// The longest a request may take to send its body, and the longest a connection may sit
    /// idle; a slower upload gets 408, a stalled one is closed.
    public var requestTimeout: Duration = .seconds(30)
    /// Requests per key and minute (a burst of this many, then evenly); 0 means no limit.
    public var requestsPerMinute = 30
    /// The latest period accepted; nil means the current month at each upload.
    public var latestPeriod: Period?
    /// The status page's deadline and carry-forward: the indicator set's `[set]` values.
    public var deadlineDay = 5
    public var carryForwardMonths = 0
    /// The form uploads are read with, and templates written from (the indicator set's).
    public var form: Form = .contract
    /// Where `dti report` writes (`<folder>/<period>/dti-<period>-<province>.xlsx`); the status
    /// page offers a month's reports for download when they exist.
    public var reportsFolder: String?
    /// The distinct bytes of refused files one key may leave in the database in 24 hours;
    /// past it a refused upload gets 429 and is not stored.
    public var refusedBytesPerDay = UploadDesk.defaultRefusedBytesPerDay
    /// Where communes reach the upload page (`[server] public_url`): the status page's reminders say it.
    public var publicURL: String?

    public init() {}
}

/// Why `dti serve` could not start.
public enum ServerError: ExitStatusError {
    case addressInUse(host: String, port: Int)

    public var description: String {
        switch self {
        case .addressInUse(let host, let port):
            "cannot listen on \(host):\(port): another program uses that port; stop it or choose another --port"
        }
    }

    public var exitStatus: ExitStatus { .busy }
}

/// The HTTP face of the upload desk: authenticated uploads, a commune's own history, and a
/// page for officers. See `docs/openapi.json`.
public struct UploadServer: Sendable {
    let desk: UploadDesk
    let settings: ServerSettings
    let limiter: RateLimiter
    /// One bucket of wrong keys for the whole server (off with the rate limit).
    let wrongKeys: RateLimiter
    /// Wrong keys answered 401 in a minute before further ones get 429: a mistyped key now
    /// and then, never a guessing script at speed.
    static let wrongKeysPerMinute = 120
    /// Database work blocks a thread (SQLite waits up to 30 s for a cron run's transaction),
    /// so it runs here, never on the tasks that serve connections.
    private let storeQueue = DispatchQueue(label: "dti.serve.store", attributes: .concurrent)

    public init(store: any DataStore, directory: UnitDirectory, settings: ServerSettings) throws {
        desk = try UploadDesk(store: store, directory: directory, form: settings.form,
                              refusedBytesPerDay: settings.refusedBytesPerDay)
        self.settings = settings
        limiter = RateLimiter(perMinute: settings.requestsPerMinute)
        wrongKeys = RateLimiter(perMinute: settings.requestsPerMinute == 0 ? 0 : Self.wrongKeysPerMinute)
    }

    /// Serves until SIGINT or SIGTERM, then finishes the requests in flight. `onListening`
    /// receives the address actually bound (`http://127.0.0.1:8080`).
    public func run(logger: Logger, onListening: @escaping @Sendable (String) -> Void) async throws {
        let timeout = settings.requestTimeout.components
        let idle = TimeAmount.seconds(timeout.seconds) + .nanoseconds(timeout.attoseconds / 1_000_000_000)
        let host = settings.host
        let limit = ConnectionLimit.forThisProcess()
        logger.info("connections", metadata: ["limit": .stringConvertible(limit.capacity)])
        let app = Application(
            router: router(),
            server: .http1(configuration: .init(additionalChannelHandlers: [limit.handler()], idleTimeout: idle)),
            configuration: .init(address: .hostname(host, port: settings.port), serverName: "dti"),
            onServerRunning: { channel in
                onListening("http://\(host):\(channel.localAddress?.port ?? 0)")
            },
            logger: logger)
        do {
            try await app.runService()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw ServerError.addressInUse(host: host, port: settings.port)
        }
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: AccessLog())
        let page = UploadPage.html(form: settings.form)
        router.add(middleware: SecurityHeaders(page: page))
        router.get("/") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                     body: .init(byteBuffer: ByteBuffer(string: page)))
        }
        router.head("/") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"])
        }
        router.post("/api/v1/submissions") { request, context in
            try await answering({ try await upload(request, context: context) }, logger: context.logger)
        }
        router.get("/api/v1/communes/:code/submissions") { request, context in
            try await answering({
                try await submissions(of: try context.parameters.require("code"), request: request)
            }, logger: context.logger)
        }
        router.get("/api/v1/provinces/:code/status") { request, context in
            try await answering({
                try await provinceStatus(try context.parameters.require("code"), request: request)
            }, logger: context.logger)
        }
        router.get("/api/v1/form") { request, context in
            try await answering({ try await formAPI(request) }, logger: context.logger)
        }
        router.get("/api/v1/template") { request, context in
            try await answering({ try await template(request) }, logger: context.logger)
        }
        router.post("/api/v1/review") { request, context in
            try await answering({ try await reviewAPI(request) }, logger: context.logger)
        }
        router.get("/api/v1/returns") { request, context in
            try await answering({ try await returnsAPI(request) }, logger: context.logger)
        }
        router.get("/status") { _, _ in Self.page(.ok, StatusPage.render(form: StatusPage.Form())) }
        router.post("/status") { request, context in
            try await answering({ try await statusPage(request, context: context) }, logger: context.logger)
        }
        router.post("/status/report") { request, context in
            try await answering({ try await statusReport(request, context: context) }, logger: context.logger)
        }
        router.post("/status/review") { request, context in
            try await answering({ try await statusReview(request, context: context) }, logger: context.logger)
        }
        return router
    }

    // MARK: Handlers

    private func upload(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let key = try await authenticate(request)
        let type = request.headers[.contentType].map(BodyContent.mediaType) ?? ""
        guard BodyContent.acceptedTypes.contains(type) else {
            throw Refusal(.unsupportedMediaType, LocalizedText(
                vi: "Chỉ nhận tệp Excel (.xlsx) hoặc CSV: gửi kèm tiêu đề Content-Type: \(BodyContent.workbookType) hoặc text/csv (đã nhận “\(type.isEmpty ? "không có" : type)”).",
                en: "Only Excel (.xlsx) and CSV files are accepted: send the header Content-Type: \(BodyContent.workbookType) or text/csv (got “\(type.isEmpty ? "none" : type)”)."))
        }
        let bytes = try await body(of: request)
        if let kind = BodyContent.binaryFormat(of: bytes) {
            throw Refusal(.notCSVText, LocalizedText(
                vi: "Tệp gửi lên là \(kind.vi), không phải bảng tính .xlsx hay tệp CSV, dù tên tệp là gì. Trong Excel chọn Tệp › Lưu thành › “Sổ làm việc Excel (.xlsx)” rồi gửi lại tệp đó.",
                en: "The upload is \(kind.en), neither an .xlsx workbook nor a CSV file, whatever its name says. In Excel choose File › Save As › “Excel Workbook (.xlsx)” and send that file."))
        }
        let now = Date()
        let fileName = request.headers[.fileName].flatMap(Self.plainFileName)
            ?? request.headers[.contentDisposition].flatMap(Self.dispositionFileName).flatMap(Self.plainFileName)
            ?? Self.nameOfUnnamed(key: key, at: now, workbook: FileSignature.of(bytes) == .zip)
        let latest = settings.latestPeriod ?? Period.containing(now)
        let verdict = try await blocking { [desk] in
            try desk.receive(bytes, fileName: fileName, key: key, latestPeriod: latest, at: now)
        }
        switch verdict {
        case .outsideScope(let rows):
            throw Refusal(.rowsOutsideKeyScope, LocalizedText(
                vi: "Khoá này chỉ được gửi số liệu của \(describe(key.scope, language: .vi)). Tệp có \(rows.count) dòng của đơn vị khác; không dòng nào được lưu.",
                en: "This key may send figures of \(describe(key.scope, language: .en)) only. The file has \(rows.count) row\(rows.count == 1 ? "" : "s") of other units; nothing was stored."),
                issues: rows.map { outsideScopeIssue($0, fileName: fileName, key: key) })
        case .refusedQuotaExceeded(let wait):
            throw Refusal(.refusedQuotaExceeded, LocalizedText(
                vi: "Tệp bị từ chối và khoá này đã gửi quá nhiều tệp bị từ chối trong 24 giờ (hơn \(desk.refusedBytesPerDay >> 10) KB); tệp không được lưu. Sửa tệp theo các lỗi đã báo rồi gửi lại sau \(wait / 60) phút, hoặc liên hệ Sở.",
                en: "The file is refused, and this key has sent too many refused files in 24 hours (over \(desk.refusedBytesPerDay >> 10) KB); it was not stored. Fix the file as the errors said and send it again in \(wait / 60) minutes, or ask the department."),
                headers: [.retryAfter: String(wait)])
        case .received(let receipt):
            let status: HTTPResponse.Status = switch receipt.outcome {
            case .accepted: .created
            case .alreadyReceived: .ok
            case .refused: .unprocessableContent
            }
            context.logger.info("upload", metadata: [
                "key": .string(key.prefix), "file": .string(fileName), "sha256": .string(receipt.sha256),
                "status": .stringConvertible(status.code), "rows": .stringConvertible(receipt.rows.count),
            ])
            let receivedAt = Timestamp.text(now)
            let directory = try? await blocking { [desk] in try desk.directory }
            return try Self.json(status, APIDocuments.Receipt(receipt, bytes: bytes.count, receivedAt: receivedAt,
                                                              directory: directory))
        }
    }

    private func submissions(of communeCode: String, request: Request) async throws -> Response {
        let key = try await authenticate(request)
        let directory = try await blocking { [desk] in try desk.directory }
        let unit = directory.versions.last?.unit(code: communeCode)
        guard key.scope.covers(communeCode: communeCode, unit: unit) else {
            throw Refusal(.communeOutsideKeyScope, LocalizedText(
                vi: "Khoá này chỉ xem được số liệu của \(describe(key.scope, language: .vi)), không phải của mã \(communeCode).",
                en: "This key may read the figures of \(describe(key.scope, language: .en)) only, not of code \(communeCode)."))
        }
        let home = UploadDesk.home(of: key, in: directory)
        let document = try await blocking { [desk] in
            APIDocuments.CommuneSubmissions(
                communeCode: communeCode,
                // Only the periods in which the code is the key's own unit (see `UploadDesk.admits`).
                revisions: try desk.store.revisions(communeCode: communeCode).filter {
                    UploadDesk.admits(key, communeCode: communeCode, period: $0.submission.period, in: directory,
                                      home: home)
                },
                uploads: try desk.store.uploads(byKeysOfCommune: communeCode))
        }
        return try Self.json(.ok, document)
    }

    // MARK: Gates

    /// The key of an `Authorization: Bearer` header, checked against the store and the rate
    /// limit; a `Refusal` (401 or 429) otherwise.
    func authenticate(_ request: Request) async throws -> UploadKey {
        let header = request.headers[.authorization] ?? ""
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Refusal(.keyMissing, LocalizedText(
                vi: "Thiếu khoá truy cập. Gửi kèm tiêu đề Authorization: Bearer <khoá> với khoá do Sở cấp cho đơn vị.",
                en: "No upload key. Send the header Authorization: Bearer <key> with the key the department issued to your unit."))
        }
        return try await authenticate(key: parts[1].trimmingCharacters(in: .whitespaces))
    }

    /// `given` checked against the store and the rate limit; a `Refusal` (401 or 429) otherwise.
    func authenticate(key given: String) async throws -> UploadKey {
        guard !given.isEmpty, let key = try await blocking({ [desk] in try desk.store.uploadKey(matching: given) }) else {
            // Wrong keys share one bucket for the whole server: past it, a guess is answered 429
            // and asked to wait, whoever sends it. Keys that exist are not slowed by it.
            if let wait = wrongKeys.admit(0) {
                throw Refusal(.rateLimited, LocalizedText(
                    vi: "Máy chủ vừa nhận quá nhiều khoá sai. Vui lòng thử lại sau \(wait) giây với khoá đúng do Sở cấp.",
                    en: "The server has just received too many wrong keys. Try again in \(wait) seconds with the key the department issued."),
                    headers: [.retryAfter: String(wait)])
            }
            throw Refusal(.keyUnknown, LocalizedText(
                vi: "Khoá truy cập không đúng. Kiểm tra lại khoá do Sở cấp (chép đủ, không thừa dấu cách).",
                en: "The upload key is not valid. Check the key the department issued (copied whole, without extra spaces)."))
        }
        guard !key.isRevoked else {
            throw Refusal(.keyRevoked, LocalizedText(
                vi: "Khoá truy cập này đã bị thu hồi. Liên hệ Sở để được cấp khoá mới.",
                en: "This upload key has been revoked. Ask the department for a new one."))
        }
        if let wait = limiter.admit(key.id) {
            throw Refusal(.rateLimited, LocalizedText(
                vi: "Khoá này đã gửi quá \(limiter.perMinute) yêu cầu trong một phút. Vui lòng thử lại sau \(wait) giây.",
                en: "This key has sent more than \(limiter.perMinute) requests in a minute. Try again in \(wait) seconds."),
                headers: [.retryAfter: String(wait)])
        }
        return key
    }

    /// The request body, refused with 413 past the size cap and 408 past the time limit. A
    /// client that disconnects mid-body makes this throw: nothing is stored.
    private func body(of request: Request) async throws -> [UInt8] {
        let limit = settings.maximumUploadBytes
        let tooLarge = Refusal(.bodyTooLarge, LocalizedText(
            vi: "Tệp quá lớn (tối đa \(limit / 1_048_576) MB). Báo cáo tháng của một xã chỉ vài KB; hãy kiểm tra đã chọn đúng tệp CSV.",
            en: "The file is too large (at most \(limit / 1_048_576) MB). A commune's monthly report is a few KB; check that the right CSV file was chosen."))
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw tooLarge }
        let timeout = settings.requestTimeout
        let body = request.body
        return try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
            group.addTask {
                var bytes: [UInt8] = []
                for try await chunk in body {
                    guard bytes.count + chunk.readableBytes <= limit else { throw tooLarge }
                    bytes.append(contentsOf: chunk.readableBytesView)
                }
                return bytes
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let bytes = try await group.next()!  else {
                throw Refusal(.requestTimeout, LocalizedText(
                    vi: "Tệp gửi lên quá chậm và đã bị ngắt sau \(timeout.components.seconds) giây. Kiểm tra đường truyền rồi gửi lại.",
                    en: "The upload was too slow and was cut off after \(timeout.components.seconds) seconds. Check the connection and send it again."),
                    headers: [.connection: "close"])
            }
            return bytes
        }
    }

    // MARK: Helpers

    /// An answer other than success: its status, a code and a message in both languages.
    struct Refusal: Error {
        var status: HTTPResponse.Status
        var document: APIDocuments.Failure
        var headers: HTTPFields

        init(_ code: FailureCode, _ message: LocalizedText, issues: [ValidationIssue]? = nil, headers: HTTPFields = [:]) {
            self.status = code.status
            self.document = APIDocuments.Failure(code, message, issues: issues)
            self.headers = headers
            if status == .unauthorized { self.headers[.wwwAuthenticate] = "Bearer" }
        }
    }

    /// Seconds a client is asked to wait after a fault of the store (a full disk, a lock held
    /// past the busy timeout) before it sends again.
    static let retryAfterFault = 60

    func answering(_ handler: () async throws -> Response, logger: Logger) async throws -> Response {
        do {
            return try await handler()
        } catch let refusal as Refusal {
            return try Self.json(refusal.status, refusal.document, headers: refusal.headers)
        } catch let error where desk.store.fault(of: error) != nil {
            // Nothing was stored (the transaction rolled back): say so, and when to try again.
            let fault = desk.store.fault(of: error)!
            logger.error("store fault", metadata: ["cause": .string(fault.description)])
            let wait = Self.retryAfterFault
            let document = APIDocuments.Failure(.serviceUnavailable, LocalizedText(
                vi: "Máy chủ tạm thời không lưu được tệp (\(fault.kind == .busy ? "cơ sở dữ liệu đang bận" : "lỗi lưu trữ trên máy chủ")); tệp CHƯA được nhận. Vui lòng gửi lại sau \(wait) giây; nếu vẫn lỗi, báo cho Sở.",
                en: "The server cannot store files at the moment (\(fault.kind == .busy ? "the database is busy" : "a storage fault on the server")); the file was NOT received. Send it again in \(wait) seconds; if it fails again, tell the department."))
            return try Self.json(FailureCode.serviceUnavailable.status, document, headers: [.retryAfter: String(wait)])
        }
    }

    static func json(_ status: HTTPResponse.Status, _ document: some Encodable, headers: HTTPFields = [:]) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        let data = try APIDocuments.encoder.encode(document)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            storeQueue.async { continuation.resume(with: Result(catching: work)) }
        }
    }

    /// The name a `Content-Disposition` header gives (`attachment; filename="x.csv"`, or
    /// RFC 5987's `filename*=UTF-8''x%C3%A3.csv`, which wins), percent-encoded for `plainFileName`.
    static func dispositionFileName(_ header: String) -> String? {
        var plain: String?, extended: String?
        for part in header.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            switch pair[0].lowercased() {
            case "filename*":
                let value = pair[1]
                if let quote = value.range(of: "''") { extended = String(value[quote.upperBound...]) }
            case "filename":
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                plain = value.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? value
            default: continue
            }
        }
        return extended ?? plain
    }

    /// A file sent without a name: named by the key's unit and the time it arrived (Vietnam
    /// time), so that status, reports and history tell one upload from another.
    static func nameOfUnnamed(key: UploadKey, at date: Date, workbook: Bool) -> String {
        let c = Calendar.vietnam.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let time = String(format: "%04d-%02d-%02d-%02d%02d%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
        let unit = key.scope.unitCode.isEmpty ? "" : "-\(key.scope.unitCode)"
        return "tai-len\(unit)-\(time).\(workbook ? "xlsx" : "csv")"
    }

    /// The file's name as the page sends it (`X-File-Name`, percent-encoded UTF-8), without
    /// any folder part; nil when absent or empty.
    static func plainFileName(_ header: String) -> String? {
        let decoded = header.removingPercentEncoding ?? header
        let name = decoded.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let printable = name.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) && !Quoted.isUnsafe($0) }
        return printable.isEmpty ? nil : String(String.UnicodeScalarView(printable.prefix(200)))
    }

    private func describe(_ scope: KeyScope, language: Language) -> String {
        let register = (try? desk.directory)?.versions.last
        switch scope {
        case .commune(let code):
            let name = register?.unit(code: code).map { "\($0.communeType) \($0.communeName)" }
            return language == .vi ? "\(name ?? "xã") (mã \(code))" : "\(name ?? "commune") (code \(code))"
        case .province(let code):
            let name = register?.units(inProvince: code).first?.provinceName
            return language == .vi ? "các xã của \(name ?? "tỉnh") (mã \(code))" : "the communes of \(name ?? "province") (code \(code))"
        case .admin:
            return language == .vi ? "không đơn vị nào (khoá quản trị chỉ xem tình trạng báo cáo)"
                : "no unit (an administrator key reads the state of the month only)"
        }
    }

    private func outsideScopeIssue(_ row: UploadDesk.RowMention, fileName: String, key: UploadKey) -> ValidationIssue {
        let unit = (try? desk.directory)?.unit(code: row.communeCode, for: row.period)
        let name = unit.map { "\($0.communeType) \($0.communeName), \($0.provinceName)" } ?? row.communeCode
        return ValidationIssue(.rowOutsideKeyScope, file: fileName, line: row.line, message: LocalizedText(
            vi: "Dòng \(row.line) là số liệu của \(name) (mã \(row.communeCode)), không thuộc \(describe(key.scope, language: .vi)).",
            en: "Line \(row.line) holds figures of \(name) (code \(row.communeCode)), outside \(describe(key.scope, language: .en))."))
    }
}

extension HTTPField.Name {
    /// The uploaded file's name, percent-encoded UTF-8 (the upload page sends it).
    static let fileName = HTTPField.Name("X-File-Name")!
}
