import Foundation

/// Sends a month's reminders by e-mail (`dti remind --send`): one mail per commune to the
/// addresses of its contacts, through the system's mail (`MailProgram`). Each attempt is
/// recorded in the store with its time, the number of addresses and the outcome, and a
/// reminder already sent for the same commune, month and stage is not sent again unless
/// `resend` is given. A mail the program refuses is reported and the others still go.
public struct ReminderPost: Sendable {
    public enum Outcome: Sendable, Equatable {
        case sent(recipients: Int)
        case alreadySent(at: Date)
        /// No contact of the commune has an e-mail address (`dti contacts import`).
        case noAddress
        case failed(String)
    }

    public var program: MailProgram
    public var from: ReminderMail.Address
    public var replyTo: String?

    public init(program: MailProgram, from: ReminderMail.Address, replyTo: String?) {
        self.program = program
        self.from = from
        self.replyTo = replyTo
    }

    /// Sends every message of `reminders` for `period` that is due, in their order; returns
    /// what happened to each. Throws only when the store fails (what was sent is recorded).
    public func send(_ reminders: Reminders, period: Period, store: any DataStore, resend: Bool, language: Language,
                     now: @Sendable () -> Date = Date.init) throws -> [(message: Reminders.Message, outcome: Outcome)] {
        let stage = reminders.stage.rawValue
        let contacts = Dictionary(grouping: try store.contacts(), by: \.communeCode)
        var sent: [String: Date] = [:]
        for record in try store.reminderMails(for: period) where record.stage == stage && record.outcome == .sent {
            sent[record.communeCode] = record.at
        }
        var outcomes: [(message: Reminders.Message, outcome: Outcome)] = []
        for message in reminders.messages {
            let code = message.unit.communeCode
            if !resend, let at = sent[code] {
                outcomes.append((message, .alreadySent(at: at)))
                continue
            }
            let reached = (contacts[code] ?? []).filter { $0.reaches(message.unit) && $0.email != nil }
            guard !reached.isEmpty else {
                outcomes.append((message, .noAddress))
                continue
            }
            let mail = ReminderMail(message, period: period, stage: reminders.stage, contacts: reached, from: from,
                                    replyTo: replyTo, language: language)
            let date = now()
            let messageID = "dti.\(period).\(code).\(stage).\(Int(date.timeIntervalSince1970))@\(from.address.split(separator: "@").last ?? "localhost")"
            let addresses = mail.to.map(\.address)
            switch program.send(mail.rendered(date: date, messageID: messageID), from: from.address, to: addresses) {
            case .success:
                try store.recordReminderMail(ReminderMailRecord(period: period, communeCode: code, stage: stage, at: date,
                                                                recipients: addresses.count, outcome: .sent))
                outcomes.append((message, .sent(recipients: addresses.count)))
            case .failure(let failure):
                let detail = Self.withoutAddresses(failure.description)
                try store.recordReminderMail(ReminderMailRecord(period: period, communeCode: code, stage: stage, at: date,
                                                                recipients: addresses.count, outcome: .failed, detail: detail))
                outcomes.append((message, .failed(detail)))
            }
        }
        return outcomes
    }

    /// `text` with every e-mail address in it replaced by “[e-mail]”: what a mail program says
    /// of a refused recipient goes to the terminal and the store, where no address may.
    static func withoutAddresses(_ text: String) -> String {
        text.replacingOccurrences(of: #"[^\s<>"'(),;:]+@[^\s<>"'(),;:]+"#, with: "[e-mail]", options: .regularExpression)
    }
}
