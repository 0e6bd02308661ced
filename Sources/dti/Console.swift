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
    /// ones one line each on small batches, and a progress line on large ones.
    static func progress(language: Language, verbose: Bool) -> (Int, Int, FileReceipt) -> Void {
        { done, total, receipt in
            switch receipt.outcome {
            case .refused:
                log("✗ \(receipt.fileName): \(language == .vi ? "bị từ chối" : "refused") (\(receipt.issues.errorCount) \(language == .vi ? "lỗi" : "errors"))")
                for issue in receipt.issues.issues { log("  " + issue.formatted(language)) }
                if receipt.issues.omittedCount > 0 {
                    log("  … \(receipt.issues.omittedCount) \(language == .vi ? "vấn đề khác không hiển thị" : "more issues not shown")")
                }
            case .accepted, .alreadyReceived:
                if verbose || total <= 50 {
                    log("✓ \(receipt.fileName): \(describe(receipt, language))")
                    for issue in receipt.issues.issues where issue.severity == .warning {
                        log("  " + issue.formatted(language))
                    }
                } else if done % max(1, total / 20) == 0 || done == total {
                    log("ingest: \(done)/\(total) files")
                }
            }
        }
    }

    static func describe(_ receipt: FileReceipt, _ language: Language) -> String {
        switch (receipt.outcome, language) {
        case (.alreadyReceived, .vi): return "đã nhận trước đây, không thay đổi"
        case (.alreadyReceived, .en): return "already received, nothing changed"
        case (_, .vi):
            return "\(receipt.newRevisions) dòng mới (\(receipt.corrections) bản sửa), \(receipt.unchangedRows) dòng không đổi"
        case (_, .en):
            return "\(receipt.newRevisions) new rows (\(receipt.corrections) corrections), \(receipt.unchangedRows) unchanged"
        }
    }

    static func summarise(_ summary: Ingestor.Summary, language: Language) {
        let text = language == .vi
            ? "Đã nhận \(summary.accepted.count) tệp, từ chối \(summary.refused.count), trùng \(summary.alreadyReceived.count); \(summary.newRevisions) dòng mới, trong đó \(summary.corrections) bản sửa."
            : "Accepted \(summary.accepted.count) files, refused \(summary.refused.count), already received \(summary.alreadyReceived.count); \(summary.newRevisions) new rows, \(summary.corrections) of them corrections."
        log(text)
    }
}
