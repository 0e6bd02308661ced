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
        // The print rules: a figure is never cut, headers repeat, the tables start a page.
        for rule in ["@page { size: A4", "figure, tr { break-inside: avoid; }", "thead { display: table-header-group; }",
                     ".tables, .method { break-before: page; }"] {
            #expect(html.contains(rule), "\(rule)")
        }
        guard ServerBrowserTests.browserAvailable, FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext") else {
            #expect(!ServerBrowserTests.required, "DTI_REQUIRE_BROWSER=1 but chromium or poppler-utils (pdftotext) is missing")
            return
        }
        // Printed by Chromium: the whole ranking chart lands on one page.
        let pdf = out.appendingPathComponent("report.pdf")
        let print = try EndToEndTests.run(URL(fileURLWithPath: "/usr/bin/chromium"), [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)",
            out.appendingPathComponent("2026-10/dti-2026-10-12.html").absoluteString])
        #expect(FileManager.default.fileExists(atPath: pdf.path), "\(print.stderr)")
        var pages: [String] = []
        for page in 1...20 {
            let text = try EndToEndTests.run(URL(fileURLWithPath: "/usr/bin/pdftotext"),
                                             ["-f", "\(page)", "-l", "\(page)", "-layout", pdf.path, "-"])
            guard text.status == 0 else { break }
            pages.append(text.stdout)
        }
        #expect(pages.count >= 3 && pages.count < 20, "\(pages.count) pages")
        let first = pages.firstIndex { $0.contains("1. Phường Đoàn Kết") }
        let last = pages.firstIndex { $0.contains("35. Xã Bình Lư") }
        #expect(first != nil && first == last, "the ranking chart is split across pages \(String(describing: first)) and \(String(describing: last))")
        // The method starts a page of its own.
        #expect(pages.contains { $0.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("Phương pháp") })
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
