import ArgumentParser
import DTICore
import DTISQLite
import Foundation
import Synchronization

/// Logs and progress go to standard error; standard output carries only results.
///
/// What a person reads follows `--lang` (`say`); lines written for machines — the paths
/// `report` prints on stdout, `serve`'s request log — stay English and say so in `--help`.
enum Console {
    static func log(_ message: String) {
        progressLine.clear()
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// The database the command opened, named by messages about faults of the store.
    static let databasePath = Mutex<String?>(nil)
    /// The store the command opened: it says which of its errors are faults of the machine.
    static let store = Mutex<(any DataStore)?>(nil)

    /// A line in the run's language.
    static func say(_ text: LocalizedText, _ language: Language) {
        log(text(language))
    }

    /// Progress of a long run: on a terminal one line rewritten in place; in a log (cron,
    /// systemd) a line at most every few seconds, so a quick run writes none.
    static let progressLine = ProgressLine()

    final class ProgressLine: Sendable {
        private let isTerminal = isatty(STDERR_FILENO) == 1
        static let logInterval: TimeInterval = 5
        private let state = Mutex<(showing: Bool, lastLogged: Date)>((false, Date()))

        /// Shows `text`; it is not even made when a log's line is not due.
        func update(_ text: @autoclosure () -> String) {
            state.withLock { state in
                if isTerminal {
                    FileHandle.standardError.write(Data(("\r\u{1B}[K" + text()).utf8))
                    state.showing = true
                } else if Date().timeIntervalSince(state.lastLogged) >= Self.logInterval {
                    FileHandle.standardError.write(Data((text() + "\n").utf8))
                    state.lastLogged = Date()
                }
            }
        }

        func clear() {
            state.withLock { state in
                guard state.showing else { return }
                FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
                state.showing = false
            }
        }
    }

    /// Runs a command body, turning failures into a message and the documented exit status.
    static func guarded(_ language: Language = .vi, _ body: () throws -> ExitStatus) throws {
        let status: ExitStatus
        do {
            status = try body()
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error  // usage: ArgumentParser prints it with the help hint and exits 64
        } catch let error as IndicatorFile.Problems {
            log((language == .vi ? "dti: tệp chỉ số có lỗi:\n" : "dti: the indicator file has mistakes:\n") + "\(error)")
            status = error.exitStatus
        } catch let error as any ExitStatusError {
            log("dti: \(error.message(language))")
            status = error.exitStatus
        } catch let error as CocoaError where error.code.rawValue >= 512 && error.code.rawValue < 1024 {
            log("dti: " + writeFailure(error)(language))
            status = .cannotWrite
        } catch {
            let path = databasePath.withLock { $0 } ?? ""
            if let fault = store.withLock({ $0?.fault(of: error) }) ?? StoreFault(error, databasePath: path) {
                log("dti: \(fault.message(language))")
                status = fault.exitStatus
            } else {
                log("dti: \(error)")
                status = .software
            }
        }
        // Whatever the outcome, what the command wrote ends up in the database file itself.
        store.withLock { store in
            try? store?.close()
            store = nil
        }
        if status != .ok { throw ExitCode(status.rawValue) }
    }

    /// Foundation's failure to write a file or folder in words: the path and the reason, not
    /// “NSCocoaErrorDomain error 512”.
    static func writeFailure(_ error: CocoaError) -> LocalizedText {
        let path = error.filePath ?? error.url?.path ?? ""
        var reason: LocalizedText
        if let posix = error.underlying as? POSIXError {
            let system = String(cString: strerror(posix.code.rawValue))
            switch posix.code {
            case .ENOTDIR, .EEXIST:
                reason = LocalizedText(vi: "đường dẫn có một tệp nằm ở chỗ cần là thư mục (\(system))",
                                       en: "a file stands where a folder is needed (\(system))")
            case .EACCES, .EPERM:
                reason = LocalizedText(vi: "không có quyền ghi (\(system))", en: "no permission to write (\(system))")
            case .ENOSPC:
                reason = LocalizedText(vi: "đĩa đã đầy (\(system))", en: "the disk is full (\(system))")
            default:
                reason = LocalizedText(vi: system, en: system)
            }
        } else {
            let why = ReportWriter.whyNoFolder(at: (path as NSString).deletingLastPathComponent)
            reason = LocalizedText(vi: why, en: why)
        }
        return LocalizedText(vi: "không ghi được \(path.isEmpty ? "tệp" : path): \(reason.vi)",
                             en: "cannot write \(path.isEmpty ? "the file" : path): \(reason.en)")
    }

    /// Prints what became of each file: refused files always, with every issue; accepted
    /// ones one line each on small batches, and a progress line on large ones. Names and
    /// values from files are printed with control characters escaped.
    /// With `figures`, or when the run reads a single file, an accepted file's figures follow
    /// its line, as the province will score them.
    static func progress(language: Language, verbose: Bool, figures: Bool = false, form: Form = .contract)
        -> (Int, Int, FileReceipt) -> Void {
        { done, total, receipt in
            // Only when printed: a large run shows a progress line, not each name.
            var name: String { Quoted.escaped(receipt.fileName) }
            switch receipt.outcome {
            case .refused:
                // A department's mistake (no register for the months) refuses every file alike:
                // the first few are shown whole, the rest counted and said once at the end.
                let codes = Set(receipt.issues.issues.filter { $0.severity == .error }.map(\.code))
                if codes == [IssueCode.noRegisterForPeriod.rawValue] {
                    let shown = sameRefusals.withLock { count in count += 1; return count <= sameRefusalsShown }
                    if !shown { return }
                }
                let errors = receipt.issues.errorCount
                log("✗ \(name): \(language == .vi ? "\(Vocabulary.refused.vi) (\(errors) lỗi)" : "refused (\(errors) error\(errors == 1 ? "" : "s"))")")
                issues(receipt.issues, language)
            case .accepted, .alreadyReceived:
                if verbose || figures || total <= 50 {
                    log("✓ \(name): \(describe(receipt, language))")
                    for issue in receipt.issues.issues where issue.severity == .warning {
                        log("  " + issue.formatted(language))
                    }
                    if figures || total == 1 {
                        for line in receipt.figureLines(language, form: form) { log("  " + line) }
                    }
                } else {
                    progressLine.update(language == .vi ? "nạp tệp: \(done)/\(total)" : "ingest: \(done)/\(total) files")
                }
            }
        }
    }

    /// Every issue of a file, indented under its name, and how many more were not kept.
    static func issues(_ issues: IssueCollector, _ language: Language) {
        for issue in issues.issues { log("  " + issue.formatted(language)) }
        if issues.omittedCount > 0 {
            let more = issues.omittedCount
            log("  … \(language == .vi ? "còn \(more) vấn đề khác không hiển thị" : "\(more) more issue\(more == 1 ? "" : "s") not shown")")
        }
    }

    /// “1 row”, “2 rows”: English counts agree with their noun; Vietnamese nouns do not change.
    static func count(_ value: Int, _ singular: String, _ plural: String) -> String {
        "\(value) \(value == 1 ? singular : plural)"
    }

    static func describe(_ receipt: FileReceipt, _ language: Language) -> String {
        var parts: [String]
        switch (receipt.outcome, language) {
        case (.alreadyReceived, _) where receipt.isSameArrival:
            return LocalizedText(vi: "\(Vocabulary.alreadyReceived.vi) (cùng tệp, cùng thời điểm nhận), \(Vocabulary.unchanged.vi)",
                                 en: "already received (this file, at this time), nothing changed")(language)
        case (.alreadyReceived, _) where receipt.unchangedRows < receipt.rows.count:
            return LocalizedText(vi: "\(Vocabulary.alreadyReceived.vi), tệp đến trước số liệu hiện hành, \(Vocabulary.unchanged.vi)",
                                 en: "already received; it arrived before the current figures, nothing changed")(language)
        case (.alreadyReceived, .vi): return "\(Vocabulary.alreadyReceived.vi), số liệu vẫn là số liệu hiện hành, \(Vocabulary.unchanged.vi)"
        case (.alreadyReceived, .en): return "already received, still the current figures, nothing changed"
        case (_, .vi):
            parts = ["\(receipt.newRevisions) dòng \(Vocabulary.new.vi) (\(receipt.corrections) \(Vocabulary.correction.vi))",
                     "\(receipt.unchangedRows) dòng \(Vocabulary.unchanged.vi)"]
            if receipt.olderRows > 0 { parts.append("\(receipt.olderRows) dòng \(Vocabulary.older.vi)") }
        case (_, .en):
            parts = ["\(count(receipt.newRevisions, "new row", "new rows")) (\(count(receipt.corrections, "correction", "corrections")))",
                     "\(receipt.unchangedRows) unchanged"]
            if receipt.olderRows > 0 { parts.append("\(count(receipt.olderRows, "row", "rows")) \(Vocabulary.older.en)") }
        }
        return parts.joined(separator: ", ")
    }

    /// Files refused only because no register is in force for their months, so far.
    static let sameRefusals = Mutex(0)
    /// How many of them are shown whole.
    static let sameRefusalsShown = 3

    static func summarise(_ summary: Ingestor.Summary, language: Language) {
        let more = sameRefusals.withLock { count in defer { count = 0 }; return count - sameRefusalsShown }
        if more > 0 {
            log(language == .vi
                ? "… và \(more) tệp khác bị từ chối cùng lý do [no-register-for-period]: chưa có danh mục đơn vị hành chính cho kỳ của chúng. Hãy nạp danh mục (dti units import TỆP hoặc dti setup) rồi nạp lại các tệp; tệp gửi lại luôn được kiểm tra lại."
                : "… and \(more) more files refused for the same reason [no-register-for-period]: no unit register is in force for their months. Import it (dti units import FILE, or dti setup) and ingest them again; a file sent again is always judged again.")
        }
        let answered = summary.refused.filter(\.isAnswered)
        for receipt in answered {
            log(language == .vi
                ? "↳ \(Quoted.escaped(receipt.fileName)): \(Vocabulary.refused.vi), \(Vocabulary.answered.vi) cho mọi xã và kỳ trong tệp; không còn chờ"
                : "↳ \(Quoted.escaped(receipt.fileName)): refused, \(Vocabulary.answered.en) for every commune and month it named; no longer waiting")
        }
        let refused = language == .vi
            ? "\(summary.refused.count)" + (answered.isEmpty ? "" : " (\(answered.count) \(Vocabulary.answered.vi))")
            : "\(summary.refused.count)" + (answered.isEmpty ? "" : " (\(answered.count) \(Vocabulary.answered.en))")
        let text = language == .vi
            ? "Đã nhận \(summary.accepted.count) tệp, \(Vocabulary.refused.vi) \(refused), \(Vocabulary.alreadyReceived.vi) \(summary.alreadyReceived.count); \(summary.newRevisions) dòng mới, trong đó \(summary.corrections) \(Vocabulary.correction.vi)."
            : "Accepted \(count(summary.accepted.count, "file", "files")), refused \(refused), already received \(summary.alreadyReceived.count); \(count(summary.newRevisions, "new row", "new rows")), \(summary.corrections) of them \(summary.corrections == 1 ? "a correction" : "corrections")."
        log(text)
    }
}
