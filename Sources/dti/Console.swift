import ArgumentParser
import DTICore
import Foundation

/// Logs and progress go to standard error; standard output carries only results.
enum Console {
    static func log(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// Runs a command body, turning failures into a message and the documented exit status.
    static func guarded(_ body: () throws -> ExitStatus) throws {
        let status: ExitStatus
        do {
            status = try body()
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error  // usage: ArgumentParser prints it with the help hint and exits 64
        } catch let error as IndicatorFile.Problems {
            log("dti: the indicator file has mistakes:\n\(error)")
            status = error.exitStatus
        } catch let error as any ExitStatusError {
            log("dti: \(error)")
            status = error.exitStatus
        } catch let error as CocoaError where error.code.rawValue >= 512 && error.code.rawValue < 1024 {
            log("dti: cannot write: \(error.localizedDescription)")
            status = .cannotWrite
        } catch {
            log("dti: \(error)")
            status = .software
        }
        if status != .ok { throw ExitCode(status.rawValue) }
    }

    /// Prints what became of each file: refused files always, with every issue; accepted
    /// ones one line each on small batches, and a progress line on large ones. Names and
    /// values from files are printed with control characters escaped.
    static func progress(language: Language, verbose: Bool) -> (Int, Int, FileReceipt) -> Void {
        { done, total, receipt in
            let name = Quoted.escaped(receipt.fileName)
            switch receipt.outcome {
            case .refused:
                let errors = receipt.issues.errorCount
                log("✗ \(name): \(language == .vi ? "bị từ chối (\(errors) lỗi)" : "refused (\(errors) error\(errors == 1 ? "" : "s"))")")
                for issue in receipt.issues.issues { log("  " + issue.formatted(language)) }
                if receipt.issues.omittedCount > 0 {
                    let more = receipt.issues.omittedCount
                    log("  … \(language == .vi ? "còn \(more) vấn đề khác không hiển thị" : "\(more) more issue\(more == 1 ? "" : "s") not shown")")
                }
            case .accepted, .alreadyReceived:
                if verbose || total <= 50 {
                    log("✓ \(name): \(describe(receipt, language))")
                    for issue in receipt.issues.issues where issue.severity == .warning {
                        log("  " + issue.formatted(language))
                    }
                } else if done % max(1, total / 20) == 0 || done == total {
                    log(language == .vi ? "nạp tệp: \(done)/\(total)" : "ingest: \(done)/\(total) files")
                }
            }
        }
    }

    /// “1 row”, “2 rows”: English counts agree with their noun; Vietnamese nouns do not change.
    static func count(_ value: Int, _ singular: String, _ plural: String) -> String {
        "\(value) \(value == 1 ? singular : plural)"
    }

    static func describe(_ receipt: FileReceipt, _ language: Language) -> String {
        var parts: [String]
        switch (receipt.outcome, language) {
        case (.alreadyReceived, .vi): return "đã nhận trước đây, số liệu vẫn là số liệu hiện hành, không thay đổi"
        case (.alreadyReceived, .en): return "already received, still the current figures, nothing changed"
        case (_, .vi):
            parts = ["\(receipt.newRevisions) dòng mới (\(receipt.corrections) bản sửa)", "\(receipt.unchangedRows) dòng không đổi"]
            if receipt.supersededRows > 0 { parts.append("\(receipt.supersededRows) dòng đã được tệp sau thay thế") }
        case (_, .en):
            parts = ["\(count(receipt.newRevisions, "new row", "new rows")) (\(count(receipt.corrections, "correction", "corrections")))",
                     "\(receipt.unchangedRows) unchanged"]
            if receipt.supersededRows > 0 { parts.append("\(receipt.supersededRows) superseded by a later file") }
        }
        return parts.joined(separator: ", ")
    }

    static func summarise(_ summary: Ingestor.Summary, language: Language) {
        let text = language == .vi
            ? "Đã nhận \(summary.accepted.count) tệp, từ chối \(summary.refused.count), trùng \(summary.alreadyReceived.count); \(summary.newRevisions) dòng mới, trong đó \(summary.corrections) bản sửa."
            : "Accepted \(count(summary.accepted.count, "file", "files")), refused \(summary.refused.count), already received \(summary.alreadyReceived.count); \(count(summary.newRevisions, "new row", "new rows")), \(summary.corrections) of them \(summary.corrections == 1 ? "a correction" : "corrections")."
        log(text)
    }
}
