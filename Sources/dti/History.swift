import ArgumentParser
import DTICore
import Foundation

extension DTICommand {
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "List every revision a commune sent for a period: file, hash, time received, source, and what changed; refused files, and accepted files kept without changing the figures.")

        @OptionGroup var global: StoreOptions
        @OptionGroup var language: LanguageOption

        @Option(help: "The commune code (5 digits; leading zeros may be left out).")
        var commune: String

        @Option(help: "The period (YYYY-MM).")
        var period: Period

        func run() throws {
            try Console.guarded(language.language) {
                let code = AdministrativeUnit.communeCode(commune)
                let store = try global.openStore()
                let revisions = try store.revisions(communeCode: code, period: period)
                let vi = language.language == .vi
                // Refused files are part of the story: a commune whose file was refused is
                // not one that sent nothing.
                let arrivals = try store.arrivals(for: period, communeCode: code)[code]
                let refused = arrivals?.refused ?? []
                guard !revisions.isEmpty || !refused.isEmpty else {
                    Console.say(LocalizedText(vi: "xã \(code) chưa gửi tệp nào cho \(period.monthName(.vi))",
                                              en: "no file from commune \(code) for \(period)"), language.language)
                    return .noInput
                }
                // Times as the status and the page show them: Vietnam time, the zone named once.
                let zone = vi ? " (giờ Việt Nam)" : " (Vietnam time)"
                let time = VietnamTime()
                for file in refused {
                    let head: String = vi ? "\(Vocabulary.refused.vi)  nhận lúc " : "refused  received "
                    let noun: String = vi ? "lỗi" : (file.errors == 1 ? "error" : "errors")
                    let first: String = file.firstError.map { ": " + $0(language.language) } ?? ""
                    print(head + time.string(from: file.at) + zone + "  " + Quoted.escaped(file.file) + "  (\(file.errors) \(noun)\(first))")
                }
                guard !revisions.isEmpty else { return .ok }
                print(vi ? "xã \(code), \(period.monthName(.vi)): \(revisions.count) \(Vocabulary.revision.vi)"
                         : "commune \(code), period \(period): \(revisions.count) revision\(revisions.count == 1 ? "" : "s")")
                var previous: RevisionRecord?
                var firstRevisionOfFile: [String: Int] = [:]
                for record in revisions {
                    let submission = record.submission
                    print((vi ? "\(Vocabulary.revision.vi) \(submission.revision)  nhận lúc " : "revision \(submission.revision)  received ")
                          + "\(time.string(fromISO: record.receivedAt))\(zone)  \(Quoted.escaped(submission.fileName)):\(submission.line)")
                    print("  sha256 \(submission.fileSHA256)")
                    print((vi ? "  nguồn " : "  source ") + Quoted.escaped(record.source))
                    if let first = firstRevisionOfFile[submission.fileSHA256] {
                        print(vi ? "  cùng tệp với \(Vocabulary.revision.vi) \(first), được gửi lại"
                                 : "  the same file as revision \(first), sent again")
                    } else {
                        firstRevisionOfFile[submission.fileSHA256] = submission.revision
                    }
                    if let previous = previous?.submission {
                        let changes = Figure.allCases.filter { previous.figures[$0] != submission.figures[$0] }
                            .map { "\($0.rawValue) \(previous.figures[$0]) → \(submission.figures[$0])" }
                            + (previous.notes != submission.notes ? ["notes"] : [])
                            + (previous.communeName != submission.communeName ? ["commune_name"] : [])
                        print((vi ? "  thay đổi: " : "  changed: ")
                              + (changes.isEmpty ? (vi ? "không có" : "nothing") : changes.joined(separator: ", ")))
                    }
                    previous = record
                }
                // Accepted files that did not change the figures: arrival decides, so a file
                // that reached the department before the current figures is kept, not current.
                for kept in arrivals?.kept ?? [] {
                    let why = kept.kind == .older ? Vocabulary.older : LocalizedText(
                        vi: "cùng số liệu với bản hiện hành, \(Vocabulary.unchanged.vi)", en: "the same figures as the current revision, nothing changed")
                    print(why(language.language) + (vi ? "  nhận lúc " : "  received ") + time.string(from: kept.at) + zone + "  "
                          + Quoted.escaped(kept.file) + ":\(kept.line)")
                }
                // What the department did: returns and acceptances of the commune, closings of its province.
                let province = try store.unitDirectory().unit(code: code, for: period)?.provinceCode
                for action in try store.reviewActions(for: period)
                where action.communeCode == code || (action.communeCode == nil && action.provinceCode == province) {
                    let what: String = switch action.kind {
                    case .return: vi ? "trả lại" : "returned"
                    case .accept: vi ? "duyệt" : "accepted"
                    case .close: vi ? "chốt số liệu của tỉnh" : "province closed"
                    case .reopen: vi ? "mở lại tháng của tỉnh" : "province reopened"
                    }
                    print(what + (vi ? "  lúc " : "  at ") + time.string(from: action.at) + zone + "  " + Quoted.escaped(action.author)
                          + (action.reason.map { "  " + Quoted.escaped($0) } ?? ""))
                }
                return .ok
            }
        }
    }

    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backup",
            abstract: "Copy the database, consistently, with SQLite's online backup API (safe while a run is ingesting).")

        @OptionGroup var global: StoreOptions
        @OptionGroup var language: LanguageOption

        @Argument(help: "The new file to write; never overwritten.")
        var destination: String

        func run() throws {
            try Console.guarded(language.language) {
                let store = try global.openStore()
                try store.quickCheck()  // a copy of a damaged file is no backup
                try store.backup(to: destination)
                Console.say(LocalizedText(vi: "đã sao lưu \(store.path) vào \(destination)",
                                          en: "backed up \(store.path) to \(destination)"), language.language)
                return .ok
            }
        }
    }
}

/// A moment as people in Vietnam read it: “2026-11-04 09:00”, Vietnam time (`MonthStatus.time`).
struct VietnamTime {
    private let iso = ISO8601DateFormatter()
    private let fractional: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()

    func string(from date: Date) -> String { MonthStatus.time.string(from: date) }

    /// A stored ISO 8601 time shown the same way; as it is when it is not one.
    func string(fromISO text: String) -> String {
        (iso.date(from: text) ?? fractional.date(from: text)).map(string(from:)) ?? text
    }
}
