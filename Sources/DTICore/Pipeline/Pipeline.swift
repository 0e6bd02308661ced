import Foundation

/// The job a department runs: ingest files, then score, rank and write reports. The command
/// line and cron call this; it holds no state beyond the store and the indicator set.
public struct Pipeline: Sendable {
    public let store: DTIStore
    public let indicatorSet: IndicatorSet
    public let directory: UnitDirectory

    public struct NoRegister: Error, CustomStringConvertible {
        public var description: String {
            "the database holds no unit register yet; import one first: dti units import data/registers/vn_units_2025-07.csv"
        }
    }

    public init(store: DTIStore, indicatorSet: IndicatorSet) throws {
        self.store = store
        self.indicatorSet = indicatorSet
        self.directory = try store.unitDirectory()
        guard !directory.isEmpty else { throw NoRegister() }
    }

    /// Ingests files and folders, accepting rows up to `latestPeriod`.
    public func ingest(paths: [String], latestPeriod: Period, at date: Date = Date(),
                       progress: (Int, Int, FileReceipt) -> Void = { _, _, _ in }) throws -> Ingestor.Summary {
        let files = try Ingestor.files(in: paths)
        let ingestor = Ingestor(store: store, context: ValidationContext(directory: directory, latestPeriod: latestPeriod))
        return try ingestor.ingest(files: files, at: date, progress: progress)
    }

    /// Results for `period`: the given provinces, or every province that has reported in
    /// this period or any earlier one (so a month nobody reported still gets a report).
    public func results(for period: Period, provinces: Set<String>? = nil) throws -> [ProvinceResult] {
        let builder = ResultsBuilder(store: store, indicatorSet: indicatorSet, directory: directory)
        let wanted = try provinces ?? reportingProvinces(through: period)
        return try builder.results(for: period, provinces: wanted)
    }

    /// Writes one workbook and one Markdown report per province; returns the paths written.
    public func report(period: Period, provinces: Set<String>? = nil, outputFolder: String,
                       language: Language) throws -> [String] {
        let writer = ReportWriter(outputFolder: outputFolder, language: language)
        var written: [String] = []
        for result in try results(for: period, provinces: provinces) {
            let rows = Set(result.communes.map { FileLine(sha256: $0.submission.fileSHA256, line: $0.submission.line) })
            let warnings = try store.warnings(forRows: rows)
            written += try writer.write(result, indicatorSet: indicatorSet, warnings: warnings)
        }
        return written
    }

    public func export(period: Period, provinces: Set<String>? = nil, format: ResultsExport.Format) throws -> String {
        ResultsExport(results: try results(for: period, provinces: provinces), indicatorSet: indicatorSet).render(format)
    }

    private func reportingProvinces(through period: Period) throws -> Set<String> {
        guard let register = directory.version(for: period) else { throw ResultsBuilder.BuildError.noRegister(period) }
        return Set(try store.communeCodesWithSubmissions(through: period).compactMap { register.unit(code: $0)?.provinceCode })
    }
}
