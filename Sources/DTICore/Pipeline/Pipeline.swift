import Foundation
import Synchronization

/// The job a department runs: ingest files, then score, rank and write reports. The command
/// line and cron call this; it holds no state beyond the store and the indicator set.
public struct Pipeline: Sendable {
    public let store: any DataStore
    public let indicatorSet: IndicatorSet
    public let directory: UnitDirectory
    /// The reforms the store knows, to express earlier periods in later units.
    public let successions: [SuccessionTable]
    /// Express periods in the units of the register in force this month (`--as-of`).
    public var asOf: Period?

    public struct NoRegister: Error, CustomStringConvertible {
        public init() {}

        public var description: String {
            "the database holds no unit register yet; import one first: dti units import data/registers/vn_units_2025-07.csv"
        }
    }

    /// `indicatorSet` nil: a pipeline that stores and never scores (`ingest`), which reads no
    /// indicator file at all.
    public init(store: any DataStore, indicatorSet: IndicatorSet?) throws {
        self.store = store
        self.indicatorSet = indicatorSet ?? IndicatorSet(name: "", source: "", pillars: [], indicators: [])
        self.directory = try store.unitDirectory()
        guard !directory.isEmpty else { throw NoRegister() }
        self.successions = try store.successionTables()
    }

    /// Ingests files and folders, accepting rows up to `latestPeriod`.
    public func ingest(paths: [String], latestPeriod: Period, at date: Date = Date(), arrivedAt: Date? = nil,
                       progress: (Int, Int, FileReceipt) -> Void = { _, _, _ in }) throws -> Ingestor.Summary {
        // The database's own files may sit in the inbox folder; they are not submissions.
        let own = [store.path, store.path + "-wal", store.path + "-shm", store.path + "-journal", store.path + ".lock"]
        let files = try Ingestor.files(in: paths, ignoring: Set(own))
        let ingestor = Ingestor(store: store, context: ValidationContext(directory: directory, latestPeriod: latestPeriod))
        return try ingestor.ingest(files: files, at: date, arrivedAt: arrivedAt, progress: progress)
    }

    private var builder: ResultsBuilder {
        ResultsBuilder(store: store, indicatorSet: indicatorSet, directory: directory, successions: successions, asOf: asOf)
    }

    /// See `ResultsBuilder.results(for:provinces:)`.
    public func results(for period: Span, provinces: Set<String>? = nil,
                        qualityFlags: Bool = false) throws -> [ProvinceResult] {
        try builder.results(for: period, provinces: provinces, qualityFlags: qualityFlags)
    }

    public func results(for month: Period, provinces: Set<String>? = nil, qualityFlags: Bool = false) throws -> [ProvinceResult] {
        try builder.results(for: Span(month), provinces: provinces, qualityFlags: qualityFlags)
    }

    /// See `ResultsBuilder.walk(_:provinces:_:)`.
    public func walk(_ periods: [Span], provinces: Set<String>? = nil, qualityFlags: Bool = false,
                     _ body: (Span, [ProvinceResult]) throws -> Void) throws {
        try builder.walk(periods, provinces: provinces, qualityFlags: qualityFlags, body)
    }

    public func walk(_ months: [Period], provinces: Set<String>? = nil, qualityFlags: Bool = false,
                     _ body: (Period, [ProvinceResult]) throws -> Void) throws {
        try builder.walk(months, provinces: provinces, qualityFlags: qualityFlags, body)
    }

    /// Which reports to write for a period.
    public enum ReportScope: String, CaseIterable, Sendable {
        /// One workbook and one Markdown report per province (what a department reads).
        case province
        /// One national workbook and report, every province side by side.
        case national
        /// Both.
        case all
    }

    /// Writes the reports of `periods` (see `ReportScope`); returns the paths written, period
    /// by period. Files are written on every core while the next period is ranked;
    /// `progress` is called as each period's results are handed to the writers.
    public func report(periods: [Span], provinces: Set<String>? = nil, scope: ReportScope = .province,
                       outputFolder: String, language: Language,
                       progress: (Span) -> Void = { _ in }) throws -> [String] {
        let writer = ReportWriter(outputFolder: outputFolder, language: language)
        try store.recordIndicatorSetUsed(indicatorSet)
        let work = BoundedWork(width: ProcessInfo.processInfo.activeProcessorCount)
        let written = Mutex<[Int: [String]]>([:])
        var jobCount = 0
        let indicatorSet = indicatorSet
        func submit(_ job: @escaping @Sendable () throws -> [String]) throws {
            let index = jobCount
            jobCount += 1
            try work.submit {
                let paths = try job()
                written.withLock { $0[index] = paths }
            }
        }
        var means = MeansCache(pillarCount: indicatorSet.pillars.count)
        // Province reports list data-quality flags; the national ones do not.
        try walk(periods, provinces: provinces, qualityFlags: scope != .national) { period, ranked in
            if !ranked.isEmpty { try writer.prepareFolder(for: period) }
            // The country is every province of the register, those nobody reported for too.
            let country = scope != .province && provinces == nil
            // The state of the month (deadlines, refusals) belongs to months; a quarter or a
            // year lists who reported too few months instead.
            // A month before a reform, in later units, has no state: its deadlines were another register's.
            let status = ranked.isEmpty || period.month == nil || ranked.contains(where: \.acrossReform) ? nil
                : try self.status(for: period.first, provinces: country ? nil : Set(ranked.map(\.provinceCode)))
            let results = Self.attach(status, to: ranked)
            if scope != .national {
                for result in results {
                    let rows = Set(result.communes.map { FileLine(sha256: $0.submission.fileSHA256, line: $0.submission.line) })
                    let warnings = try store.warnings(forRows: rows)
                    let units = builder.register(for: period)!
                    let previous = try means.of(result.provinceCode, in: period.previous, units: units, builder: builder)
                    // For a year, the year before is the previous span already.
                    let yearAgo = period.kind == .year ? nil
                        : try means.of(result.provinceCode, in: period.yearEarlier, units: units, builder: builder)
                    try submit {
                        try writer.write(result, indicatorSet: indicatorSet, warnings: warnings, previous: previous, yearAgo: yearAgo)
                    }
                }
            }
            means.remember(results, in: period)
            if scope != .province, !results.isEmpty {
                let nation = country ? Self.attach(status, to: everyProvince(results, period: period)) : results
                let national = NationalResult(period: period, provinces: nation, pillarCount: indicatorSet.pillars.count)
                let version = results[0].registerVersion
                try submit { try writer.writeNational(national, indicatorSet: indicatorSet, registerVersion: version) }
            }
            progress(period)
        }
        try work.finish()
        return written.withLock { written in (0..<jobCount).flatMap { written[$0] ?? [] } }
    }

    /// `results` and, for every other province of the period's register, a result in which
    /// every commune is missing: what the country expected.
    func everyProvince(_ results: [ProvinceResult], period: Span) -> [ProvinceResult] {
        guard let register = builder.register(for: period) else { return results }
        let present = Set(results.map(\.provinceCode))
        let absent = register.provinceCodes.filter { !present.contains($0) }.map { code in
            ProvinceResult.rank(period: period, register: register, provinceCode: code, submissions: [:], indicatorSet: indicatorSet)
        }
        return (results + absent).sorted { $0.provinceCode < $1.provinceCode }
    }

    /// Each province's means by period, for the HTML report's comparisons: kept from the
    /// periods a report walks (the last 13), ranked afresh only for months before the first.
    struct MeansCache {
        let pillarCount: Int
        /// By period and the register whose units the means are in.
        private var byPeriod: [Span: [String: [String: ProvinceMeans]]] = [:]

        init(pillarCount: Int) {
            self.pillarCount = pillarCount
        }

        /// The province's means in `period`, in the units of `units` (the report's register):
        /// across a reform, its new communes' sums; nil when they cannot be had.
        mutating func of(_ province: String, in period: Span, units: RegisterVersion, builder: ResultsBuilder) throws -> ProvinceMeans? {
            if byPeriod[period]?[units.name] == nil {
                guard period.months.contains(where: { builder.crossing(from: $0, to: units) != nil }) else { return nil }
                remember(try builder.rankings(for: period, in: units), in: period)
            }
            guard let means = byPeriod[period]?[units.name]?[province], means.meanDTI != nil else { return nil }
            return means
        }

        mutating func remember(_ results: [ProvinceResult], in period: Span) {
            guard let units = results.first?.registerVersion else { return }
            byPeriod[period, default: [:]][units] = Dictionary(uniqueKeysWithValues: results.map {
                ($0.provinceCode, ProvinceMeans($0, pillarCount: pillarCount))
            })
            byPeriod = byPeriod.filter { $0.key.first.ordinal >= period.first.ordinal - 13 * period.kind.length }
        }
    }

    /// `results`, each with its province's part of `status`.
    static func attach(_ status: MonthStatus?, to results: [ProvinceResult]) -> [ProvinceResult] {
        guard let status else { return results }
        let byCode = Dictionary(uniqueKeysWithValues: status.provinces.map { ($0.code, $0) })
        return results.map { result in
            var result = result
            result.status = byCode[result.provinceCode]
            return result
        }
    }

    /// The state of `period` (see `MonthStatus`) by the indicator set's deadline and carry-forward.
    public func status(for period: Period, provinces: Set<String>? = nil) throws -> MonthStatus {
        try MonthStatus.build(period: period, deadlineDay: indicatorSet.deadlineDay,
                              carryForwardMonths: indicatorSet.carryForwardMonths, store: store,
                              directory: directory, provinces: provinces)
    }

    public func report(period: Period, provinces: Set<String>? = nil, scope: ReportScope = .province,
                       outputFolder: String, language: Language) throws -> [String] {
        try report(periods: [Span(period)], provinces: provinces, scope: scope, outputFolder: outputFolder, language: language)
    }

    /// Analyses the robustness of each province's ranking for `period` and writes a report
    /// per province (see `Sensitivity`); returns the paths written.
    public func sensitivity(period: Span, provinces: Set<String>? = nil, settings: Sensitivity.Settings,
                            outputFolder: String, language: Language) throws -> [String] {
        let writer = ReportWriter(outputFolder: outputFolder, language: language)
        let results = try self.results(for: period, provinces: provinces).filter { !$0.ranked.isEmpty }
        guard !results.isEmpty else { return [] }
        try writer.prepareFolder(for: period)
        return try results.flatMap { result in
            try writer.writeSensitivity(Sensitivity.analyse(result, indicatorSet: indicatorSet, settings: settings))
        }
    }

    /// Streams the export of `periods` to `output` a period at a time, so a national history
    /// never sits in memory whole.
    public func export(periods: [Span], provinces: Set<String>? = nil, format: ResultsExport.Format,
                       to output: (String) throws -> Void) throws {
        let empty = ResultsExport(results: [], indicatorSet: indicatorSet)
        var afterRecords = false
        try output(empty.opening(format))
        try walk(periods, provinces: provinces) { _, ranked in
            try output(ResultsExport(results: ranked, indicatorSet: indicatorSet).body(format, afterRecords: afterRecords))
            afterRecords = afterRecords || !ranked.allSatisfy(\.communes.isEmpty)
        }
        try output(empty.closing(format, afterRecords: afterRecords))
    }
}
