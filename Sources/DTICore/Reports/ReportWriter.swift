import Foundation

/// Writes each province's workbook and Markdown report into `<out>/<period>/`.
///
/// Each file is written beside its final name and renamed into place, so a reader never
/// sees a half-written report and an earlier report is replaced only by a complete one.
public struct ReportWriter: Sendable {
    public var outputFolder: String
    public var language: Language

    public init(outputFolder: String, language: Language) {
        self.outputFolder = outputFolder
        self.language = language
    }

    /// File names: `dti-<period>-<province code>.xlsx` and `.md`.
    public static func baseName(_ result: ProvinceResult) -> String {
        "dti-\(result.period)-\(result.provinceCode)"
    }

    @discardableResult
    public func write(_ result: ProvinceResult, indicatorSet: IndicatorSet, warnings: [ValidationIssue]) throws -> [String] {
        let folder = (outputFolder as NSString).appendingPathComponent(result.period.description)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let base = (folder as NSString).appendingPathComponent(Self.baseName(result))

        let workbookPath = base + ".xlsx"
        try replaceAtomically(workbookPath) { temporary in
            try WorkbookReport(result: result, indicatorSet: indicatorSet, language: language).write(to: temporary)
        }
        let markdownPath = base + ".md"
        let markdown = MarkdownReport(result: result, indicatorSet: indicatorSet, warnings: warnings, language: language)
        try replaceAtomically(markdownPath) { temporary in
            try Data(markdown.render().utf8).write(to: URL(fileURLWithPath: temporary))
        }
        return [workbookPath, markdownPath]
    }

    /// Writes the national workbook and Markdown report: `dti-<period>-national.xlsx` and `.md`.
    @discardableResult
    public func writeNational(_ result: NationalResult, indicatorSet: IndicatorSet, registerVersion: String) throws -> [String] {
        let folder = (outputFolder as NSString).appendingPathComponent(result.period.description)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let base = (folder as NSString).appendingPathComponent("dti-\(result.period)-national")
        let workbookPath = base + ".xlsx"
        try replaceAtomically(workbookPath) { temporary in
            try NationalWorkbookReport(result: result, indicatorSet: indicatorSet, language: language,
                                       registerVersion: registerVersion).write(to: temporary)
        }
        let markdownPath = base + ".md"
        let markdown = NationalMarkdownReport(result: result, indicatorSet: indicatorSet, language: language,
                                              registerVersion: registerVersion)
        try replaceAtomically(markdownPath) { temporary in
            try Data(markdown.render().utf8).write(to: URL(fileURLWithPath: temporary))
        }
        return [workbookPath, markdownPath]
    }

    private func replaceAtomically(_ path: String, write: (String) throws -> Void) throws {
        // The process id keeps concurrent runs apart; each file has its own temporary name,
        // so reports written in parallel by one run never share one.
        let temporary = (path as NSString).deletingLastPathComponent + "/.\((path as NSString).lastPathComponent).tmp-\(getpid())"
        do {
            try write(temporary)
            guard rename(temporary, path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        } catch {
            unlink(temporary)
            throw error
        }
    }
}
