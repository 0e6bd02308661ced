import ArgumentParser
import DTICore
import Foundation

extension DTICommand {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "The state of a month: every commune's status against the deadline, and each province's reporting and timeliness rates.",
            discussion: """
                Statuses: on-time, late, corrected-on-time, corrected-late (a refused file followed by an accepted \
                one, on time or late by the accepted one), refused-waiting (with the errors of its last file), \
                nothing-received. A file is on time when it reached the department by the end of the deadline day \
                ([set] deadline_day of the indicator file, 5 by default) of the next month, Vietnam time: the request \
                time of an upload, the modification time of an inbox file, or `ingest --received-at`. Before the \
                deadline this is the list to chase; after it, the record. In text and CSV, a ranked commune's \
                tier ([tier.ID] of the indicator file) follows its status; the JSON is the HTTP API's document, \
                which has none.
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, csv, json
        }

        @OptionGroup var global: GlobalOptions
        @OptionGroup var language: LanguageOption

        @Option(help: "The month (YYYY-MM); a quarter (YYYY-Qn) or a year (YYYY) gives each of its months in turn.")
        var period: Span

        @Option(name: .customLong("province"), help: "Province code(s); default: the provinces this database serves (those whose communes have sent figures), else every one.")
        var provinces: [String] = []

        @Flag(help: "Every province of the register, not only those this database serves.")
        var all = false

        @Flag(help: "With csv: begin with a byte-order mark, so that Excel shows the diacritics (the default is plain UTF-8 for programs).")
        var excel = false

        @Option(help: "text (a table per province), csv (a row per commune, to paste into a reminder) or json.")
        var format: Format = .text

        func run() throws {
            try Console.guarded(language.language) {
                let pipeline = try global.pipeline()
                let months = period.months.filter { pipeline.directory.version(for: $0) != nil }
                try UnknownUnit.check(provinces: provinces, communes: [], in: pipeline.directory.versions(for: [period.last]))
                let texts = try months.map { month in
                    let asked = provinces.isEmpty ? (all ? nil : try pipeline.servedProvinces(through: month)) : Set(provinces)
                    return StatusText(status: try pipeline.status(for: month, provinces: asked, withTiers: format != .json),
                               language: language.language).render(format)
                }
                print((excel && format == .csv ? "\u{FEFF}" : "") + Self.joined(texts, format), terminator: "")
                return .ok
            }
        }
    }
}

extension DTICommand.Status {
    /// The months of a quarter or a year, one after the other: text separated by a blank
    /// line, CSV under one header, JSON as an array of the months' documents.
    static func joined(_ texts: [String], _ format: Format) -> String {
        guard texts.count > 1 else { return texts.first ?? "" }
        switch format {
        case .text: return texts.joined(separator: "\n")
        case .csv: return texts[0] + texts.dropFirst().map { $0.split(separator: "\n", maxSplits: 1).dropFirst().joined() }.joined()
        case .json: return "[\n" + texts.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: ",\n") + "\n]\n"
        }
    }
}

/// `dti status` as text, CSV or JSON. Times are Vietnam time.
struct StatusText {
    var status: MonthStatus
    var language: Language

    static let time = MonthStatus.time

    func percent(_ value: Double) -> String {
        let text = String(format: "%.1f", value * 100)
        return (language == .vi ? text.replacingOccurrences(of: ".", with: ",") : text) + " %"
    }

    func render(_ format: DTICommand.Status.Format) -> String {
        switch format {
        case .text: text()
        case .csv: csv()
        case .json: json()
        }
    }

    func text() -> String {
        let vi = language == .vi
        var lines: [String] = []
        let due = Self.time.string(from: status.deadline.addingTimeInterval(-60))
        lines.append(vi ? "\(status.period.monthName(.vi).capitalisedFirst): hạn nộp hết ngày \(due.prefix(10)) (giờ Việt Nam), danh mục \(status.registerVersion)"
                        : "\(status.period.monthName(.en)): due by the end of \(due.prefix(10)) (Vietnam time), register \(status.registerVersion)")
        for province in status.provinces {
            lines.append("")
            lines.append("\(province.code) \(province.name): "
                + (vi ? "đã nhận \(province.accepted)/\(province.expected) (\(percent(province.reportingRate))), đúng hạn \(province.onTime)/\(province.expected) (\(percent(province.timelinessRate)))"
                      : "accepted \(province.accepted)/\(province.expected) (\(percent(province.reportingRate))), on time \(province.onTime)/\(province.expected) (\(percent(province.timelinessRate)))"))
            if let closing = province.closing {
                let at = Self.time.string(from: closing.at), pending = province.pendingChanges
                lines.append(vi ? "  đã chốt lúc \(at) (\(closing.author)); \(pending) thay đổi chờ duyệt"
                                : "  closed at \(at) (\(closing.author)); \(pending) change\(pending == 1 ? "" : "s") waiting to be accepted")
            }
            for commune in province.communes {
                var line = "  \(commune.unit.communeCode)  \(commune.unit.fullName)  —  \(commune.label(language))"
                    + (commune.tier.map { " · " + (vi ? "xếp loại " : "tier ") + $0.label(language) } ?? "")
                if let file = commune.lastFile { line += "  \(Self.time.string(from: file.at))  \(Quoted.escaped(file.name))" }
                if commune.kind == .refusedWaiting {
                    line += vi ? "  (\(commune.errors) lỗi" : "  (\(commune.errors) error\(commune.errors == 1 ? "" : "s")"
                    line += (commune.firstError.map { ": " + $0(language) } ?? "") + ")"
                }
                if let returned = commune.returned {
                    line += vi ? "  (trả lại lúc \(Self.time.string(from: returned.at)), \(returned.author))"
                               : "  (returned at \(Self.time.string(from: returned.at)), \(returned.author))"
                }
                if let from = commune.imputedFrom {
                    line += vi ? "  — xếp hạng theo số liệu \(from)" : "  — ranked on its figures of \(from)"
                }
                if let after = commune.afterClosing {
                    let at = Self.time.string(from: after.at)
                    line += vi ? "  — nhận sau khi chốt: \(at) \(Quoted.escaped(after.file)), \(after.changes ? "thay đổi số liệu, chờ duyệt" : "không đổi số liệu")"
                               : "  — received after closing: \(at) \(Quoted.escaped(after.file)), \(after.changes ? "changes the figures, waiting to be accepted" : "the same figures")"
                }
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func csv() -> String {
        // `status` is a code for programs; `status_label` the same in the run's language, as the
        // commune's officer reads it.
        var lines = ["period,province_code,commune_code,commune,status,received_at,file,errors,first_error,imputed_from,returned_reason,received_after_closing,tier,status_label"]
        for province in status.provinces {
            for commune in province.communes {
                lines.append([status.period.description, province.code, commune.unit.communeCode, commune.unit.fullName,
                              commune.kind.rawValue, commune.lastFile.map { Self.time.string(from: $0.at) } ?? "",
                              commune.lastFile?.name ?? "", commune.kind == .refusedWaiting ? String(commune.errors) : "",
                              commune.firstError?(language) ?? "", commune.imputedFrom?.description ?? "", commune.returned?.reason ?? "",
                              commune.afterClosing.map { Self.time.string(from: $0.at) } ?? "",
                              commune.tier?.label(language) ?? "", commune.kind.label(language)].map { Quoted.csvField($0) }.joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func json() -> String { MonthStatus.json(status.document()) }
}
