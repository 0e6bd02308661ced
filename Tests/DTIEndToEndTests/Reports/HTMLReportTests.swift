import DTICore
import DTITestSupport
import DTISQLite
import Foundation
import Testing

/// The HTML report of the sample, met the way a leader meets it: its narrative held against
/// figures worked out here from `dti export`, its charts read as SVG, and the page printed to
/// PDF by headless Chromium.
struct HTMLReportTests {
    typealias T = TestData

    /// The sample reported in Vietnamese: the working folder and the HTML.
    static func sample() throws -> (folder: URL, out: URL, html: String) {
        let out = T.temporaryFolder()
        let (folder, run) = try EndToEndTests().runSample(out: out, lang: "vi")
        #expect(run.status == 65)
        let html = try String(contentsOf: out.appendingPathComponent("2026-10/dti-2026-10-12.html"), encoding: .utf8)
        return (folder, out, html)
    }

    /// Each ranked commune's DTI in `period`, from the export (full precision).
    static func scores(_ period: String, in folder: URL) throws -> [(name: String, dti: Double)] {
        let export = try EndToEndTests().dti(["export", "--period", period], in: folder)
        let lines = export.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(lines.first)
        let name = try #require(header.firstIndex(of: "commune_name")), dti = try #require(header.firstIndex(of: "dti"))
        return lines.dropFirst().compactMap { row in Double(row[dti]).map { (row[name], $0) } }
    }

    /// Two decimals, half up, decimal comma: as a Vietnamese reader writes a score.
    static func vietnamese(_ value: Double) -> String {
        String(format: "%.2f", (value * 100).rounded(.toNearestOrAwayFromZero) / 100).replacingOccurrences(of: ".", with: ",")
    }

    @Test func theNarrativeSaysWhatTheFiguresSay() throws {
        let (folder, _, html) = try Self.sample()
        let october = try Self.scores("2026-10", in: folder), september = try Self.scores("2026-09", in: folder)
        #expect(october.count == 35)
        let mean = october.map(\.dti).reduce(0, +) / Double(october.count)
        let before = september.map(\.dti).reduce(0, +) / Double(september.count)
        let change = mean - before
        let word = change >= 0 ? "tăng" : "giảm"
        #expect(html.contains("<p>Tháng 10/2026, 35/38 xã, phường đã báo cáo (92,11 %), trong đó 33 đúng hạn.</p>"), "\(html.prefix(3000))")
        #expect(html.contains("<p>DTI bình quân của tỉnh đạt \(Self.vietnamese(mean)) điểm, \(word) \(Self.vietnamese(abs(change))) điểm so với tháng 9/2026.</p>"),
                "\(html.components(separatedBy: "narrative")[1].prefix(800))")
        let best = try #require(october.max { $0.dti < $1.dti }), last = try #require(october.min { $0.dti < $1.dti })
        #expect(html.contains("Dẫn đầu là Phường \(best.name) (\(Self.vietnamese(best.dti)) điểm); xếp cuối là Xã \(last.name) (\(Self.vietnamese(last.dti)) điểm)."))
        #expect(html.contains("2 xã, phường chưa gửi gì; 1 xã có tệp bị từ chối đang chờ sửa; 2 xã gửi muộn (vẫn được xếp hạng)."))
        // Self-contained and script-free.
        #expect(!html.contains("<script") && !html.contains("http://") || html.contains("http://www.w3.org/2000/svg"))
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http"))
    }

    @Test func theRankingChartNamesEveryCommuneAndPrintsWhole() throws {
        let (folder, out, html) = try Self.sample()
        let ranking = try #require(html.components(separatedBy: "<figure class=\"ranking\">").dropFirst().first?
            .components(separatedBy: "</figure>").first)
        let october = try Self.scores("2026-10", in: folder)
        #expect(ranking.components(separatedBy: "<rect").count - 1 == october.count)
        for commune in october { #expect(ranking.contains(commune.name), "\(commune.name)") }
        // The print rules: a figure is never cut, headers repeat, the first page stands alone, pages are numbered.
        for rule in ["@page { size: A4", "figure, tr, .signature { break-inside: avoid; }", "thead { display: table-header-group; }",
                     ".cover { break-after: page; }", "content: counter(page) \" / \" counter(pages)"] {
            #expect(html.contains(rule), "\(rule)")
        }
        guard let pages = try Self.print(out.appendingPathComponent("2026-10/dti-2026-10-12.html"), in: out) else { return }
        #expect(pages.count >= 3 && pages.count < 20, "\(pages.count) pages")
        let first = pages.firstIndex { $0.text.contains("1. Phường Đoàn Kết") }
        let last = pages.firstIndex { $0.text.contains("35. Xã Bình Lư") }
        #expect(first != nil && first == last, "the ranking chart is split across pages \(String(describing: first)) and \(String(describing: last))")
        // The method is an annex, after the scorecard and the lists.
        let annex = pages.firstIndex { $0.text.contains("Phụ lục — Phương pháp") }
        let scorecard = pages.firstIndex { $0.text.contains("Bảng điểm theo chỉ số") }
        #expect(annex != nil && scorecard != nil && annex! >= scorecard!, "annex on page \(String(describing: annex)), scorecard on \(String(describing: scorecard))")
    }

    /// A printed page: its text, and the share of it left blank below the text (the footer
    /// with the page number aside), from a grey rendering at 30 dpi.
    struct PrintedPage {
        var text: String
        var blank: Double
    }

    /// Prints `page` with headless Chromium to PDF and reads each page back (nil, and no
    /// issue unless the browser is required, on a machine without Chromium or poppler).
    static func print(_ page: URL, in folder: URL) throws -> [PrintedPage]? {
        guard ServerBrowserTests.browserAvailable, FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext") else {
            #expect(!ServerBrowserTests.required, "DTI_REQUIRE_BROWSER=1 but chromium or poppler-utils (pdftotext) is missing")
            return nil
        }
        let pdf = folder.appendingPathComponent("report.pdf")
        let print = try EndToEndTests.run(URL(fileURLWithPath: "/usr/bin/chromium"), [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", page.absoluteString])
        #expect(FileManager.default.fileExists(atPath: pdf.path), "\(print.stderr)")
        let images = folder.appendingPathComponent("pages")
        _ = try EndToEndTests.run(URL(fileURLWithPath: "/usr/bin/pdftoppm"), ["-r", "30", "-gray", pdf.path, images.path])
        var pages: [PrintedPage] = []
        for number in 1...40 {
            let text = try EndToEndTests.run(URL(fileURLWithPath: "/usr/bin/pdftotext"),
                                             ["-f", "\(number)", "-l", "\(number)", "-layout", pdf.path, "-"])
            guard text.status == 0 else { break }
            let name = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .first { $0.hasPrefix("pages-") && $0.hasSuffix(".pgm") && Int($0.dropFirst(6).dropLast(4)) == number }
            let image = try #require(name.flatMap { FileManager.default.contents(atPath: folder.appendingPathComponent($0).path) })
            pages.append(PrintedPage(text: text.stdout, blank: blankShare(pgm: [UInt8](image))))
        }
        return pages
    }

    /// The share of a grey image (binary PGM) below its last row with ink, the bottom 7 %
    /// (the page number's margin) left out.
    static func blankShare(pgm: [UInt8]) -> Double {
        // Header: “P5”, width, height, maximum, each after white space; then one byte a pixel.
        var fields: [Int] = [], index = 2, number = ""
        while fields.count < 3 {
            let byte = pgm[index]
            if (48...57).contains(byte) { number.append(Character(UnicodeScalar(byte))) } else if !number.isEmpty { fields.append(Int(number)!); number = "" }
            index += 1
        }
        let width = fields[0], height = fields[1], pixels = pgm[index...]
        let body = Int(Double(height) * 0.93)
        var lastInked = 0
        for row in 0..<body where pixels.dropFirst(row * width).prefix(width).contains(where: { $0 < 200 }) { lastInked = row }
        return Double(body - lastInked) / Double(body)
    }

    /// The leader's page of a province, as the department's config makes it: the issuing
    /// agency, the date line and the signature; the first page alone says it all; no page but
    /// the last more than a third blank; tiers and the scorecard's colours as worked out here
    /// from the export; the department's map drawn, its stray feature and missing communes listed.
    @Test func theLeadersPageSaysItAllOnItsFirstPageAndPrintsFull() throws {
        let e2e = EndToEndTests()
        let folder = T.temporaryFolder()
        let register = T.packageRoot.appendingPathComponent("data/registers/vn_units_2026-04.csv").path
        #expect(try e2e.dti(["units", "import", register], in: folder).status == 0)
        // Made-up squares for three communes of the sample, and one feature matching no commune.
        func square(_ code: String, _ x: Double, _ y: Double) -> String {
            "{\"type\":\"Feature\",\"properties\":{\"code\":\"\(code)\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[\(x),\(y)],[\(x + 0.1),\(y)],[\(x + 0.1),\(y + 0.1)],[\(x),\(y + 0.1)],[\(x),\(y)]]]}}"
        }
        let map = folder.appendingPathComponent("ban-do.geojson")
        try Data("{\"type\":\"FeatureCollection\",\"features\":[\(square("03388", 103.1, 22.3)),\(square("3390", 103.2, 22.3)),\(square("03394", 103.3, 22.3)),\(square("99999", 104, 23))]}".utf8).write(to: map)
        let config = folder.appendingPathComponent("dti.toml")
        try Data("""
            [report]
            agency = "UBND TỈNH LAI CHÂU\\nSỞ KHOA HỌC VÀ CÔNG NGHỆ"
            place = "Lai Châu"
            signer = "Nguyễn Văn An"
            signer_title = "KT. GIÁM ĐỐC\\nPHÓ GIÁM ĐỐC"
            [map]
            geojson = "ban-do.geojson"

            """.utf8).write(to: config)
        let inbox = try T.sampleInbox(in: folder)
        let out = folder.appendingPathComponent("out")
        let run = try e2e.dti(["--config", config.path, "run", "--inbox", inbox.path, "--period", "2026-10", "--out", out.path], in: folder)
        #expect(run.status == 65, "\(run.stderr)")
        let page = out.appendingPathComponent("2026-10/dti-2026-10-12.html")
        let html = try String(contentsOf: page, encoding: .utf8)
        let cover = try #require(html.components(separatedBy: "<section class=\"cover\">").dropFirst().first?.components(separatedBy: "</section>").first)
        for text in ["UBND TỈNH LAI CHÂU\nSỞ KHOA HỌC VÀ CÔNG NGHỆ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Lai Châu, ngày 1 tháng 12 năm 2026",
                     "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", "Nguyễn Văn An", "số liệu tính đến", "Dẫn đầu và cuối bảng",
                     "Chưa gửi (2): ", "tệp bị từ chối, chờ sửa (1): Xã Khun Há"] {
            #expect(cover.contains(text), "\(text)")
        }
        #expect(!cover.contains("SHA-256") && html.contains("SHA-256"), "the fingerprint is in the annex, not on the first page")

        // Tiers and the scorecard, against the export and the default file's targets worked by hand.
        let export = try e2e.dti(["export", "--period", "2026-10"], in: folder).stdout.split(separator: "\n")
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = export[0]
        let targets: [(column: String, target: Double)] = [("mobile_broadband_villages", 1), ("fibre_villages", 1), ("fibre_households", 0.8),
                                                          ("smartphone_adults", 0.8), ("full_process_services", 0.8), ("online_dossiers", 0.5)]
        let scorecard = try #require(html.components(separatedBy: "<table class=\"scorecard\">").dropFirst().first?.components(separatedBy: "</table>").first)
        let ranking = try #require(html.components(separatedBy: "<section class=\"full-ranking\">").dropFirst().first?.components(separatedBy: "</table>").first)
        var judged = 0
        for row in export.dropFirst() where !row[header.firstIndex(of: "rank")!].isEmpty {
            let name = row[header.firstIndex(of: "commune_name")!], dti = Double(row[header.firstIndex(of: "dti")!])!
            let line = try #require(scorecard.components(separatedBy: "<tr>").first { $0.contains(" \(name)</td>") }, "\(name)")
            let classes = line.matches(of: /<td class="num ?([a-z]*)"/).map { String($0.output.1) }.suffix(targets.count)
            for ((column, target), found) in zip(targets, classes) {
                let value = Double(row[header.firstIndex(of: column)!])!
                let expected = value >= target - 1e-12 ? "met" : value >= 0.8 * target - 1e-12 ? "near" : "missed"
                #expect(found == expected, "\(name) \(column) \(value): \(found)")
                judged += 1
            }
            let rounded = (dti * 100).rounded(.toNearestOrAwayFromZero) / 100
            let tier = rounded >= 80 ? "Tốt" : rounded >= 65 ? "Khá" : rounded >= 50 ? "Trung bình" : "Yếu"
            let rankingLine = try #require(ranking.components(separatedBy: "<tr>").first { $0.contains(">\(row[header.firstIndex(of: "commune_code")!])</td>") })
            #expect(rankingLine.contains(">\(tier)</td></tr>"), "\(name) \(rounded): \(rankingLine)")
        }
        #expect(judged == 35 * targets.count)

        // The map: the three communes drawn, the stray feature and the communes without one listed.
        let drawn = try #require(html.components(separatedBy: "<figure class=\"map\">").dropFirst().first?.components(separatedBy: "</figure>").first)
        #expect(drawn.components(separatedBy: "<path ").count - 1 == 3)
        #expect(html.contains("1 vùng trên bản đồ không ứng với xã, phường nào của tỉnh: 99999."))
        #expect(html.contains("35 xã, phường không có trên bản đồ: "), "38 communes, 3 on the map")

        guard let pages = try Self.print(page, in: folder) else { return }
        #expect(pages[0].text.contains("Dẫn đầu và cuối bảng") && pages[0].text.contains("Nguyễn Văn An") && !pages[0].text.contains("Bảng xếp hạng"))
        #expect(pages[1].text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("Bảng xếp hạng"))
        for (index, printed) in pages.enumerated() {
            // “3 / 7” in the footer (pdftotext may close up the spaces).
            #expect(printed.text.replacingOccurrences(of: " ", with: "").contains("\(index + 1)/\(pages.count)"), "page \(index + 1) is numbered")
            if index < pages.count - 1 { #expect(printed.blank <= 1.0 / 3, "page \(index + 1) is \(Int(printed.blank * 100)) % blank") }
        }
    }

    /// What `Tests/browser/report_page.py` measures of a page at `width` CSS pixels.
    static func measure(_ page: URL, width: Int) throws -> [String: Any]? {
        guard ServerBrowserTests.browserAvailable else { return nil }
        let stdout = try ServerBrowserTests.drive("report_page.py", ["--file", page.path, "--width", "\(width)"])
        return try JSONSerialization.jsonObject(with: stdout) as? [String: Any]
    }

    /// A page read on a 390 px phone (the Zalo case) and a 1280 px screen: it never scrolls
    /// sideways as a whole (a wide table scrolls in its own box), chart labels are 11 px or
    /// more, table text 11 px or more.
    static func expectReadable(_ page: URL) throws {
        for width in [390, 1280] {
            guard let facts = try measure(page, width: width) else { return }
            let label = facts["smallestLabel"] as? Double ?? 0, text = facts["smallestTableText"] as? Double ?? 0
            #expect((facts["page"] as? Int ?? .max) <= width, "\(page.lastPathComponent) at \(width) px: \(facts)")
            #expect(label >= 11 && text >= 11, "\(page.lastPathComponent) at \(width) px: \(facts)")
            #expect((facts["looseTables"] as? [String])?.isEmpty == true, "\(page.lastPathComponent) at \(width) px: \(facts)")
        }
    }

    /// The sample's page, Hồ Chí Minh City's (168 communes) and the country's, on a phone, a
    /// screen and A4: readable, and no printed page but the last more than a third blank.
    @Test func aLargeProvinceAndTheCountryReadOnAPhoneAndPrintFull() throws {
        let e2e = EndToEndTests()
        let folder = T.temporaryFolder()
        try e2e.largeProvince(periods: "2026-09..2026-10", in: folder)
        let out = folder.appendingPathComponent("out")
        let report = try e2e.dti(["report", "--period", "2026-10", "--scope", "all", "--province", "79", "--out", out.path], in: folder)
        #expect(report.status == 0, "\(report.stderr)")
        let (_, sampleOut, _) = try Self.sample()
        let pages = [out.appendingPathComponent("2026-10/dti-2026-10-79.html"), out.appendingPathComponent("2026-10/dti-2026-10-national.html"),
                     sampleOut.appendingPathComponent("2026-10/dti-2026-10-12.html")]
        for page in pages {
            #expect(FileManager.default.fileExists(atPath: page.path), "\(page.path)")
            try Self.expectReadable(page)
            let printFolder = T.temporaryFolder()
            guard let printed = try Self.print(page, in: printFolder) else { continue }
            for (index, sheet) in printed.enumerated().dropLast() {
                #expect(sheet.blank <= 1.0 / 3, "\(page.lastPathComponent): page \(index + 1) of \(printed.count) is \(Int(sheet.blank * 100)) % blank")
            }
            #expect(printed[0].text.contains(page.lastPathComponent.contains("national") ? "Xếp hạng tỉnh" : "Dẫn đầu và cuối bảng"),
                    "\(page.lastPathComponent): \(printed[0].text.prefix(1500))")
        }
    }

    /// What a commune writes in its notes is shown as text, never run or rendered as markup.
    @Test func notesFromCommunesAreTextInTheHTML() throws {
        let e2e = EndToEndTests()
        let folder = T.temporaryFolder()
        let register = T.packageRoot.appendingPathComponent("data/registers/vn_units_2026-04.csv").path
        #expect(try e2e.dti(["units", "import", register], in: folder).status == 0)
        let file = folder.appendingPathComponent("x.csv")
        try Data(T.csv([T.canonicalHeader + ",notes",
                        T.row("03388", "2026-10", T.goodFigures) + ",\"<script>alert(1)</script> | [link](javascript:x) **bold**\nline two\""]))
            .write(to: file)
        #expect(try e2e.dti(["ingest", "--period", "2026-10", file.path], in: folder).status == 0)
        #expect(try e2e.dti(["report", "--period", "2026-10", "--out", folder.appendingPathComponent("out").path], in: folder).status == 0)
        let html = try String(contentsOf: folder.appendingPathComponent("out/2026-10/dti-2026-10-12.html"), encoding: .utf8)
        #expect(!html.contains("<script") && !html.contains("<a ") && !html.contains("<strong>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; | [link](javascript:x) **bold**<br>line two"), "\(html.components(separatedBy: "Ghi chú của xã").last?.prefix(600) ?? "")")
    }
}
