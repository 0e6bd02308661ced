import ArgumentParser
import DTICore
import Foundation

extension DTICommand {
    struct Remind: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remind",
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

        @Option(help: "The month (YYYY-MM); with --when-due, the one the schedule names.")
        var period: Period?

        @Option(name: .customLong("province"), help: "Province code(s); default: the provinces this database serves (those whose communes have sent figures), else every one.")
        var provinces: [String] = []

        @Flag(help: "Every province of the register, not only those this database serves.")
        var all = false

        @Option(help: "before, after or refused (default: before or after, by the month's deadline and the clock).")
        var stage: Reminders.Stage?

        @Option(help: "text (each message under its commune, then the digests), csv (with a byte-order mark, so Excel shows the diacritics) or json.")
        var format: Format = .text

        @Flag(help: "Also e-mail each message to its commune's contacts through the system's mail (`[mail] sendmail`, default /usr/sbin/sendmail); a reminder already sent for the same commune, month and stage is not sent again.")
        var send = false

        @Flag(help: "With --send: send again the reminders already sent.")
        var resend = false

        @Flag(help: "Act only on the days the schedule names, in Vietnam time: the `before` reminder two days before the deadline, the `after` one the day after it (for systemd timers and cron; other days print when the next is and exit 0).")
        var whenDue = false

        @Option(help: "With --when-due: the day to take as today (YYYY-MM-DD, Vietnam time), to check the schedule.")
        var today: ArrivalTime?

        func validate() throws {
            guard whenDue || period != nil else { throw ValidationError("give --period YYYY-MM (or --when-due)") }
            guard !whenDue || (period == nil && stage == nil) else {
                throw ValidationError("--when-due chooses the month and the stage; leave out --period and --stage")
            }
            guard today == nil || whenDue else { throw ValidationError("--today goes with --when-due") }
            guard !resend || send else { throw ValidationError("--resend goes with --send") }
        }

        func run() throws {
            try Console.guarded(language.language) {
                let pipeline = try global.pipeline()  // the indicator set gives the deadline day
                let language = language.language, vi = language == .vi
                var period = self.period, stage = self.stage
                if whenDue {
                    let now = today?.date ?? Date()
                    let deadlineDay = pipeline.indicatorSet.deadlineDay
                    guard let due = Reminders.due(on: now, deadlineDay: deadlineDay) else {
                        let next = Reminders.schedule(from: now, deadlineDay: deadlineDay, count: 1).first
                        Console.log(next.map { next in
                            let day = MonthStatus.day(next.day, language)
                            return vi ? "hôm nay không có nhắc nhở theo lịch; lần tới: ngày \(day), \(next.stage.label(.vi)) \(next.period.monthName(.vi))"
                                      : "no reminder is due today; the next: \(day), \(next.stage.label(.en)) for \(next.period.monthName(.en))"
                        } ?? "")
                        return .ok
                    }
                    (period, stage) = (due.period, due.stage)
                }
                let month = period!
                try UnknownUnit.check(provinces: provinces, communes: [], in: pipeline.directory.versions(for: [month]))
                let asked = provinces.isEmpty ? (all ? nil : try pipeline.servedProvinces(through: month)) : Set(provinces)
                let status = try pipeline.status(for: month, provinces: asked)
                let locations = try global.locations()
                let reminders = Reminders(status, stage: stage ?? .at(Date(), deadline: status.deadline),
                                          address: locations.publicURL, language: language)
                print(Self.render(reminders, period: month, format: format, language: language), terminator: "")
                guard send else { return .ok }
                return try post(reminders, period: month, store: pipeline.store, locations: locations, language: language)
            }
        }

        /// Mails the reminders; says what became of each on standard error (never an address).
        func post(_ reminders: Reminders, period: Period, store: any DataStore, locations: Locations,
                  language: Language) throws -> ExitStatus {
            let vi = language == .vi
            let mail = locations.mailSettings
            let from = mail.from ?? "dti@" + (ProcessInfo.processInfo.hostName.isEmpty ? "localhost" : ProcessInfo.processInfo.hostName)
            let post = ReminderPost(program: MailProgram(path: mail.sendmail),
                                    from: ReminderMail.Address(name: mail.fromName, address: from), replyTo: mail.replyTo)
            let outcomes = try post.send(reminders, period: period, store: store, resend: resend, language: language)
            var sent = 0, failed = 0, without = 0, before = 0
            for (message, outcome) in outcomes {
                let who = "\(message.unit.communeCode) \(message.unit.fullName)"
                switch outcome {
                case .sent(let count):
                    sent += 1
                    Console.log(vi ? "✓ \(who): đã gửi thư tới \(count) địa chỉ" : "✓ \(who): mailed to \(Console.count(count, "address", "addresses"))")
                case .alreadySent(let at):
                    before += 1
                    let time = MonthStatus.time.string(from: at)
                    Console.log(vi ? "· \(who): đã gửi lúc \(time), không gửi lại (--resend để gửi lại)"
                                   : "· \(who): already sent at \(time), not sent again (--resend sends it again)")
                case .noAddress:
                    without += 1
                    Console.log(vi ? "· \(who): không có e-mail trong danh bạ (dti contacts import); hãy nhắn Zalo"
                                   : "· \(who): no e-mail address among its contacts (dti contacts import); send it by Zalo")
                case .failed(let reason):
                    failed += 1
                    Console.log(vi ? "✗ \(who): chương trình gửi thư từ chối: \(reason)" : "✗ \(who): the mail program refused: \(reason)")
                }
            }
            Console.log(vi ? "thư nhắc: \(sent) đã gửi, \(before) đã gửi trước đó, \(without) không có e-mail, \(failed) lỗi"
                           : "reminder mails: \(sent) sent, \(before) sent before, \(without) without an address, \(failed) failed")
            return failed > 0 ? .unavailable : .ok
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
