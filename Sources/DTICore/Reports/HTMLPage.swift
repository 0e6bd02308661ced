import Foundation

/// The shell every HTML report shares: one self-contained file (inline style and SVG, no
/// script, nothing fetched) that reads on a 390 px phone and prints on A4 with page numbers.
///
/// Printing: a province's first page is its cover (`.cover`, a page of its own); after it the
/// sections follow one another without forced breaks (a page is never left mostly blank), the
/// method last as an annex; a figure or a table row is never cut and a table's header repeats
/// on every page.
enum HTMLPage {
    static let style = """
        :root { color-scheme: light; }
        body { font-family: "Noto Sans", "DejaVu Sans", system-ui, sans-serif; color: #1b1b1b; line-height: 1.4; margin: 0; }
        main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.45rem; margin: .4rem 0 .3rem; } h2 { font-size: 1.12rem; margin: 1.3rem 0 .45rem; border-bottom: 2px solid #2f6f9f; padding-bottom: .15rem; }
        .letterhead { display: flex; justify-content: space-between; gap: 1rem; text-align: center; font-size: .85rem; }
        .letterhead div { white-space: pre-line; } .agency { font-weight: 600; } .motto { font-weight: 600; }
        .dateline { text-align: right; font-style: italic; font-size: .9rem; margin: .3rem 0; }
        .meta { color: #555; font-size: .85rem; } p { overflow-wrap: anywhere; }
        .currency { font-weight: 600; margin: .2rem 0; } .provisional { color: #a40000; }
        .narrative p { margin: .3rem 0; }
        .signature { margin: .8rem 0 0 auto; width: 18rem; text-align: center; white-space: pre-line; }
        .signature .title { font-weight: 600; } .signature .name { margin-top: 3.2rem; font-weight: 600; }
        figure { margin: .8rem 0; } figcaption { font-size: .85rem; color: #555; }
        figure svg { width: 100%; max-width: 34rem; height: auto; display: block; }
        table { border-collapse: collapse; margin: .3rem 0 .8rem; font-size: .88rem; }
        th, td { border: 1px solid #c8c8c8; padding: .15rem .4rem; vertical-align: top; }
        thead th { background: #dde7f0; }
        .num { text-align: right; white-space: nowrap; } th.num { white-space: normal; }
        td.met { background: #cfe8d4; } td.near { background: #fbe7b0; } td.missed { background: #f4c7c3; }
        .legend span { display: inline-block; padding: 0 .4rem; margin-right: .3rem; border: 1px solid #c8c8c8; }
        .wide { overflow-x: auto; } .wide table.ranking, .wide table.scorecard { width: 100%; }
        table.ranking td:nth-child(3), table.scorecard td:nth-child(2) { white-space: nowrap; }
        .cover table { font-size: .85rem; }
        .panels { display: flex; flex-wrap: wrap; gap: 0 1.2rem; align-items: flex-start; }
        .panels > div { flex: 1 1 17rem; } .panels h2 { margin-top: .3rem; }
        @media (max-width: 40rem) {
          main { padding: .5rem; } body { font-size: .95rem; }
          .letterhead { flex-direction: column; gap: .3rem; }
          table { font-size: .8rem; } .num, table.ranking td:nth-child(3), table.scorecard td:nth-child(2) { white-space: normal; }
          table.ranking td:nth-child(2), table.ranking th:nth-child(2) { display: none; }
        }
        @page { size: A4; margin: 12mm 11mm 14mm;
          @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #555; } }
        @media print {
          body { font-size: 9.5pt; } main { max-width: none; padding: 0; }
          h1 { font-size: 15pt; } h2 { break-after: avoid; } figure, tr, .signature { break-inside: avoid; }
          thead { display: table-header-group; }
          .cover { break-after: page; }
          figure svg { max-width: 27rem; }
          .wide { overflow: visible; }
        }
        """

    /// The whole page around `body`.
    static func page(title: String, language: Language, body: String) -> String {
        """
        <!doctype html>
        <html lang="\(language.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(ReportCharts.escape(title))</title>
        <style>\(style)</style>
        </head>
        <body>
        <main>
        \(body)</main>
        </body>
        </html>

        """
    }

    /// The head of an official document: the issuing agency on the left, the national motto
    /// on the right (Vietnamese only), then “Lào Cai, ngày 5 tháng 11 năm 2026”. Nothing but
    /// the date line when the config names no agency.
    static func letterhead(_ settings: ReportSettings, date: Date?, language: Language) -> String {
        var html = ""
        if let agency = settings.agency {
            html += "<div class=\"letterhead\"><div class=\"agency\">\(ReportCharts.escape(agency))</div>"
            if language == .vi {
                html += "<div class=\"motto\">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc</div>"
            }
            html += "</div>\n"
        }
        if let date {
            html += "<p class=\"dateline\">\(ReportCharts.escape(dateLine(place: settings.place, date: date, language: language)))</p>\n"
        }
        return html
    }

    /// “Lào Cai, ngày 5 tháng 11 năm 2026” / “Lào Cai, 5 November 2026”, Vietnam time.
    static func dateLine(place: String?, date: Date, language: Language) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .vietnam
        let parts = calendar.dateComponents([.day, .month, .year], from: date)
        let day = parts.day ?? 1, month = parts.month ?? 1, year = parts.year ?? 1970
        if language == .vi {
            return (place.map { "\($0), ngày" } ?? "Ngày") + " \(day) tháng \(month) năm \(year)"
        }
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                      "November", "December"]
        return (place.map { "\($0), " } ?? "") + "\(day) \(months[month - 1]) \(year)"
    }

    /// Who signs, under the text of the first page: title, then the name after room to sign.
    static func signature(_ settings: ReportSettings) -> String {
        guard settings.signer != nil || settings.signerTitle != nil else { return "" }
        return "<div class=\"signature\">"
            + (settings.signerTitle.map { "<div class=\"title\">\(ReportCharts.escape($0))</div>" } ?? "")
            + (settings.signer.map { "<div class=\"name\">\(ReportCharts.escape($0))</div>" } ?? "")
            + "</div>\n"
    }

    /// A figure: the SVG and its caption.
    static func figure(_ role: String, _ svg: String, caption: String) -> String {
        "<figure class=\"\(role)\">\(svg)<figcaption>\(ReportCharts.escape(caption))</figcaption></figure>\n"
    }
}
