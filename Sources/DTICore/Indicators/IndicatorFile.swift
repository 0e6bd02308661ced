import Foundation

/// Reads an indicator set from its text file: a small TOML-like format a department edits
/// in any text editor.
///
/// ```
/// [pillar.infrastructure]
/// label_vi = "Hạ tầng số"
/// label_en = "Digital infrastructure"
///
/// [indicator.fibre_villages]
/// pillar = "infrastructure"
/// formula = "villages_fibre / villages_total"
/// target = 1.00
/// weight = 0.10
/// label_vi = "Tỷ lệ thôn có cáp quang"
/// label_en = "Villages with fibre"
/// ```
///
/// Every mistake is reported at once, each naming the file, the line and the indicator.
public enum IndicatorFile {
    public struct Problem: Hashable, Sendable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var entry: String?
        public var message: String

        public var description: String {
            "\(file):\(line): \(entry.map { "[\($0)] " } ?? "")\(message)"
        }
    }

    public struct Problems: Error, Sendable, CustomStringConvertible {
        public var problems: [Problem]
        public var description: String { problems.map(\.description).joined(separator: "\n") }
    }

    /// Loads `path`, or the single `.toml` file in it when `path` is a folder.
    public static func load(path: String) throws(Problems) -> IndicatorSet {
        var isFolder: ObjCBool = false
        var file = path
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
                .filter { $0.hasSuffix(".toml") }.sorted()
            guard names.count == 1 else {
                throw Problems(problems: [Problem(file: path, line: 0, message: names.isEmpty
                    ? "no indicator file (*.toml) in this folder"
                    : "several indicator files here (\(names.joined(separator: ", "))); name one with --indicators")])
            }
            file = (path as NSString).appendingPathComponent(names[0])
        }
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw Problems(problems: [Problem(file: file, line: 0, message: "cannot read the indicator file (missing, unreadable or not UTF-8)")])
        }
        var set = try parse(text, file: file)
        set.sha256 = sha256Hex(data)
        return set
    }

    /// The default set compiled into the binary (`indicators/default.toml` when it was built).
    public static func builtIn() -> IndicatorSet {
        do {
            var set = try parse(BuiltInIndicators.text, file: BuiltInIndicators.source, base: nil)
            set.sha256 = sha256Hex(Array(BuiltInIndicators.text.utf8))
            return set
        } catch {
            preconditionFailure("the built-in indicator set does not parse: \(error)")  // a test keeps it valid
        }
    }

    /// Reads an indicator file. Its form starts from `base`, the contract's (nil only for the
    /// built-in file, which declares the contract's fields and checks).
    public static func parse(_ text: String, file: String) throws(Problems) -> IndicatorSet {
        try parse(text, file: file, base: Form.contract)
    }

    static func parse(_ text: String, file: String, base: Form?) throws(Problems) -> IndicatorSet {
        let (sections, lineProblems) = KeyValueText.sections(text)
        let problems = lineProblems.map { Problem(file: file, line: $0.line, entry: $0.entry, message: $0.message) }
        var builder = Builder(file: file, problems: problems, base: base)
        // The form first: formulas name its fields.
        builder.readForm(sections)
        for section in sections { builder.add(section) }
        return try builder.finish()
    }

    typealias Section = KeyValueText.Section

}

extension IndicatorFile.Problems: ExitStatusError {
    public var exitStatus: ExitStatus { .configuration }
}
