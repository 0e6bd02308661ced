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
    /// Who issues the reports, and the department's map (the config's `[report]` and `[map]`).
    public var reportSettings = ReportSettings()

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
        let files = try Ingestor.files(in: paths, ignoring: Set(store.companionFiles))
        let ingestor = Ingestor(store: store, context: ValidationContext(directory: directory, latestPeriod: latestPeriod,
                                                                         form: indicatorSet.form))
        return try ingestor.ingest(files: files, at: date, arrivedAt: arrivedAt, progress: progress)
    }

    var builder: ResultsBuilder {
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

        /// The kinds of report the scope writes, as their notes name them.
        var noteNames: [String] { self == .all ? ["province", "national"] : [rawValue] }
    }

    /// The months `report` should write for the scheduled run: every month whose reports in
    /// `outputFolder` were written before and whose figures changed since (late corrections,
    /// returns, closings), and `due` (last month) once its deadline has passed, if its
    /// reports are not up to date. `due` is nil in the result's `waiting` when its deadline is
    /// still ahead.
    public func monthsToReport(due: Period, now: Date, outputFolder: String, language: Language,
                               scope: ReportScope) throws -> (months: [Period], dueIsWaiting: Bool) {
        let writer = ReportWriter(outputFolder: outputFolder, language: language)
        let fingerprints = try store.monthFingerprints()
        func current(_ month: Period) -> Bool {
            scope.noteNames.allSatisfy { writer.figuresNote(for: month, scope: $0) == (fingerprints[month] ?? "") }
        }
        let waiting = now < due.deadline(day: indicatorSet.deadlineDay)
        var months = fingerprints.keys.filter { month in
            month < due && scope.noteNames.contains { writer.figuresNote(for: month, scope: $0) != nil } && !current(month)
        }
        if !waiting, !current(due) { months.append(due) }
        return (months.sorted(), waiting)
    }

    /// Writes the reports of `periods` (see `ReportScope`); returns the paths written, period
    /// by period. Files are written on every core while the next period is ranked;
    /// `progress` is called as each period's results are handed to the writers.
    public func report(periods: [Span], provinces: Set<String>? = nil, scope: ReportScope = .province,
                       outputFolder: String, language: Language,
                       progress: (Span) -> Void = { _ in }) throws -> [String] {
        let writer = ReportWriter(outputFolder: outputFolder, language: language, settings: reportSettings)
        try store.recordIndicatorSetUsed(indicatorSet)
        let work = BoundedWork(width: ProcessInfo.processInfo.activeProcessorCount)
        let paths = Mutex<[Int: [String]]>([:])
        var jobCount = 0
        let indicatorSet = indicatorSet
        func submit(_ job: @escaping @Sendable () throws -> [String]) throws {
            let index = jobCount
            jobCount += 1
            try work.submit {
                let written = try job()
                paths.withLock { $0[index] = written }
            }
        }
        let assembly = ReportAssembly(builder: builder, provinceReports: scope != .national, national: scope != .province)
        let fingerprints = try store.monthFingerprints()
        var written: [Period] = []
        try assembly.walk(periods, provinces: provinces) { period, reports, national in
            if let month = period.month, !reports.isEmpty || national != nil { written.append(month) }
            if !reports.isEmpty || national != nil { try writer.prepareFolder(for: period) }
            for report in reports {
                try submit { try writer.write(report) }
            }
            if let national {
                try submit { try writer.writeNational(national, indicatorSet: indicatorSet) }
            }
            progress(period)
        }
        try work.finish()
        // Every report of these months is written: note what their figures were (a whole
        // country's or all provinces' runs only, the ones `dti run` keeps up to date).
        if provinces == nil {
            for month in written {
                for name in scope.noteNames { try writer.noteFigures(fingerprints[month] ?? "", for: month, scope: name) }
            }
        }
        return paths.withLock { written in (0..<jobCount).flatMap { written[$0] ?? [] } }
    }

    /// The state of `period` (see `MonthStatus`) by the indicator set's deadline and carry-forward.
    /// `withTiers`: each ranked commune's tier too (the month is ranked for it).
    /// The provinces this installation serves in `period`: those of the period's register with
    /// a commune whose figures were accepted up to it. Nil when there is none (a new
    /// installation, or a register no figures reached yet): then every province.
    public func servedProvinces(through period: Period) throws -> Set<String>? {
        guard let register = directory.version(for: period) else { return nil }
        let provinces = Set(try store.communeCodesWithSubmissions(through: period).compactMap { register.unit(code: $0)?.provinceCode })
        return provinces.isEmpty ? nil : provinces
    }

    public func status(for period: Period, provinces: Set<String>? = nil, withTiers: Bool = false) throws -> MonthStatus {
        var status = try MonthStatus.build(period: period, deadlineDay: indicatorSet.deadlineDay,
                                           carryForwardMonths: indicatorSet.carryForwardMonths, store: store,
                                           directory: directory, provinces: provinces)
        if withTiers && !indicatorSet.tiers.isEmpty {
            status.setTiers(from: try results(for: period, provinces: provinces), indicatorSet: indicatorSet)
        }
        return status
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

extension Pipeline.NoRegister: ExitStatusError {
    public var exitStatus: ExitStatus { .noInput }
}

extension Pipeline.NoRegister {
    public var message: LocalizedText {
        LocalizedText(vi: "cơ sở dữ liệu chưa có danh mục đơn vị hành chính; hãy nạp trước: dti units import data/registers/vn_units_2025-07.csv",
                      en: description)
    }
}
