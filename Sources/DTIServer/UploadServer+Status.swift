import DTICore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The state of the month over HTTP: `GET /api/v1/provinces/{code}/status` (JSON, a province
/// key or an administrator key) and the department's page at `/status` (`StatusPage`).
extension UploadServer {
    /// The largest form the status page posts (a key, a month, a province, a language).
    static let maximumFormBytes = 4096

    /// The state of `period` in province `code`, for `key`: a `Refusal` when the key may not
    /// read it, the period is not a month, or the province is not in the period's register.
    func monthStatus(province code: String, period text: String?, key: UploadKey) async throws -> (MonthStatus, MonthStatus.Province) {
        guard key.scope.readsStatus(ofProvince: code) else {
            throw Refusal(.provinceOutsideKeyScope, LocalizedText(
                vi: "Khoá này không xem được tình trạng báo cáo của tỉnh mã \(code); cần khoá của tỉnh đó hoặc khoá quản trị (dti keys issue --province \(code) hoặc --admin).",
                en: "This key may not read the state of province \(code); that needs the province's key or an administrator key (dti keys issue --province \(code) or --admin)."))
        }
        guard let text, let period = Period(text) else {
            throw Refusal(.periodInvalid, LocalizedText(
                vi: "Tháng “\(Quoted.escaped(text ?? ""))” không hợp lệ; ghi theo dạng YYYY-MM, ví dụ 2026-10.",
                en: "“\(Quoted.escaped(text ?? ""))” is not a month; write it as YYYY-MM, e.g. 2026-10."))
        }
        let settings = settings
        let status = try await blocking { [desk] in
            let directory = try desk.directory
            guard directory.version(for: period)?.provinceCodes.contains(code) ?? false else { return MonthStatus?.none }
            return try MonthStatus.build(period: period, deadlineDay: settings.deadlineDay,
                                         carryForwardMonths: settings.carryForwardMonths, store: desk.store,
                                         directory: directory, provinces: [code])
        }
        guard let status, let province = status.province(code) else {
            throw Refusal(.provinceUnknown, LocalizedText(
                vi: "Danh mục đơn vị hành chính áp dụng cho \(period) không có tỉnh mã \(code).",
                en: "The unit register in force for \(period) has no province with code \(code)."))
        }
        return (status, province)
    }

    func provinceStatus(_ code: String, request: Request) async throws -> Response {
        let key = try await authenticate(request)
        let period = request.uri.queryParameters.get("period")
        let (status, _) = try await monthStatus(province: code, period: period, key: key)
        return try Self.json(.ok, status.document())
    }

    /// `GET /api/v1/form?period=`: the form in force for the month (default: the one communes
    /// report now) — its fields with their kinds and bounds, and the checks between them — as
    /// the server's indicator file declares it: what a program sending files must write.
    func formAPI(_ request: Request) async throws -> Response {
        _ = try await authenticate(request)
        let given = request.uri.queryParameters.get("period")
        guard let period = given.map({ Period($0) }) ?? Period.containing(Date()).previous else {
            throw Refusal(.periodInvalid, LocalizedText(
                vi: "Tháng “\(Quoted.escaped(given ?? ""))” không hợp lệ; ghi theo dạng YYYY-MM, ví dụ 2026-10.",
                en: "“\(Quoted.escaped(given ?? ""))” is not a month; write it as YYYY-MM, e.g. 2026-10."))
        }
        return try Self.json(.ok, FormDocument(settings.form, period: period))
    }

    /// `GET /api/v1/template?period=`: the monthly template of the key's units (its commune, or
    /// its province's communes), last month's figures included; the month defaults to the one
    /// communes report now (last month).
    func template(_ request: Request) async throws -> Response {
        let key = try await authenticate(request)
        let given = request.uri.queryParameters.get("period")
        guard let period = given.map({ Period($0) }) ?? Period.containing(Date()).previous else {
            throw Refusal(.periodInvalid, LocalizedText(
                vi: "Tháng “\(Quoted.escaped(given ?? ""))” không hợp lệ; ghi theo dạng YYYY-MM, ví dụ 2026-10.",
                en: "“\(Quoted.escaped(given ?? ""))” is not a month; write it as YYYY-MM, e.g. 2026-10."))
        }
        let deadlineDay = settings.deadlineDay
        let made: (name: String, bytes: [UInt8])? = try await blocking { [desk] in
            let directory = try desk.directory
            guard let register = directory.version(for: period) else { return nil }
            let units: [AdministrativeUnit]
            let name: String
            switch key.scope {
            case .commune(let code):
                // The key's unit as the month's register has it (`UploadDesk.admits`).
                units = register.unit(code: code).map { [$0] }?.filter {
                    UploadDesk.admits(key, communeCode: $0.communeCode, period: period, in: directory)
                } ?? []
                name = SubmissionTemplate.fileName(period: period, commune: code)
            case .province(let code):
                units = register.units(inProvince: code).filter {
                    UploadDesk.admits(key, communeCode: $0.communeCode, period: period, in: directory)
                }
                name = SubmissionTemplate.fileName(period: period, province: code)
            case .admin:
                units = []
                name = ""
            }
            guard !units.isEmpty else { return nil }
            let template = try SubmissionTemplate.make(period: period, units: units, store: desk.store, deadlineDay: deadlineDay,
                                                       form: desk.form)
            return (name, try template.bytes())
        }
        guard let made else {
            throw Refusal(.templateUnavailable, LocalizedText(
                vi: "Không có mẫu báo cáo \(period.monthName(.vi)) cho khoá này: khoá quản trị không gửi báo cáo, hoặc đơn vị của khoá không có trong danh mục áp dụng cho tháng đó.",
                en: "No \(period.monthName(.en)) template for this key: an administrator key sends no reports, or the key's unit is not in that month's register."))
        }
        return Response(status: .ok, headers: [
            .contentType: BodyContent.workbookType, .contentDisposition: "attachment; filename=\"\(made.name)\"",
            .cacheControl: "no-store",
        ], body: .init(byteBuffer: ByteBuffer(bytes: made.bytes)))
    }

    /// `POST /status`: the page for the key, month and province of the form.
    func statusPage(_ request: Request, context: BasicRequestContext) async throws -> Response {
        var form = StatusPage.Form()
        var admin: [(code: String, name: String)]?
        do {
            form = StatusPage.Form(body: try await formBody(request))
            let key = try await authenticate(key: form.key)
            if key.scope == .admin { admin = try await provinces() }
            return try await statusPage(form: form, key: key, adminProvinces: admin)
        } catch let refusal as Refusal {
            var headers = refusal.headers
            headers[.wwwAuthenticate] = nil
            return Self.page(refusal.status, StatusPage.render(form: form, problem: refusal.document.message(form.language),
                                                               adminProvinces: admin), headers: headers)
        }
    }

    /// The page of the month `form` asks for, read with `key`; `done` says what was just done.
    func statusPage(form: StatusPage.Form, key: UploadKey, done: String? = nil,
                    adminProvinces: [(code: String, name: String)]? = nil) async throws -> Response {
        var form = form
        var admin = adminProvinces
        if key.scope == .admin, admin == nil { admin = try await provinces() }
        let code = try provinceAsked(form, key: key, choices: admin)
        form.province = code
        let (status, province) = try await monthStatus(province: code, period: form.period, key: key)
        let period = status.period
        // One refused batch file may name several communes: each file's issues are read once.
        let refused = Set(province.communes.compactMap(\.refusedFileID)).sorted()
        let issues = try await blocking { [desk] in
            Dictionary(try refused.map { ($0, try desk.store.issues(ofFile: $0)) }, uniquingKeysWith: { first, _ in first })
        }
        let downloads = reportFiles(period: period, province: code).map { format, _ in
            StatusPage.Download(format: format, label: format == "xlsx"
                ? (form.language == .vi ? "Bảng tính (.xlsx)" : "Workbook (.xlsx)")
                : (form.language == .vi ? "Báo cáo (.md)" : "Report (.md)"))
        }
        // The reminders to paste into Zalo: before or after the deadline by the clock.
        let reminders = Reminders(status, stage: .at(Date(), deadline: province.deadline), address: settings.publicURL, language: form.language)
        return Self.page(.ok, StatusPage.render(form: form, done: done, status: province, period: period, issues: issues,
                                                downloads: downloads, adminProvinces: admin, reminders: reminders))
    }

    /// `POST /status/report`: one of the month's reports, as a download.
    func statusReport(_ request: Request, context: BasicRequestContext) async throws -> Response {
        var form = StatusPage.Form()
        do {
            form = StatusPage.Form(body: try await formBody(request))
            let key = try await authenticate(key: form.key)
            let code = try provinceAsked(form, key: key, choices: key.scope == .admin ? try await provinces() : nil)
            let period = try await monthStatus(province: code, period: form.period, key: key).0.period
            guard let format = form.format,
                  let path = reportFiles(period: period, province: code).first(where: { $0.format == format })?.path,
                  let data = FileManager.default.contents(atPath: path) else {
                throw Refusal(.reportMissing, LocalizedText(
                    vi: "Chưa có báo cáo này của \(period.monthName(.vi)); dti report hoặc dti run viết báo cáo.",
                    en: "There is no such report for \(period.monthName(.en)) yet; dti report or dti run writes them."))
            }
            let name = (path as NSString).lastPathComponent
            return Response(status: .ok, headers: [
                .contentType: format == "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    : "text/markdown; charset=utf-8",
                .contentDisposition: "attachment; filename=\"\(name)\"", .cacheControl: "no-store",
            ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        } catch let refusal as Refusal {
            return Self.page(refusal.status, StatusPage.render(form: form, problem: refusal.document.message(form.language)))
        }
    }

    /// The province the form asks for: the key's own, or for an administrator the one chosen
    /// (the first of the register when none is).
    func provinceAsked(_ form: StatusPage.Form, key: UploadKey, choices: [(code: String, name: String)]?) throws -> String {
        switch key.scope {
        case .province(let code): return form.province ?? code
        case .admin: return form.province ?? choices?.first?.code ?? ""
        case .commune:
            throw Refusal(.communeKeyReadsNoStatus, LocalizedText(
                vi: "Khoá của xã chỉ dùng để gửi báo cáo; trang tình trạng cần khoá của tỉnh hoặc khoá quản trị do Sở cấp.",
                en: "A commune's key only sends reports; the status page needs a province key or an administrator key from the department."))
        }
    }

    /// Every province of the latest register, by code.
    func provinces() async throws -> [(code: String, name: String)] {
        try await blocking { [desk] in
            guard let register = try desk.directory.versions.last else { return [] }
            return register.provinceCodes.sorted().map { ($0, register.units(inProvince: $0).first?.provinceName ?? $0) }
        }
    }

    /// The month's reports of the province that exist, workbook first: (format, path). The
    /// names are made from a parsed month and a code of the register, never from the request's text.
    private func reportFiles(period: Period, province: String) -> [(format: String, path: String)] {
        guard let folder = settings.reportsFolder else { return [] }
        return ["xlsx", "md"].map { ($0, "\(folder)/\(period)/dti-\(period)-\(province).\($0)") }
            .filter { FileManager.default.isReadableFile(atPath: $0.path) }
    }

    func formBody(_ request: Request) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in request.body {
            guard bytes.count + chunk.readableBytes <= Self.maximumFormBytes else {
                throw Refusal(.bodyTooLarge, LocalizedText(
                    vi: "Biểu mẫu gửi lên quá lớn.", en: "The form sent is too large."))
            }
            bytes.append(contentsOf: chunk.readableBytesView)
        }
        return bytes
    }

    static func page(_ status: HTTPResponse.Status, _ html: String, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
