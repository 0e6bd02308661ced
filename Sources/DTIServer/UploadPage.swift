import DTICore

/// The upload page at `/`, for commune officers: Vietnamese, one self-contained file (no
/// script or style from elsewhere), working in any current browser.
enum UploadPage {
    /// Each field's canonical name, Vietnamese label and whether it is a yes/no task, as a
    /// JavaScript array (the page shows the figures an upload stored under the labels of the
    /// template: the form's fields, a province's own too).
    static func figureLabels(_ form: Form) -> String {
        func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "<", with: "\\u003c") + "\""
        }
        return "[" + form.fields.map { "[\(quoted($0.name)), \(quoted($0.label.vi)), \($0.kind == .yesNo)]" }
            .joined(separator: ", ") + "]"
    }

    /// The page, for the form uploads are read with.
    static func html(form: Form) -> String {
        let figureLabels = figureLabels(form)
        return #"""
    <!doctype html>
    <html lang="vi">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Gửi báo cáo chuyển đổi số hằng tháng</title>
    <style>
      body { font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1b1b1b; }
      h1 { font-size: 1.5rem; }
      label { display: block; margin-top: 1rem; font-weight: 600; }
      input[type=password], input[type=file] { width: 100%; padding: .4rem; font-size: 1rem; box-sizing: border-box; }
      button { margin-top: 1.2rem; padding: .6rem 1.4rem; font-size: 1rem; cursor: pointer; }
      #result { margin-top: 1.5rem; padding: 1rem; border-radius: .4rem; display: none; }
      #result.ok { display: block; background: #e8f5e9; border: 1px solid #66bb6a; }
      #result.bad { display: block; background: #fdecea; border: 1px solid #e57373; }
      table { border-collapse: collapse; margin-top: .6rem; width: 100%; }
      th, td { border: 1px solid #bbb; padding: .25rem .5rem; text-align: left; vertical-align: top; }
      .hint { color: #555; font-size: .9rem; }
    </style>
    </head>
    <body>
    <h1>Gửi báo cáo chuyển đổi số hằng tháng</h1>
    <p class="hint">Nhập khoá truy cập do Sở cấp và chọn tệp báo cáo của xã/phường: tệp mẫu Excel (.xlsx) đã điền
    (tải mẫu bằng nút bên dưới), hoặc tệp CSV UTF-8.
    Kết quả hiện ngay bên dưới: tệp được nhận, hoặc danh sách lỗi cần sửa theo ô (hoặc dòng và cột).</p>
    <form id="upload">
      <label for="key">Khoá truy cập</label>
      <input type="password" id="key" name="key" autocomplete="off" required>
      <label for="file">Tệp báo cáo (.xlsx hoặc .csv)</label>
      <input type="file" id="file" name="file" accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required>
      <button type="submit" id="send">Gửi báo cáo</button>
      <button type="button" id="template">Tải mẫu báo cáo (.xlsx)</button>
      <button type="button" id="returns">Xem số liệu Sở trả lại</button>
    </form>
    <div id="result" role="status" aria-live="polite"></div>
    <script>
    "use strict";
    const form = document.getElementById("upload");
    const result = document.getElementById("result");
    const figureLabels = \#(figureLabels);
    const resultNames = { new: "\#(Vocabulary.new.vi)", correction: "\#(Vocabulary.correction.vi)", unchanged: "\#(Vocabulary.unchanged.vi)" };

    function cell(row, text) {
      const td = document.createElement("td");
      td.textContent = text === undefined || text === null ? "" : String(text);
      row.appendChild(td);
    }

    function table(headers, rows) {
      const t = document.createElement("table");
      const head = t.insertRow();
      for (const h of headers) { const th = document.createElement("th"); th.textContent = h; head.appendChild(th); }
      for (const r of rows) { const tr = t.insertRow(); for (const v of r) cell(tr, v); }
      return t;
    }

    function show(ok, title, ...parts) {
      result.className = ok ? "ok" : "bad";
      result.replaceChildren();
      const p = document.createElement("p");
      const strong = document.createElement("strong");
      strong.textContent = title;
      p.appendChild(strong);
      result.appendChild(p);
      for (const part of parts) {
        if (typeof part === "string") { const q = document.createElement("p"); q.textContent = part; result.appendChild(q); }
        else result.appendChild(part);
      }
    }

    function issueTable(issues) {
      return table(["Ô / dòng", "Cột", "Lỗi"], issues.map(i => [i.cell ?? i.line ?? "", i.columnName ?? i.column ?? "", i.message.vi]));
    }

    document.getElementById("template").addEventListener("click", async () => {
      const key = document.getElementById("key").value.trim();
      if (!key) { show(false, "Nhập khoá truy cập trước khi tải mẫu."); return; }
      let response;
      try {
        response = await fetch("api/v1/template", { headers: { "Authorization": "Bearer " + key } });
      } catch (error) {
        show(false, "Không tải được mẫu: mất kết nối tới máy chủ. Vui lòng thử lại.");
        return;
      }
      if (!response.ok) {
        const body = await response.json().catch(() => null);
        show(false, body && body.error ? body.error.message.vi : "Không tải được mẫu (mã " + response.status + ").");
        return;
      }
      const name = (/filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "") || [])[1] || "mau-bao-cao.xlsx";
      const link = document.createElement("a");
      link.href = URL.createObjectURL(await response.blob());
      link.download = name;
      document.body.appendChild(link);
      link.click();
      link.remove();
      show(true, "Đã tải mẫu " + name + ": điền số liệu rồi gửi lại tệp này.");
    });

    document.getElementById("returns").addEventListener("click", async () => {
      const key = document.getElementById("key").value.trim();
      if (!key) { show(false, "Nhập khoá truy cập trước."); return; }
      let response, body;
      try {
        response = await fetch("api/v1/returns", { headers: { "Authorization": "Bearer " + key } });
        body = await response.json();
      } catch (error) {
        show(false, "Không kết nối được tới máy chủ. Vui lòng thử lại.");
        return;
      }
      if (!response.ok) { show(false, body && body.error ? body.error.message.vi : "Máy chủ trả lời mã " + response.status + "."); return; }
      if (body.returns.length === 0) { show(true, "Sở không trả lại số liệu nào của đơn vị."); return; }
      show(false, "Sở trả lại số liệu dưới đây: sửa theo lý do rồi gửi lại tệp; tệp mới được nhận sẽ thay số liệu bị trả lại.",
        table(["Xã", "Tháng", "Lý do", "Người trả lại", "Lúc"], body.returns.map(r => [r.commune, r.period, r.reason, r.by, r.at])));
    });

    form.addEventListener("submit", async event => {
      event.preventDefault();
      const file = document.getElementById("file").files[0];
      const key = document.getElementById("key").value.trim();
      if (!file) { show(false, "Chưa chọn tệp."); return; }
      show(true, "Đang gửi " + file.name + "…");
      let response, body;
      try {
        response = await fetch("api/v1/submissions", {
          method: "POST",
          headers: { "Authorization": "Bearer " + key, "Content-Type": /\.xlsx$/i.test(file.name) ? "\#(BodyContent.workbookType)" : "text/csv", "X-File-Name": encodeURIComponent(file.name) },
          body: file
        });
        body = await response.json();
      } catch (error) {
        show(false, "Không gửi được tệp: mất kết nối tới máy chủ. Vui lòng thử lại.");
        return;
      }
      if (body.status === "accepted" || body.status === "already-received") {
        const rows = table(["Dòng", "Xã", "Kỳ báo cáo", "\#(Vocabulary.revision.vi.capitalisedFirst)", "Kết quả"],
          body.rows.map(r => [r.line, (r.communeName ? r.communeName + " (" + r.communeCode + ")" : r.communeCode),
                              r.periodName ? r.periodName.vi : r.period, r.revision, resultNames[r.result] ?? r.result]));
        const parts = body.status === "already-received"
          ? ["Tệp này \#(Vocabulary.alreadyReceived.vi); số liệu vẫn là số liệu hiện hành, \#(Vocabulary.unchanged.vi).", rows]
          : [rows];
        // The figures stored, as the province will score them: one column per row of the file.
        const stored = body.rows.filter(r => r.figures);
        if (stored.length > 0 && stored.length <= 5) {
          parts.push("Số liệu đã lưu (Sở chấm điểm theo các số này):",
            table(["Chỉ tiêu"].concat(stored.map(r => r.communeName || r.communeCode)),
                  figureLabels.filter(([name]) => stored.some(r => name in r.figures))
                    .map(([name, label, yesNo]) => [label].concat(stored.map(r => !(name in r.figures) ? ""
                      : yesNo ? (r.figures[name] ? "Có" : "Không") : String(r.figures[name]))))));
        }
        if (body.warnings.length > 0) parts.push("Lưu ý (tệp vẫn được nhận):", issueTable(body.warnings));
        parts.push("Mã tệp (SHA-256): " + body.file.sha256);
        show(true, "\#(Vocabulary.accepted.vi.capitalisedFirst) tệp " + body.file.name + ".", ...parts);
      } else if (body.status === "refused") {
        const more = body.omittedIssues > 0 ? ["Còn " + body.omittedIssues + " lỗi khác không liệt kê."] : [];
        show(false, "Tệp " + body.file.name + " \#(Vocabulary.refused.vi): có " + body.errors.length + " lỗi cần sửa rồi gửi lại.",
          issueTable(body.errors), ...more);
      } else if (body.error) {
        show(false, body.error.message.vi, ...(body.issues ? [issueTable(body.issues)] : []));
      } else {
        show(false, "Máy chủ trả lời không rõ (mã " + response.status + ").");
      }
    });
    </script>
    </body>
    </html>
    """#
    }
}
