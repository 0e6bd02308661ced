import Foundation

/// One reminder as an e-mail (RFC 5322 with MIME): the commune's contacts in To, a subject
/// that says what is asked, the reminder's text as the body. Headers that are not ASCII are
/// encoded words (RFC 2047, UTF-8, Base64), folded under 78 characters; the body is UTF-8 in
/// Base64, so no relay can break a Vietnamese letter. Lines end in LF, as the `sendmail`
/// interface expects.
public struct ReminderMail: Sendable {
    public struct Address: Sendable, Equatable {
        public var name: String?
        public var address: String

        public init(name: String?, address: String) {
            self.name = name
            self.address = address
        }
    }

    public var from: Address
    public var replyTo: String?
    public var to: [Address]
    public var subject: String
    public var body: String

    public init(from: Address, replyTo: String?, to: [Address], subject: String, body: String) {
        self.from = from
        self.replyTo = replyTo
        self.to = to
        self.subject = subject
        self.body = body
    }

    /// The reminder `message` to `contacts` (those with an e-mail address), signed by `agency`.
    public init(_ message: Reminders.Message, period: Period, stage: Reminders.Stage, contacts: [Contact],
                from: Address, replyTo: String?, language: Language) {
        let vi = language == .vi
        let month = period.monthName(language), commune = message.unit.fullName
        let subject: String
        switch (message.status, stage) {
        case (.refusedWaiting, _):
            subject = vi ? "Tệp báo cáo chuyển đổi số \(month) bị từ chối — \(commune)"
                         : "Your digital transformation report for \(month) was refused — \(commune)"
        case (.returned, _):
            subject = vi ? "Sở trả lại số liệu chuyển đổi số \(month) — \(commune)"
                         : "The department returned your digital transformation figures for \(month) — \(commune)"
        case (_, .after):
            subject = vi ? "Quá hạn báo cáo chuyển đổi số \(month) — \(commune)"
                         : "Overdue: digital transformation report for \(month) — \(commune)"
        default:
            subject = vi ? "Nhắc gửi báo cáo chuyển đổi số \(month) — \(commune)"
                         : "Reminder: digital transformation report for \(month) — \(commune)"
        }
        let sender = from.name ?? from.address
        let footer = vi ? "Thư do hệ thống dti của \(sender) gửi tự động." + (replyTo == nil ? "" : " Trả lời thư này để hỏi chuyên viên phụ trách.")
                        : "Sent automatically by the dti system of \(sender)." + (replyTo == nil ? "" : " Reply to this mail to reach the analyst in charge.")
        self.init(from: from, replyTo: replyTo,
                  to: contacts.compactMap { contact in contact.email.map { Address(name: contact.name, address: $0) } },
                  subject: subject, body: message.text + "\n\n-- \n" + footer + "\n")
    }

    /// The message's bytes, dated `date` (shown in Vietnam time) with `messageID`.
    public func rendered(date: Date, messageID: String) -> [UInt8] {
        var lines: [String] = []
        lines.append(Self.header("From", Self.mailbox(from)))
        lines.append(Self.header("To", to.map(Self.mailbox).joined(separator: ", ")))
        if let replyTo { lines.append("Reply-To: " + replyTo) }
        lines.append(Self.header("Subject", Self.encodedWords(subject)))
        lines.append("Date: " + Self.dateFormatter.string(from: date))
        lines.append("Message-ID: <\(messageID)>")
        lines.append("MIME-Version: 1.0")
        lines.append("Content-Type: text/plain; charset=UTF-8")
        lines.append("Content-Transfer-Encoding: base64")
        lines.append("Auto-Submitted: auto-generated")
        let encoded = Data(body.utf8).base64EncodedString()
        var body: [String] = []
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            body.append(String(encoded[index..<end]))
            index = end
        }
        return Array((lines.joined(separator: "\n") + "\n\n" + body.joined(separator: "\n") + "\n").utf8)
    }

    /// `"Name" <address>`, the name as encoded words when it is not plain ASCII.
    static func mailbox(_ address: Address) -> String {
        guard let name = address.name, !name.isEmpty else { return address.address }
        let plain = name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0 == " " || $0.properties.numericType != nil) }
        return (plain ? name : encodedWords(name)) + " <" + address.address + ">"
    }

    /// `text` as RFC 2047 encoded words of at most 64 characters each (so that one fits a line
    /// after `Subject: `), never splitting a character's bytes; ASCII text without `=?` is
    /// left as it is.
    static func encodedWords(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 }), !text.contains("=?") { return text }
        // "=?UTF-8?B?" + "?=" is 12 characters; 39 bytes of text are 52 in Base64.
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 39 {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words.joined(separator: " ")
    }

    /// `Name: value`, folded at spaces so that no line passes 78 characters.
    static func header(_ name: String, _ value: String) -> String {
        var lines: [String] = []
        var line = name + ":"
        for word in value.split(separator: " ", omittingEmptySubsequences: true) {
            if line.count + 1 + word.count > 78, line.count > name.count + 1 {
                lines.append(line)
                line = ""
            }
            line += " " + word
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    private static let dateFormatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = .vietnam
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter
    }()
}
