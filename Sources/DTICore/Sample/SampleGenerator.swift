import Foundation

/// Writes realistic monthly submissions for every commune of a register: batch files of a
/// province's communes, in the file styles real communes send, for benchmarks, demos and tests.
///
/// Deterministic: the same register, options and seed give byte-identical files.
public struct SampleGenerator: Sendable {
    public struct Options: Sendable {
        public var periods: [Period]
        /// Rows per batch file: a province's communes, in code order, are cut into batches.
        public var rowsPerFile = 18
        /// Styles used in rotation across batches and months.
        public var styles: [SampleFileStyle] = SampleFileStyle.allCases
        public var seed: UInt64 = 2026
        /// Share of commune-months not reported (the commune is missing from its batch).
        public var missingShare = 0.0
        /// Share of files sent again, as `<name>.v2.csv`, with one row corrected.
        public var correctionShare = 0.0
        /// The form the files follow: a province's own fields are filled in too, from the
        /// month each comes in (`SampleCommune.extras`).
        public var form: Form = .contract

        public init(periods: [Period]) {
            self.periods = periods
        }
    }

    public struct Summary: Sendable, Equatable {
        public var files = 0
        public var rows = 0
        public var bytes = 0
        public var corrections = 0
    }

    public let units: [AdministrativeUnit]
    public let options: Options

    public init(units: [AdministrativeUnit], options: Options) {
        self.units = units.sorted { ($0.provinceCode, $0.communeCode) < ($1.provinceCode, $1.communeCode) }
        self.options = options
    }

    /// One file to write: its path relative to the output folder, and its text.
    public struct SampleFile: Sendable {
        public var relativePath: String
        public var text: String
        public var rows: Int
    }

    /// The files of one period, in a fixed order.
    public func files(for period: Period) -> [SampleFile] {
        var files: [SampleFile] = []
        let byProvince = Dictionary(grouping: units, by: \.provinceCode)
        for province in byProvince.keys.sorted() {
            let communes = byProvince[province]!
            for (batch, start) in stride(from: 0, to: communes.count, by: max(1, options.rowsPerFile)).enumerated() {
                let members = communes[start..<min(communes.count, start + max(1, options.rowsPerFile))]
                let rows = members.compactMap { row(for: $0, period: period) }
                guard !rows.isEmpty else { continue }
                let style = options.styles[(batch + period.ordinal) % options.styles.count]
                let name = "tinh-\(province)-lo-\(String(format: "%03d", batch + 1))-\(period)"
                let extras = options.form.extras(in: period).map { options.form.column(ofField: options.form.index(ofField: $0.name)!) }
                files.append(SampleFile(relativePath: "\(period)/\(name).csv", text: style.render(rows, extras: extras, form: options.form),
                                        rows: rows.count))
                var random = SplitMix64(seed: options.seed, key: name, salt: 3)
                if options.correctionShare > 0, Double.random(in: 0..<1, using: &random) < options.correctionShare {
                    var corrected = rows
                    let index = Int.random(in: 0..<rows.count, using: &random)
                    corrected[index] = Self.corrected(rows[index])
                    files.append(SampleFile(relativePath: "\(period)/\(name).v2.csv",
                                            text: style.render(corrected, extras: extras, form: options.form), rows: rows.count))
                }
            }
        }
        return files
    }

    /// Writes every period's files under `folder/<period>/`, calling `progress` after each period.
    @discardableResult
    public func write(to folder: String, progress: (Period, Summary) -> Void = { _, _ in }) throws -> Summary {
        var summary = Summary()
        for period in options.periods {
            try FileManager.default.createDirectory(
                atPath: (folder as NSString).appendingPathComponent(period.description), withIntermediateDirectories: true)
            for file in files(for: period) {
                let path = (folder as NSString).appendingPathComponent(file.relativePath)
                summary.bytes += try Self.writeUnsynced(file.text, to: path)
                summary.files += 1
                summary.rows += file.rows
                if file.relativePath.hasSuffix(".v2.csv") { summary.corrections += 1 }
            }
            progress(period, summary)
        }
        return summary
    }

    /// Writes without Foundation's fsync per file: samples are scratch data, and syncing
    /// thousands of small files would take longer than making them.
    private static func writeUnsynced(_ text: String, to path: String) throws -> Int {
        guard let stream = fopen(path, "wb") else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        defer { fclose(stream) }
        var text = text
        let written = text.withUTF8 { fwrite($0.baseAddress, 1, $0.count, stream) }
        guard written == text.utf8.count, fflush(stream) == 0 else {
            throw CocoaError(.fileWriteOutOfSpace, userInfo: [NSFilePathErrorKey: path])
        }
        return written
    }

    private func row(for unit: AdministrativeUnit, period: Period) -> SubmissionRow? {
        var random = SplitMix64(seed: options.seed, key: unit.communeCode, salt: UInt64(period.ordinal) << 8 | 1)
        if options.missingShare > 0, Double.random(in: 0..<1, using: &random) < options.missingShare { return nil }
        let commune = SampleCommune(code: unit.communeCode, seed: options.seed)
        let notes: String? = switch Int.random(in: 0..<40, using: &random) {
        case 0: "Đã cập nhật số liệu; kiểm tra lại \"thôn mới\"\nsau sáp nhập"
        case 1: "=SUM(A1:A3) là công thức, không phải số liệu | ghi chú"
        case 2: "Thêm 1 trạm BTS, 2 thôn có cáp quang"
        default: nil
        }
        var figures = commune.figures(for: period)
        if !options.form.extras.isEmpty {
            (figures.extras, figures.texts) = commune.extras(for: period, figures: figures, form: options.form)
        }
        return SubmissionRow(line: 0, communeCode: unit.communeCode, period: period, figures: figures,
                             communeName: unit.communeName, notes: notes)
    }

    /// The row with one figure put right: one more dossier filed online, or one more received.
    static func corrected(_ row: SubmissionRow) -> SubmissionRow {
        var row = row
        if row.figures[.dossiersOnline] < row.figures[.dossiersTotal] {
            row.figures[.dossiersOnline] += 1
        } else {
            row.figures[.dossiersTotal] += 1
        }
        return row
    }
}
