import DTICore
import DTITestSupport
import DTISQLite
import Foundation
import Testing

struct SampleGeneratorTests {
    typealias T = TestData

    func generator(_ periods: String, styles: [SampleFileStyle] = SampleFileStyle.allCases, rowsPerFile: Int = 18,
                   corrections: Double = 0) -> SampleGenerator {
        var options = SampleGenerator.Options(periods: PeriodRange(periods)!.periods)
        options.styles = styles
        options.rowsPerFile = rowsPerFile
        options.correctionShare = corrections
        return SampleGenerator(units: T.register.units, options: options)
    }

    func rows(of file: SampleGenerator.SampleFile) -> [SubmissionRow] {
        let validation = T.validate(Array(file.text.utf8), name: file.relativePath)
        #expect(validation.issues.errorCount == 0, "\(file.relativePath): \(validation.issues.issues)")
        return validation.rows
    }

    @Test func everyStyleReadsBackAsTheSameFigures() throws {
        let canonical = generator("2026-03", styles: [.canonical]).files(for: Period("2026-03")!)
        let expected = canonical.flatMap(rows)
        #expect(expected.count == T.register.units.count)
        for style in SampleFileStyle.allCases {
            let files = generator("2026-03", styles: [style]).files(for: Period("2026-03")!)
            let read = files.flatMap(rows)
            #expect(read.map(\.communeCode) == expected.map(\.communeCode), "\(style)")
            #expect(read.map(\.period) == expected.map(\.period), "\(style)")
            #expect(read.map(\.figures) == expected.map(\.figures), "\(style)")
        }
    }

    /// With a province's form (`--form`), every style writes its fields from the month they
    /// come in, reads back as the same values under that form, and passes its checks.
    @Test func aProvincesFieldsAreWrittenInEveryStyleFromTheirMonth() throws {
        let form = try T.provinceForm
        var context = T.context
        context.form = form
        for style in SampleFileStyle.allCases {
            var options = SampleGenerator.Options(periods: PeriodRange("2026-09..2026-10")!.periods)
            options.styles = [style]
            options.form = form
            let generator = SampleGenerator(units: T.register.units, options: options)
            let september = generator.files(for: Period("2026-09")!), october = generator.files(for: Period("2026-10")!)
            #expect(!september[0].text.contains("digital_team_members") && !september[0].text.lowercased().contains("hộ tịch"), "\(style)")
            for file in september + october {
                let read = FileValidator(context: context).validate(Array(file.text.utf8), fileName: file.relativePath)
                #expect(read.issues.errorCount == 0, "\(style) \(file.relativePath): \(read.issues.issues.map(\.message.en))")
                for row in read.rows {
                    let extras = row.figures.extras
                    if row.period == Period("2026-09")! {
                        #expect(Set(extras.keys).isSubset(of: ["service_quality"]), "\(style): \(extras)")
                        #expect(row.figures.texts.isEmpty || row.figures.texts == ["model_name": "Ghi nhận tháng 9/2026"], "\(style)")
                    } else {
                        #expect(extras["digital_team_members"] != nil && [0, 1].contains(extras["civil_registry_digitised"]), "\(style): \(extras)")
                        #expect(extras["digital_team_members"]! <= row.figures[.adultPopulation])
                    }
                    if let quality = extras["service_quality"] { #expect((0...100).contains(quality)) }
                }
            }
            // Deterministic: the same options give the same bytes.
            #expect(generator.files(for: Period("2026-10")!).map(\.text) == october.map(\.text))
        }
    }

    @Test func stylesLookLikeWhatCommunesSend() throws {
        func text(_ style: SampleFileStyle) -> String {
            generator("2026-03", styles: [style]).files(for: Period("2026-03")!)[0].text
        }
        #expect(text(.excel).hasPrefix("\u{FEFF}Mã xã;Kỳ báo cáo;Tên xã;"))
        #expect(text(.excel).contains("\r\n") && text(.excel).contains(";03/2026;"))
        #expect(text(.libreOffice).hasPrefix("commune_code\tperiod\t") && !text(.libreOffice).hasSuffix("\n"))
        // Decomposed (NFD) upper-case Vietnamese headers: not equal to their NFC spelling byte for byte.
        #expect(text(.edited).utf8.starts(with: "KY\u{300} BA\u{301}O CA\u{301}O".utf8))
        #expect(text(.canonical).hasPrefix(T.canonicalHeader + "\n"))
    }

    @Test func aMonthDoesNotDependOnTheRangeAskedFor() {
        let alone = generator("2026-03").files(for: Period("2026-03")!)
        let inRange = generator("2025-12..2026-03").files(for: Period("2026-03")!)
        #expect(alone.map(\.text) == inRange.map(\.text))
        #expect(generator("2026-02").files(for: Period("2026-02")!).map(\.text) != alone.map(\.text))
    }

    @Test func aCorrectionChangesOneRowOfTheFileItResends() throws {
        let files = generator("2026-03", styles: [.canonical], corrections: 1).files(for: Period("2026-03")!)
        let originals = files.filter { !$0.relativePath.hasSuffix(".v2.csv") }
        let resent = files.filter { $0.relativePath.hasSuffix(".v2.csv") }
        #expect(resent.count == originals.count && !resent.isEmpty)
        for (original, correction) in zip(originals, resent) {
            let changed = zip(rows(of: original), rows(of: correction)).filter { $0.0.figures != $0.1.figures }
            #expect(changed.count == 1)
        }
    }

    /// 5 communes × 60 months, one row per file: 300 files, more than one ingest transaction.
    @Test func generatedFilesIngestWholeAcrossTransactions() throws {
        let folder = T.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try generator("2021-01..2025-12", rowsPerFile: 1).write(to: folder.path)
        #expect(summary.files == 300 && summary.rows == 300)
        let store = try DTIStore()
        #expect(summary.files > store.filesPerBatch)
        let context = ValidationContext(directory: UnitDirectory(versions: [RegisterVersion(inForce: Period("2021-01")!, units: T.register.units)]),
                                        latestPeriod: Period("2025-12")!)
        let ingestor = Ingestor(store: store, context: context)
        var progress: [Int] = []
        let result = try ingestor.ingest(files: try Ingestor.files(in: [folder.path])) { done, _, _ in progress.append(done) }
        #expect(result.accepted.count == 300 && result.refused.isEmpty)
        #expect(result.newRevisions == 300)
        #expect(progress == Array(1...300))
        #expect(try store.periodsWithSubmissions().count == 60)

        // Sending the same folder again changes nothing.
        let again = try ingestor.ingest(files: try Ingestor.files(in: [folder.path]))
        #expect(again.alreadyReceived.count == 300 && again.newRevisions == 0)
    }
}

struct PeriodRangeTests {
    @Test func readsARangeOrOneMonth() {
        #expect(PeriodRange("2021-01..2025-12")?.count == 60)
        #expect(PeriodRange("2021-01..2025-12")?.periods.last == Period("2025-12"))
        #expect(PeriodRange("2025-12")?.periods == [Period("2025-12")!])
        #expect(PeriodRange("12/2025..01/2026")?.count == 2)
    }

    @Test func refusesBackwardsAndMalformedRanges() {
        #expect(PeriodRange("2025-12..2021-01") == nil)
        #expect(PeriodRange("2025-12..") == nil)
        #expect(PeriodRange("2025-13") == nil)
        #expect(PeriodRange("2021-01...2021-02") == nil)
    }
}
