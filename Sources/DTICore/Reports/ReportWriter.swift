import Foundation

/// Writes each province's workbook and Markdown report into `<out>/<period>/`.
///
/// Every file is written to a temporary name in the same folder, flushed to disk (fsync),
/// renamed over the final name, and the folder is flushed too: a reader, a power cut or a
/// full disk never leaves a half-written report, and an earlier report is replaced only by
/// a complete one.
public struct ReportWriter: Sendable {
    public var outputFolder: String
    public var language: Language
    /// Who issues the reports, and the department's map (the config's `[report]` and `[map]`).
    public var settings: ReportSettings
    /// The map `settings` names, read once for every province written.
    let map: ReportMap?

    public init(outputFolder: String, language: Language, settings: ReportSettings = ReportSettings()) {
        self.outputFolder = outputFolder
        self.language = language
        self.settings = settings
        map = settings.geojson.map(ReportMap.load)
    }

    /// A report that could not be written; the previous file of that name is untouched.
    public struct WriteError: Error, CustomStringConvertible, ExitStatusError {
        public var path: String
        public var reason: String
        public var description: String { "cannot write \(path): \(reason); the previous report, if any, is unchanged" }
        public var exitStatus: ExitStatus { .cannotWrite }

        init(path: String, errno code: Int32) {
            self.init(path: path, reason: String(cString: strerror(code)))
        }

        init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    /// File names: `dti-<period>-<province code>.xlsx`, `.md` and `.html` (a year's period is
    /// `2026-year`, `Span.fileLabel`); in English with `-en` before the extension, so the two
    /// languages of one period never overwrite each other.
    public static func baseName(_ result: ProvinceResult, language: Language = .vi) -> String {
        "dti-\(result.period.fileLabel)-\(result.provinceCode)" + suffix(language)
    }

    /// Why the folder `path` cannot be made, in the system's words: a file standing where a
    /// folder of the path should be, or what `mkdir` says of the first folder missing.
    package static func whyNoFolder(at path: String) -> String {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            var status = stat()
            if stat(prefix, &status) == 0 {
                if status.st_mode & S_IFMT != S_IFDIR { return "“\(prefix)” is a file, not a folder" }
                continue
            }
            if mkdir(prefix, 0o755) != 0 { return String(cString: strerror(errno)) }
            rmdir(prefix)
        }
        return "the folder cannot be made"
    }

    /// Makes `folder` (and those above it), or says in the system's words why not.
    private static func makeFolder(_ folder: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw WriteError(path: folder, reason: whyNoFolder(at: folder))
        }
    }

    /// What a file name carries for its language: nothing for Vietnamese, the default.
    public static func suffix(_ language: Language) -> String {
        language == .vi ? "" : "-\(language.rawValue)"
    }

    private var suffix: String { Self.suffix(language) }

    /// Creates the period's folder and removes temporary files left there by runs that were
    /// killed midway (their process no longer exists).
    public func prepareFolder(for period: Span) throws {
        let folder = self.folder(for: period)
        try Self.makeFolder(folder)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            guard name.hasPrefix("."), let marker = name.range(of: ".tmp-", options: .backwards),
                  let pid = Int32(name[marker.upperBound...]), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            unlink((folder as NSString).appendingPathComponent(name))
        }
    }

    /// The note a report run leaves beside the reports (`<out>/.dti-figures/<month>-<scope>`): what the month's figures were
    /// (`DataStore.monthFingerprints`) when its reports of `scope` in this language were last
    /// written, so that `dti run` rewrites those whose figures changed since.
    private func notePath(_ period: Period, scope: String) -> String {
        (outputFolder as NSString).appendingPathComponent(".dti-figures/\(period)-\(scope)\(suffix)")
    }

    public func figuresNote(for period: Period, scope: String) -> String? {
        FileManager.default.contents(atPath: notePath(period, scope: scope)).map { String(decoding: $0, as: UTF8.self) }
    }

    public func noteFigures(_ fingerprint: String, for period: Period, scope: String) throws {
        let path = notePath(period, scope: scope)
        try Self.makeFolder((path as NSString).deletingLastPathComponent)
        try replaceAtomically(path) { temporary in try Self.write(fingerprint, to: temporary) }
    }

    private func folder(for period: Span) -> String {
        (outputFolder as NSString).appendingPathComponent(period.description)
    }

    /// Writes a province's workbook, Markdown report and HTML report (`.xlsx`, `.md`, `.html`).
    @discardableResult
    public func write(_ report: ProvinceReport) throws -> [String] {
        let result = report.result
        let base = (folder(for: result.period) as NSString).appendingPathComponent(Self.baseName(result, language: language))
        let workbookPath = base + ".xlsx"
        try replaceAtomically(workbookPath) { temporary in
            var workbook = WorkbookReport(result: result, indicatorSet: report.indicatorSet, language: language)
            workbook.madeAt = report.madeAt
            try workbook.write(to: temporary)
        }
        let markdownPath = base + ".md"
        var markdown = MarkdownReport(result: result, indicatorSet: report.indicatorSet, warnings: report.warnings, language: language)
        markdown.comparisons = [report.previous, report.yearAgo].compactMap { $0 }
        markdown.madeAt = report.madeAt
        let text = markdown.render()
        try replaceAtomically(markdownPath) { temporary in try Self.write(text, to: temporary) }
        let htmlPath = base + ".html"
        var html = HTMLReport(markdown: markdown, previous: report.previous, yearAgo: report.yearAgo)
        html.settings = settings
        html.map = map
        try replaceAtomically(htmlPath) { temporary in try Self.write(html.render(), to: temporary) }
        return [workbookPath, markdownPath, htmlPath]
    }

    /// Writes the national workbook, Markdown and HTML report: `dti-<period>-national.xlsx`, `.md`, `.html`.
    @discardableResult
    public func writeNational(_ result: NationalResult, indicatorSet: IndicatorSet) throws -> [String] {
        let registerVersion = result.registerVersion
        let base = (folder(for: result.period) as NSString).appendingPathComponent("dti-\(result.period.fileLabel)-national" + suffix)
        let workbookPath = base + ".xlsx"
        try replaceAtomically(workbookPath) { temporary in
            try NationalWorkbookReport(result: result, indicatorSet: indicatorSet, language: language,
                                       registerVersion: registerVersion).write(to: temporary)
        }
        let markdownPath = base + ".md"
        let markdown = NationalMarkdownReport(result: result, indicatorSet: indicatorSet, language: language,
                                              registerVersion: registerVersion)
        try replaceAtomically(markdownPath) { temporary in try Self.write(markdown.render(), to: temporary) }
        let htmlPath = base + ".html"
        try replaceAtomically(htmlPath) { temporary in
            var html = NationalHTMLReport(markdown: markdown)
            html.settings = settings
            try Self.write(html.render(), to: temporary)
        }
        return [workbookPath, markdownPath, htmlPath]
    }

    /// Writes the robustness report: `dti-<period>-<province>-sensitivity.xlsx` and `.md`.
    @discardableResult
    public func writeSensitivity(_ result: Sensitivity.Result) throws -> [String] {
        let base = (folder(for: result.period) as NSString)
            .appendingPathComponent("dti-\(result.period.fileLabel)-\(result.provinceCode)-sensitivity" + suffix)
        let report = SensitivityReport(result: result, language: language)
        try replaceAtomically(base + ".xlsx") { temporary in try report.write(to: temporary) }
        try replaceAtomically(base + ".md") { temporary in try Self.write(report.markdown(), to: temporary) }
        return [base + ".xlsx", base + ".md"]
    }

    /// Writes a commune's trend: `dti-<period>-trend-<commune>.xlsx`, `.md` and the `.svg`
    /// chart the Markdown shows.
    @discardableResult
    public func writeTrend(_ report: TrendReport) throws -> [String] {
        let period = report.trend.points.last!.period
        let base = (folder(for: period) as NSString).appendingPathComponent("dti-\(period.fileLabel)-trend-\(report.trend.unit.communeCode)" + suffix)
        let svgName = (base as NSString).lastPathComponent + ".svg"
        try replaceAtomically(base + ".xlsx") { temporary in try report.write(to: temporary) }
        try replaceAtomically(base + ".svg") { temporary in try Self.write(report.svg(), to: temporary) }
        try replaceAtomically(base + ".md") { temporary in try Self.write(report.markdown(svgName: svgName), to: temporary) }
        return [base + ".xlsx", base + ".md", base + ".svg"]
    }

    /// Writes `path` under a temporary name (the process id keeps concurrent runs apart; each
    /// file has its own), syncs it, renames it into place and syncs the folder.
    private func replaceAtomically(_ path: String, write: (String) throws -> Void) throws {
        try Self.replaceAtomically(path, write: write)
    }

    public static func replaceAtomically(_ path: String, write: (String) throws -> Void) throws {
        let folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        let temporary = folder + "/.\((path as NSString).lastPathComponent).tmp-\(getpid())"
        do {
            do {
                try write(temporary)
            } catch let error as XLSXError {
                // libxlsxwriter reports "zip error"; the system's reason (a full disk, say)
                // is what the reader can act on, and the file to name is the report itself.
                let code = errno
                throw WriteError(path: path, reason: code == 0 ? error.reason
                                 : "\(String(cString: strerror(code))) (\(error.reason))")
            }
            try Self.sync(temporary)
            guard rename(temporary, path) == 0 else { throw WriteError(path: path, errno: errno) }
            try Self.sync(folder)
        } catch {
            unlink(temporary)
            throw error
        }
    }

    private static func write(_ text: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WriteError(path: path, errno: errno) }
        defer { close(descriptor) }
        var text = text
        try text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw WriteError(path: path, errno: errno)
                }
                offset += written
            }
        }
    }

    /// Flushes a file or folder to the disk.
    private static func sync(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw WriteError(path: path, errno: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw WriteError(path: path, errno: errno) }
    }
}
