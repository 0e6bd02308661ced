import DTICore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The department's hand on the month over HTTP (`ReviewDesk`): `POST /api/v1/review` (JSON)
/// and the form of the status page (`POST /status/review`), for a province's key on its own
/// province or an administrator's key; and what a commune sees of it, `GET /api/v1/returns`.
extension UploadServer {
    /// What `POST /api/v1/review` takes.
    struct ReviewRequest: Decodable {
        var action: String
        var period: String
        var commune: String?
        var province: String?
        var reason: String?
    }

    /// An action as it was recorded.
    struct ReviewAnswer: Encodable {
        var action: String
        var period: String
        var province: String
        var commune: String?
        var reason: String?
        var by: String
        var at: String

        init(_ action: ReviewAction) {
            self.action = action.kind.rawValue
            period = action.period.description
            province = action.provinceCode
            commune = action.communeCode
            reason = action.reason
            by = action.author
            at = Timestamp.text(action.at)
        }
    }

    /// Who acted, as the audit trail names them: the key's label, else its prefix.
    static func author(_ key: UploadKey) -> String { key.label ?? key.prefix }

    /// Performs `action` for `key`; a `Refusal` when the key may not, or the action does not apply.
    func review(action: String, period text: String, commune: String?, province: String?, reason: String?,
                key: UploadKey) async throws -> ReviewAction {
        guard let period = Period(text) else {
            throw Refusal(.periodInvalid, LocalizedText(
                vi: "Tháng “\(Quoted.escaped(text))” không hợp lệ; ghi theo dạng YYYY-MM, ví dụ 2026-10.",
                en: "“\(Quoted.escaped(text))” is not a month; write it as YYYY-MM, e.g. 2026-10."))
        }
        guard let kind = ReviewAction.Kind(rawValue: action) else {
            throw Refusal(.reviewInvalid, LocalizedText(
                vi: "Việc “\(Quoted.escaped(action))” không có; chọn return, accept, close hoặc reopen.",
                en: "No action “\(Quoted.escaped(action))”; choose return, accept, close or reopen."))
        }
        if case .commune = key.scope {
            throw Refusal(.reviewNeedsProvinceKey, LocalizedText(
                vi: "Khoá của xã chỉ dùng để gửi báo cáo; trả lại, duyệt và chốt số liệu cần khoá của tỉnh hoặc khoá quản trị.",
                en: "A commune's key only sends reports; returning, accepting and closing need a province key or an administrator key."))
        }
        let author = Self.author(key)
        return try await blocking { [desk] in
            let directory = try desk.directory
            let reviewDesk = ReviewDesk(store: desk.store, directory: directory)
            do {
                // The province acted on: the commune's, or the one named (a province key's own by default).
                let code: String
                if let commune, kind == .return || kind == .accept {
                    code = try reviewDesk.province(ofCommune: commune, period: period)
                } else if let province {
                    code = province
                } else if case .province(let own) = key.scope {
                    code = own
                } else {
                    throw Refusal(.reviewInvalid, LocalizedText(vi: "Cần ghi mã xã (trả lại, duyệt) hoặc mã tỉnh (chốt, mở lại).",
                                                                en: "Name a commune (return, accept) or a province (close, reopen)."))
                }
                guard key.scope.readsStatus(ofProvince: code) else {
                    throw Refusal(.provinceOutsideKeyScope, LocalizedText(
                        vi: "Khoá này không thực hiện được việc của tỉnh mã \(code); cần khoá của tỉnh đó hoặc khoá quản trị.",
                        en: "This key may not act for province \(code); that needs the province's key or an administrator key."))
                }
                switch kind {
                case .return:
                    guard let commune else { throw Refusal(.reviewInvalid, LocalizedText(vi: "Cần ghi mã xã.", en: "Name the commune.")) }
                    return try reviewDesk.returnFigures(commune: commune, period: period, reason: reason ?? "", author: author)
                case .accept:
                    guard let commune else { throw Refusal(.reviewInvalid, LocalizedText(vi: "Cần ghi mã xã.", en: "Name the commune.")) }
                    return try reviewDesk.accept(commune: commune, period: period, author: author)
                case .close: return try reviewDesk.close(province: code, period: period, author: author)
                case .reopen: return try reviewDesk.reopen(province: code, period: period, author: author)
                }
            } catch let refusal as ReviewDesk.Refusal {
                throw Refusal(.reviewRefused, refusal.message)
            } catch let unknown as UnknownUnit {
                throw Refusal(.unitUnknown, unknown.message)
            }
        }
    }

    /// `POST /api/v1/review`.
    func reviewAPI(_ request: Request) async throws -> Response {
        let key = try await authenticate(request)
        let body = try await formBody(request)
        guard let asked = try? JSONDecoder().decode(ReviewRequest.self, from: Data(body)) else {
            throw Refusal(.reviewInvalid, LocalizedText(
                vi: "Nội dung phải là JSON: {\"action\": \"return\", \"period\": \"2026-10\", \"commune\": \"03390\", \"reason\": \"…\"}.",
                en: "The body must be JSON: {\"action\": \"return\", \"period\": \"2026-10\", \"commune\": \"03390\", \"reason\": \"…\"}."))
        }
        let action = try await review(action: asked.action, period: asked.period, commune: asked.commune, province: asked.province,
                                      reason: asked.reason, key: key)
        return try Self.json(.created, ReviewAnswer(action))
    }

    /// `POST /status/review`: the action of the status page's form, then the page again.
    func statusReview(_ request: Request, context: BasicRequestContext) async throws -> Response {
        var form = StatusPage.Form()
        do {
            form = StatusPage.Form(body: try await formBody(request))
            let key = try await authenticate(key: form.key)
            let action = try await review(action: form.action ?? "", period: form.period, commune: form.commune,
                                          province: form.province, reason: form.reason, key: key)
            let w = StatusPage.Words(language: form.language)
            let what = action.communeCode.map { w("xã \($0)", "commune \($0)") } ?? w("tỉnh \(action.provinceCode)", "province \(action.provinceCode)")
            let done: String = switch action.kind {
            case .return: w("Đã trả lại số liệu của \(what): \(action.reason ?? "")", "Returned the figures of \(what): \(action.reason ?? "")")
            case .accept: w("Đã duyệt số liệu của \(what).", "Accepted the figures of \(what).")
            case .close: w("Đã chốt số liệu của \(what).", "Closed the month for \(what).")
            case .reopen: w("Đã mở lại tháng của \(what).", "Reopened the month for \(what).")
            }
            return try await statusPage(form: form, key: key, done: done)
        } catch let refusal as Refusal {
            var headers = refusal.headers
            headers[.wwwAuthenticate] = nil
            return Self.page(refusal.status, StatusPage.render(form: form, problem: refusal.document.message(form.language)),
                             headers: headers)
        }
    }

    /// A commune's figures the department returned, as its officer reads them.
    struct ReturnedFigures: Encodable {
        var commune: String
        var period: String
        var reason: String
        var by: String
        var at: String
    }

    /// How many months back the returns of a key's units are looked for.
    static let returnsWindow = 12

    /// The active returns of the communes `key` sends for, over the last `returnsWindow` months.
    func returns(for key: UploadKey) async throws -> [ReturnedFigures] {
        try await blocking { [desk] in
            let directory = try desk.directory
            let iso = ISO8601DateFormatter()
            var found: [ReturnedFigures] = []
            let now = Period.containing(Date())
            for back in 0...Self.returnsWindow {
                let period = Period(ordinal: now.ordinal - back)
                let review = try MonthReview.of(period, store: desk.store)
                for (code, held) in review.returns.sorted(by: { $0.key < $1.key }) {
                    let province = directory.unit(code: code, for: period)?.provinceCode ?? ""
                    let admitted = switch key.scope {
                    case .commune(let own): own == code
                    case .province(let own): own == province
                    case .admin: true
                    }
                    guard admitted else { continue }
                    found.append(ReturnedFigures(commune: code, period: period.description, reason: held.reason,
                                                 by: held.author, at: iso.string(from: held.at)))
                }
            }
            return found
        }
    }

    /// `GET /api/v1/returns`: `{"returns": [...]}` for the key's units.
    func returnsAPI(_ request: Request) async throws -> Response {
        let key = try await authenticate(request)
        struct Document: Encodable { var returns: [ReturnedFigures] }
        return try Self.json(.ok, Document(returns: try await returns(for: key)))
    }
}
