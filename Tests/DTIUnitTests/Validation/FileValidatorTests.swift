import DTICore
import DTITestSupport
import DTISQLite
import Foundation
import Testing

struct FileValidatorTests {
    typealias T = TestData

    func codes(_ validation: FileValidation) -> [String] { validation.issues.issues.map(\.code) }

    @Test func readsVietnameseExcelFileWithBOMSemicolonsCRLFAndLostLeadingZeros() {
        let result = T.validate(T.fixture("semicolon-bom-crlf.csv"))
        #expect(result.isAccepted, "\(result.issues.issues)")
        let row = result.rows.first
        #expect(result.rows.count == 1)  // the `;;;;` row Excel leaves is skipped
        #expect(row?.communeCode == "03388")
        #expect(row?.period == Period("2026-10"))
        #expect(row?.figures[.householdsTotal] == 2400)
        #expect(row?.figures[.adultPopulation] == 5000)
    }

    @Test func acceptsNFDHeadersShuffledColumnsTabsAndQuotedNotes() {
        let labels = ["Kỳ báo cáo", "Mã xã"] + Figure.allCases.reversed().map(\.vietnameseLabel) + ["Ghi chú"]
        let header = labels.map { $0.decomposedStringWithCanonicalMapping.uppercased() }.joined(separator: "\t")
        let row = ["2026-10", "3388"] + T.goodFigures.reversed().map(String.init) + ["\"=SUM(A1) | ok\nline two\""]
        let result = T.validate(Array((header + "\n" + row.joined(separator: "\t")).utf8))
        #expect(result.isAccepted, "\(result.issues.issues)")
        #expect(result.rows.first?.figures == Figures(values: T.goodFigures))
        #expect(result.rows.first?.notes == "=SUM(A1) | ok\nline two")
    }

    @Test func refusesFileWhenFibreExceedsVillagesNamingLineAndColumn() throws {
        var figures = T.goodFigures
        figures[2] = 14  // villages_fibre > villages_total (12)
        let result = T.validate(T.csv([T.canonicalHeader, T.row("03388", "2026-10", T.goodFigures),
                                       T.row("03390", "2026-10", figures)]), name: "fibre-over-total.csv")
        #expect(!result.isAccepted)
        #expect(result.rows.isEmpty)  // refused whole: not even the good row
        let issue = try #require(result.issues.issues.first)
        #expect(issue.code == "part-exceeds-total")
        #expect((issue.file, issue.line, issue.column) == ("fibre-over-total.csv", 3, 5))
        #expect(issue.message.en.contains("(14)") && issue.message.en.contains("(12)"))
        #expect(issue.formatted(.en).hasPrefix("fibre-over-total.csv:3:5: error [part-exceeds-total]"))
    }

    @Test func decimalFigureIsRefusedAsNotAWholeNumber() throws {
        let line = T.row("03388", "2026-10", T.goodFigures).replacingOccurrences(of: ",1800,", with: ",\"0,71\",")
        let result = T.validate(T.csv([T.canonicalHeader, line]))
        let issue = try #require(result.issues.issues.first)
        #expect(issue.code == "value-not-whole-number")
        #expect(issue.column == 8)
        #expect(issue.message.vi.contains("0,71"))
    }

    @Test func everyRuleOfTheContractHasItsCode() {
        var services = T.goodFigures
        services[9] = 100  // partial 100 + full 120 > 200
        var negative = T.goodFigures
        negative[3] = -1
        var zeroAdults = T.goodFigures
        zeroAdults[6] = 0
        zeroAdults[7] = 0
        let cases: [(String, String)] = [
            (T.row("99999", "2026-10", T.goodFigures), "commune-unknown"),
            (T.row("03388", "2026-11", T.goodFigures), "period-after-run"),
            (T.row("03388", "2026-13", T.goodFigures), "period-format"),
            (T.row("3388x", "2026-10", T.goodFigures), "commune-code-format"),
            (T.row("03388", "2026-10", services), "services-exceed-total"),
            (T.row("03388", "2026-10", negative), "value-below-minimum"),
            (T.row("03388", "2026-10", zeroAdults), "value-below-minimum"),
            (T.row("03388", "2024-10", T.goodFigures), "no-register-for-period"),
            (T.row("03388", "2026-10", T.goodFigures).replacingOccurrences(of: ",5,", with: ",,"), "value-missing"),
            (T.row("03388", "2026-10", T.goodFigures) + ",extra", "row-extra-values"),
        ]
        for (line, code) in cases {
            let result = T.validate(T.csv([T.canonicalHeader, line]))
            #expect(codes(result) == [code], "\(line)")
        }
    }

    @Test func headerProblemsAreReported() {
        let unknown = T.validate(T.csv([T.canonicalHeader + ",so_ho_cap", T.row("03388", "2026-10", T.goodFigures) + ",1"]))
        #expect(codes(unknown) == ["header-unknown-column"])
        let missing = T.validate(T.csv([T.canonicalHeader.replacingOccurrences(of: ",dossiers_online", with: ""),
                                        "03388,2026-10,12,12,9,5,2400,1800,5000,3000,200,10,120,300"]))
        #expect(codes(missing) == ["header-missing-column"])
    }

    /// The row-number column of Vietnamese forms (STT, TT, Số TT, Số thứ tự) is read and
    /// ignored, whatever it holds; any other unknown heading is still refused.
    @Test(arguments: ["STT", "stt", "TT", "Số TT", "Số thứ tự", "S.T.T"])
    func aSequenceNumberColumnIsIgnored(_ heading: String) {
        let result = T.validate(T.csv(["\"\(heading)\"," + T.canonicalHeader, "1," + T.row("03388", "2026-10", T.goodFigures),
                                       "2," + T.row("03390", "2026-10", T.goodFigures)]))
        #expect(result.isAccepted, "\(heading): \(result.issues.issues)")
        #expect(result.rows.map { $0.figures.list } == [T.goodFigures, T.goodFigures])
        let other = T.validate(T.csv(["Ghi chú thêm," + T.canonicalHeader, "x," + T.row("03388", "2026-10", T.goodFigures)]))
        #expect(codes(other) == ["header-unknown-column"])
    }

    /// A value under a blank heading has nowhere to go: refused, naming its column (blank
    /// under a blank heading, or under the row-number column, is fine).
    @Test func aValueUnderABlankHeadingIsRefusedNamingItsColumn() {
        let header = "commune_code,,period" + T.canonicalHeader.dropFirst("commune_code,period".count)
        let row = { (cell: String) in T.row("03388", "2026-10", T.goodFigures).replacingOccurrences(of: ",2026-10,", with: ",\(cell),2026-10,") }
        let blank = T.validate(T.csv([header, row(""), row("").replacingOccurrences(of: "03388", with: "03390")]))
        #expect(blank.isAccepted, "\(blank.issues.issues)")
        let filled = T.validate(T.csv([header, row(""), row("x").replacingOccurrences(of: "03388", with: "03390")]))
        #expect(codes(filled) == ["value-without-heading"])
        #expect(filled.issues.issues.first?.line == 3 && filled.issues.issues.first?.column == 2)
        let numbered = T.validate(T.csv(["STT," + header, "1," + row("")]))
        #expect(numbered.isAccepted, "\(numbered.issues.issues)")
    }

    @Test func duplicateRowForSameCommuneAndPeriodIsRefused() {
        let line = T.row("03388", "2026-10", T.goodFigures)
        let result = T.validate(T.csv([T.canonicalHeader, line, line]))
        #expect(codes(result) == ["duplicate-row"])
        #expect(result.issues.issues.first?.line == 3)
    }

    @Test func communeNameMismatchIsOnlyAWarning() {
        let header = T.canonicalHeader + ",commune_name"
        let result = T.validate(T.csv([header, T.row("03388", "2026-10", T.goodFigures) + ",Xã Đoàn Kết",
                                       T.row("03390", "2026-10", T.goodFigures) + ",Bình Lu"]))
        #expect(result.isAccepted)
        #expect(codes(result) == ["commune-name-mismatch"])
        #expect(result.issues.issues.first?.severity == .warning)
    }

    @Test(arguments: [
        ("windows-1258", "file-not-utf8"), ("utf16", "file-utf16"), ("zip", "workbook-unreadable"), ("xls", "file-is-workbook"),
        ("empty", "file-empty"), ("delimiters-only", "file-empty"), ("header-only", "file-no-rows"),
        ("unclosed", "file-unclosed-quote"),
    ])
    func refusesFilesThatAreNotUsableCSV(kind: String, code: String) {
        let bytes: [UInt8]
        switch kind {
        case "windows-1258": bytes = T.fixture("windows-1258.csv")
        case "utf16": bytes = [0xFF, 0xFE] + Array("c\0o\0".utf8)
        case "zip": bytes = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00]
        case "xls": bytes = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]
        case "empty": bytes = Array("\r\n \n".utf8)
        // Excel's “CSV” of a sheet whose empty rows were formatted: delimiters and nothing else.
        case "delimiters-only": bytes = Array(";;;;\r\n; ;;;\r\n".utf8)
        case "header-only": bytes = T.csv([T.canonicalHeader])
        default: bytes = T.csv([T.canonicalHeader + ",notes", T.row("03388", "2026-10", T.goodFigures) + ",\"oops"])
        }
        let result = T.validate(bytes)
        #expect(codes(result) == [code])
        #expect(result.issues.issues.first?.message.en.isEmpty == false)
    }

    @Test func legacyEncodingErrorPointsAtTheLineAndSaysHowToFixIt() throws {
        let issue = try #require(T.validate(T.fixture("windows-1258.csv")).issues.issues.first)
        #expect(issue.line == 2)
        #expect(issue.message.en.contains("CSV UTF-8"))
    }

    @Test func tenThousandBadRowsGiveACappedReportWithACount() {
        var lines = [T.canonicalHeader]
        for _ in 0..<10_000 { lines.append(T.row("99999", "2026-10", T.goodFigures)) }
        let result = T.validate(T.csv(lines))
        #expect(result.issues.errorCount == 10_000)
        #expect(result.issues.issues.count == result.issues.limit)
        #expect(result.issues.omittedCount == 10_000 - result.issues.limit)
    }
}
