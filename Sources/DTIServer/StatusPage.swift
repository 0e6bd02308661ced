import DTICore
import Foundation
import Mustache

/// The department's page at `/status`: with a province's key (or an administrator's), every
/// commune of the province for a month, colour-coded by status, with the time and name of its
/// last file, the errors of a refused file as the commune saw them, the reporting and
/// timeliness rates, and the month's reports to download. Server-rendered (swift-mustache,
/// which escapes every value); the key travels in a POST form, never in an address. Its one
/// script (`script`, allowed by its hash) adds a copy button beside each reminder; without
/// it the reminders are still there to select and copy.
enum StatusPage {
    /// The words of the page in one language.
    struct Words {
        var language: Language
        func callAsFunction(_ vi: String, _ en: String) -> String { language == .vi ? vi : en }
    }

    static let style = """
        body { font-family: system-ui, sans-serif; max-width: 72rem; margin: 1.5rem auto; padding: 0 1rem; line-height: 1.45; color: #1b1b1b; }
        h1 { font-size: 1.4rem; } h2 { font-size: 1.2rem; margin-top: 1.6rem; }
        form.ask { display: flex; flex-wrap: wrap; gap: .6rem 1rem; align-items: end; background: #f4f6f8; padding: .8rem; border-radius: .4rem; }
        form.ask label { display: flex; flex-direction: column; font-weight: 600; font-size: .9rem; }
        form.ask input, form.ask select { font-size: 1rem; padding: .3rem; }
        button { font-size: 1rem; padding: .4rem 1rem; cursor: pointer; }
        .problem { background: #fdecea; border: 1px solid #e57373; padding: .6rem .8rem; border-radius: .4rem; }
        table { border-collapse: collapse; width: 100%; margin-top: .6rem; }
        th, td { border: 1px solid #c8c8c8; padding: .3rem .5rem; text-align: left; vertical-align: top; }
        thead th { background: #dde7f0; }
        td.number { text-align: right; white-space: nowrap; }
        .badge { display: inline-block; padding: .05rem .45rem; border-radius: .8rem; font-size: .9rem; white-space: nowrap; }
        tr.on-time .badge, tr.corrected-on-time .badge { background: #c8e6c9; }
        tr.late .badge, tr.corrected-late .badge { background: #ffe0a3; }
        tr.refused-waiting .badge { background: #f8c4c4; }
        tr.nothing-received .badge { background: #e0e0e0; }
        tr.returned .badge { background: #e1bee7; } tr.returned td { background: #fbf5fc; }
        .closed { background: #e8eaf6; border: 1px solid #7986cb; padding: .5rem .8rem; border-radius: .4rem; }
        .done { background: #e8f5e9; border: 1px solid #81c784; padding: .6rem .8rem; border-radius: .4rem; }
        form.review { display: flex; flex-wrap: wrap; gap: .6rem 1rem; align-items: end; margin-top: 1rem; background: #f4f6f8; padding: .8rem; border-radius: .4rem; }
        form.review label { display: flex; flex-direction: column; font-weight: 600; font-size: .9rem; }
        form.review input, form.review select { font-size: 1rem; padding: .3rem; }
        tr.refused-waiting td { background: #fff5f5; }
        ul.errors { margin: .3rem 0 0 1.1rem; padding: 0; font-size: .9rem; }
        .downloads form { display: inline; margin-right: .6rem; }
        .hint { color: #555; font-size: .9rem; }
        .reminder { display: block; margin-top: .3rem; font-size: .85rem; color: #333; } .reminder textarea { display: block; width: 100%; min-width: 16rem; font: inherit; }
        button.copy { font-size: .85rem; padding: .15rem .6rem; margin-top: .2rem; }
        @media print { form.ask, form.review, .downloads { display: none; } }
        """

    /// Shows a copy button under each reminder (hidden without scripts) that puts its text on
    /// the clipboard, saying so on the button for a moment.
    static let script = """
        document.querySelectorAll("button.copy").forEach(function (button) {
          button.hidden = false;
          button.addEventListener("click", function () {
            var area = button.parentNode.querySelector("textarea"), label = button.textContent;
            function done() { button.textContent = button.dataset.done; setTimeout(function () { button.textContent = label; }, 2000); }
            function select() { area.select(); document.execCommand("copy"); done(); }
            if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(area.value).then(done, select); }
            else { select(); }
          });
        });
        """

    static let template: MustacheTemplate = {
        // A literal, checked by the tests: it always parses.
        try! MustacheTemplate(string: """
            <!doctype html>
            <html lang="{{lang}}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{title}}</title>
            <style>\(style)</style>
            </head>
            <body>
            <h1>{{heading}}</h1>
            <form class="ask" method="post" action="/status">
              <label>{{keyLabel}}<input type="password" name="key" autocomplete="off" required value="{{key}}"></label>
              <label>{{periodLabel}}<input name="period" value="{{period}}" placeholder="2026-10" required size="8"></label>
              {{#admin}}<label>{{provinceLabel}}<select name="province">{{#provinceChoices}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{code}} {{name}}</option>{{/provinceChoices}}</select></label>{{/admin}}
              <label>{{languageLabel}}<select name="lang"><option value="vi"{{#vi}} selected{{/vi}}>Tiếng Việt</option><option value="en"{{^vi}} selected{{/vi}}>English</option></select></label>
              <button type="submit">{{show}}</button>
            </form>
            {{#problem}}<p class="problem" role="alert">{{problem}}</p>{{/problem}}
            {{#done}}<p class="done" role="status" id="review-done">{{done}}</p>{{/done}}
            {{#status}}
            <h2>{{provinceName}} — {{periodName}}</h2>
            <p>{{dueLine}}</p>
            {{#closedLine}}<p class="closed" id="closed">{{closedLine}}</p>{{/closedLine}}
            <table class="rates">
            <tbody>
            <tr><th>{{reportingLabel}}</th><td class="number" id="reporting-rate">{{reporting}}</td></tr>
            <tr><th>{{timelinessLabel}}</th><td class="number" id="timeliness-rate">{{timeliness}}</td></tr>
            {{#counts}}<tr><th>{{label}}</th><td class="number">{{count}}</td></tr>{{/counts}}
            </tbody>
            </table>
            {{#hasReports}}<div class="downloads">{{reportsLabel}}: {{#reports}}<form method="post" action="/status/report"><input type="hidden" name="key" value="{{key}}"><input type="hidden" name="period" value="{{period}}"><input type="hidden" name="province" value="{{provinceCode}}"><input type="hidden" name="format" value="{{format}}"><button type="submit">{{label}}</button></form>{{/reports}}</div>{{/hasReports}}
            {{^hasReports}}<p class="hint">{{noReports}}</p>{{/hasReports}}
            {{#digest}}<label class="reminder digest" id="digest">{{digestLabel}}<textarea readonly rows="3">{{digest}}</textarea><button type="button" class="copy" hidden data-done="{{copied}}">{{copy}}</button></label>{{/digest}}
            <table class="communes">
            <thead><tr><th>{{codeLabel}}</th><th>{{communeLabel}}</th><th>{{statusLabel}}</th><th>{{timeLabel}}</th><th>{{fileLabel}}</th></tr></thead>
            <tbody>
            {{#communes}}<tr class="{{kind}}" id="commune-{{code}}"><td>{{code}}</td><td>{{name}}</td><td><span class="badge">{{label}}</span>{{#reviewNote}}<br><span class="hint">{{reviewNote}}</span>{{/reviewNote}}{{#imputed}}<br><span class="hint">{{imputed}}</span>{{/imputed}}{{#hasErrors}}<ul class="errors">{{#errors}}<li>{{.}}</li>{{/errors}}</ul>{{/hasErrors}}{{#reminder}}<label class="reminder">{{reminderLabel}}<textarea readonly rows="4">{{reminder}}</textarea><button type="button" class="copy" hidden data-done="{{copied}}">{{copy}}</button></label>{{/reminder}}</td><td>{{time}}</td><td>{{file}}</td></tr>
            {{/communes}}
            </tbody>
            </table>
            <form class="review" method="post" action="/status/review" id="review">
              <input type="hidden" name="key" value="{{key}}"><input type="hidden" name="period" value="{{period}}"><input type="hidden" name="province" value="{{provinceCode}}"><input type="hidden" name="lang" value="{{lang}}">
              <label>{{actionLabel}}<select name="action">{{#actions}}<option value="{{value}}">{{label}}</option>{{/actions}}</select></label>
              <label>{{communeCodeLabel}}<input name="commune" size="7" placeholder="03390"></label>
              <label>{{reasonLabel}}<input name="reason" size="40"></label>
              <button type="submit">{{doIt}}</button>
            </form>
            <p class="hint">{{reviewHint}}</p>
            <script>\(script)</script>
            {{/status}}
            </body>
            </html>
            """)
    }()

    /// What the form holds.
    struct Form {
        var key = ""
        var period = ""
        var province: String?
        var language = Language.vi
        var format: String?
        /// A review action asked for (`POST /status/review`): its kind, commune and reason.
        var action: String?
        var commune: String?
        var reason: String?

        /// Parses an `application/x-www-form-urlencoded` body.
        init(body: [UInt8]) {
            var components = URLComponents()
            components.percentEncodedQuery = String(decoding: body, as: UTF8.self).replacingOccurrences(of: "+", with: "%20")
            for item in components.queryItems ?? [] {
                let value = (item.value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                switch item.name {
                case "key": key = value
                case "period": period = value
                case "province": province = value.isEmpty ? nil : value
                case "lang": language = value == "en" ? .en : .vi
                case "format": format = value
                case "action": action = value
                case "commune": commune = value.isEmpty ? nil : value
                case "reason": reason = value
                default: break
                }
            }
        }

        init() {}
    }

    /// A report of the month that can be downloaded, when it exists.
    struct Download {
        var format: String
        var label: String
    }

    /// The page: the form alone, with a problem, or with the state of the month.
    static func render(form: Form, problem: String? = nil, done: String? = nil, status: MonthStatus.Province? = nil, period: Period? = nil,
                       issues: [Int64: [ValidationIssue]] = [:], downloads: [Download] = [],
                       adminProvinces: [(code: String, name: String)]? = nil, reminders: Reminders? = nil) -> String {
        let w = Words(language: form.language)
        var page: [String: Any] = [
            "lang": form.language.rawValue, "vi": form.language == .vi,
            "title": w("Tình trạng báo cáo chuyển đổi số", "Digital transformation reports: state of the month"),
            "heading": w("Tình trạng báo cáo chuyển đổi số hằng tháng", "Monthly digital transformation reports: who has sent"),
            "keyLabel": w("Khoá truy cập của Sở", "Department key"), "periodLabel": w("Tháng (YYYY-MM)", "Month (YYYY-MM)"),
            "provinceLabel": w("Tỉnh", "Province"), "languageLabel": w("Ngôn ngữ", "Language"),
            "show": w("Xem", "Show"), "key": form.key, "period": form.period,
        ]
        if let problem { page["problem"] = problem }
        if let done { page["done"] = done }
        if let adminProvinces {
            page["admin"] = true
            page["provinceChoices"] = adminProvinces.map { ["code": $0.code, "name": $0.name, "selected": $0.code == form.province] }
        }
        if let status, let period {
            let rate = { (count: Int) in MonthStatus.rate(count, of: status.expected, form.language) }
            page["status"] = [
                "provinceName": status.name, "provinceCode": status.code,
                "periodName": period.monthName(form.language),
                "dueLine": w("Hạn nộp: hết ngày \(status.dueDay(.vi)) (giờ Việt Nam).",
                             "Due by the end of \(status.dueDay(.en)) (Vietnam time)."),
                "reportingLabel": w("Tỷ lệ báo cáo (đã nhận ÷ phải nộp)", "Reporting rate (accepted ÷ expected)"),
                "timelinessLabel": w("Tỷ lệ đúng hạn (đúng hạn ÷ phải nộp)", "Timeliness rate (on time ÷ expected)"),
                "reporting": rate(status.accepted), "timeliness": rate(status.onTime),
                "counts": MonthStatus.Kind.allCases.map { kind in
                    ["label": kind.label(form.language).capitalisedFirst, "count": status.communes.count { $0.kind == kind }] as [String: Any]
                },
                "hasReports": !downloads.isEmpty,
                "reportsLabel": w("Báo cáo của tháng", "The month's reports"),
                "noReports": w("Chưa có báo cáo của tháng này (dti report hoặc dti run viết báo cáo).",
                               "No report for this month yet (dti report or dti run writes them)."),
                "reports": downloads.map { ["format": $0.format, "label": $0.label] },
                "codeLabel": w("Mã xã", "Code"), "communeLabel": w("Xã, phường", "Commune"),
                "statusLabel": w("Tình trạng", "Status"), "timeLabel": w("Tệp cuối nhận lúc", "Last file received"),
                "fileLabel": w("Tệp", "File"),
                "actionLabel": w("Việc của Sở", "Action"), "communeCodeLabel": w("Mã xã", "Commune code"),
                "reasonLabel": w("Lý do (khi trả lại)", "Reason (to return)"), "doIt": w("Thực hiện", "Do it"),
                "actions": [("return", w("Trả lại số liệu của xã", "Return a commune's figures")),
                            ("accept", w("Duyệt lại / nhận số liệu đến sau khi chốt", "Accept again / take in what came after closing")),
                            (status.closing == nil ? "close" : "reopen",
                             status.closing == nil ? w("Chốt số liệu của tháng", "Close the month") : w("Mở lại tháng", "Reopen the month"))]
                    .map { ["value": $0.0, "label": $0.1] },
                "reviewHint": w("Xã bị trả lại không được xếp hạng cho đến khi gửi tệp mới; xã thấy lý do trên trang gửi báo cáo. Tháng đã chốt giữ nguyên báo cáo; tệp đến sau vẫn được nhận và chờ duyệt.",
                                "A returned commune is not ranked until it sends a new file; it sees the reason on the upload page. A closed month keeps its reports; later files are still received and wait to be accepted."),
                "digest": reminders?.digests.first { $0.provinceCode == status.code }?.text ?? "",
                "digestLabel": w("Tin nhắc cho nhóm Zalo của tỉnh (chọn và chép)", "Reminder for the province's group chat (select and copy)"),
                "reminderLabel": w("Tin nhắc (chọn và chép vào Zalo)", "Reminder (select and copy into Zalo)"),
                "copy": w("Chép", "Copy"),
                "copied": w("Đã chép", "Copied"),
                "communes": status.communes.map { commune in
                    var row: [String: Any] = [
                        "kind": commune.kind.rawValue, "code": commune.unit.communeCode, "name": commune.unit.fullName,
                        "label": commune.label(form.language),
                        "time": commune.lastFile.map { MonthStatus.time.string(from: $0.at) } ?? "",
                        "file": commune.lastFile?.name ?? "",
                    ]
                    if let returned = commune.returned {
                        row["reviewNote"] = w("trả lại lúc \(MonthStatus.time.string(from: returned.at)) (\(returned.author))",
                                              "returned at \(MonthStatus.time.string(from: returned.at)) (\(returned.author))")
                    } else if let after = commune.afterClosing {
                        row["reviewNote"] = w("nhận sau khi chốt: \(after.file), \(after.changes ? "thay đổi số liệu, chờ duyệt" : "không đổi số liệu")",
                                              "received after closing: \(after.file), \(after.changes ? "changes the figures, waiting" : "the same figures")")
                    }
                    if let reminder = reminders?.messages.first(where: { $0.unit.communeCode == commune.unit.communeCode }) {
                        row["reminder"] = reminder.text
                    }
                    if let from = commune.imputedFrom {
                        row["imputed"] = w("xếp hạng theo số liệu \(from)", "ranked on its figures of \(from)")
                    }
                    if let id = commune.refusedFileID, let found = issues[id], !found.isEmpty {
                        row["hasErrors"] = true
                        row["errors"] = found.map { $0.formatted(form.language) }
                    }
                    return row
                },
            ] as [String: Any]
            if let closing = status.closing, var shown = page["status"] as? [String: Any] {
                let at = MonthStatus.time.string(from: closing.at)
                shown["closedLine"] = w("Đã chốt số liệu lúc \(at) (\(closing.author)): báo cáo giữ nguyên; \(status.pendingChanges) thay đổi chờ duyệt.",
                                        "Closed at \(at) (\(closing.author)): the reports stay as they are; \(status.pendingChanges) change(s) waiting to be accepted.")
                page["status"] = shown
            }
        }
        return template.render(page)
    }
}
