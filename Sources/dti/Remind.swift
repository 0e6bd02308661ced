import ArgumentParser
import DTICore
import Foundation

extension DTICommand {
    struct Remind: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the messages that chase a month's late communes: one each, ready to paste into Zalo or an SMS, and one digest per province.",
            discussion: """
                A commune gets a message when it has sent nothing, when its last file was refused and not \
                corrected (the message gives the first error, in the officer's words), or when the department \
                returned its figures (the message gives the reason); never when its figures count. Each message \
                is plain text of at most 500 characters: the commune, the month, the deadline, what is missing \
                or wrong, and where to send (`[server] public_url` of the config file, the upload page, where \
                the template is downloaded too). The stage: `before` the deadline (the default until it passes), \
                `after` it (the default then), or `refused` (only refused and returned communes). No phone \
                number or e-mail address is ever printed.
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, csv, json
        }

        @OptionGroup var global: GlobalOptions
        @OptionGroup var language: LanguageOption

        @Option(help: "The month (YYYY-MM).")
        var period: Period

        @Option(name: .customLong("province"), help: "Province code(s); default: every province of the register.")
        var provinces: [String] = []

        @Option(help: "before, after or refused (default: before or after, by the month's deadline and the clock).")
        var stage: Reminders.Stage?

        @Option(help: "text (each message under its commune, then the digests), csv (with a byte-order mark, so Excel shows the diacritics) or json.")
        var format: Format = .text

        func run() throws {
            try Console.guarded(language.language) {
                let pipeline = try global.pipeline()  // the indicator set gives the deadline day
                try UnknownUnit.check(provinces: provinces, communes: [], in: pipeline.directory.versions(for: [period]))
                let status = try pipeline.status(for: period, provinces: provinces.isEmpty ? nil : Set(provinces))
                let reminders = Reminders(status, stage: stage ?? .at(Date(), deadline: status.deadline),
                                          address: try global.locations().publicURL, language: language.language)
                print(Self.render(reminders, period: period, format: format, language: language.language), terminator: "")
                return .ok
            }
        }

        static func render(_ reminders: Reminders, period: Period, format: Format, language: Language) -> String {
            switch format {
            case .text:
                var blocks = reminders.messages.map { "\($0.unit.communeCode)  \($0.unit.fullName)\n\($0.text)\n" }
                if !reminders.digests.isEmpty {
                    blocks.append((language == .vi ? "Tóm tắt cho nhóm của tỉnh:\n" : "Digests for the provinces' groups:\n")
                                  + reminders.digests.map { "\($0.provinceCode)  \($0.text)\n" }.joined())
                }
                return blocks.isEmpty ? (language == .vi ? "Không xã nào cần nhắc.\n" : "No commune needs a reminder.\n")
                    : blocks.joined(separator: "\n")
            case .csv:
                let rows = [["period", "province_code", "commune_code", "commune", "status", "stage", "message"]]
                    + reminders.messages.map { [period.description, $0.provinceCode, $0.unit.communeCode, $0.unit.fullName,
                                                $0.status.rawValue, reminders.stage.rawValue, $0.text] }
                    + reminders.digests.map { [period.description, $0.provinceCode, "", $0.provinceName, "digest",
                                               reminders.stage.rawValue, $0.text] }
                return "\u{FEFF}" + rows.map { $0.map { Quoted.csvField($0) }.joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
            case .json:
                let records = reminders.messages.map { ["period": period.description, "provinceCode": $0.provinceCode,
                                                        "communeCode": $0.unit.communeCode, "commune": $0.unit.fullName,
                                                        "status": $0.status.rawValue, "stage": reminders.stage.rawValue, "message": $0.text] }
                    + reminders.digests.map { ["period": period.description, "provinceCode": $0.provinceCode, "province": $0.provinceName,
                                               "status": "digest", "stage": reminders.stage.rawValue, "message": $0.text] }
                return MonthStatus.prettyJSON(records)
            }
        }
    }
}

extension Reminders.Stage: ExpressibleByArgument {}
