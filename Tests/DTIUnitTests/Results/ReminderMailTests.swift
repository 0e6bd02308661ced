@testable import DTICore
import Foundation
import Testing

/// The parts of mailed reminders that are pure rules: how people write phones and addresses,
/// how a Vietnamese header is encoded for mail, and on which days the schedule sends.
struct ReminderRulesTests {
    @Test(arguments: [
        ("0912 345 678", "0912345678"), ("0912.345.678", "0912345678"), ("(0214) 3876 543", "02143876543"),
        ("+84 912 345 678", "0912345678"), ("84912345678", "0912345678"), ("912345678", "0912345678"),
    ])
    func aPhoneIsReadAsPeopleWriteIt(written: String, read: String) {
        #expect(ContactFile.phone(written) == read)
    }

    @Test(arguments: ["0912", "00912345678", "+1 212 555 0100", "0912 345 678 / 0988 000 111", "số máy lẻ 12", "091234567890"])
    func whatIsNoPhoneIsRefused(written: String) {
        #expect(ContactFile.phone(written) == nil, "\(written)")
    }

    @Test func anAddressIsOnePlainMailbox() {
        for good in ["an@example.org", "van.phong-binhlu@laichau.gov.vn", "a+b@x.vn"] { #expect(ContactFile.isEmail(good), "\(good)") }
        for bad in ["an", "an@", "@x.vn", "a@@x.vn", "a b@x.vn", "An <an@x.vn>", "a@x", "a@x.vn; b@x.vn", "hòa@x.vn", "a@-x.vn", "a..b@x.vn", "a@x.123"] {
            #expect(!ContactFile.isEmail(bad), "\(bad)")
        }
    }

    /// Encoded words decode back to the text, none longer than 75 characters, no character's
    /// bytes split across two; no header line over 78.
    @Test func vietnameseHeadersAreEncodedWordsThatDecodeBack() {
        let subject = "Tệp báo cáo chuyển đổi số tháng 10/2026 bị từ chối — Xã Nậm Xe, Phường Đoàn Kết"
        let words = ReminderMail.encodedWords(subject).split(separator: " ")
        #expect(words.count > 1 && words.allSatisfy { $0.count <= 75 && $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") })
        let decoded = words.map { word -> String in
            let payload = word.dropFirst(10).dropLast(2)
            return String(data: Data(base64Encoded: String(payload))!, encoding: .utf8)!  // each word whole UTF-8
        }.joined()
        #expect(decoded == subject)
        #expect(ReminderMail.encodedWords("Reminder") == "Reminder")
        #expect(ReminderMail.encodedWords("=?x?=") != "=?x?=", "text that looks encoded is encoded")
        let header = ReminderMail.header("Subject", ReminderMail.encodedWords(subject))
        #expect(header.split(separator: "\n").allSatisfy { $0.count <= 78 })
        #expect(header.split(separator: "\n").dropFirst().allSatisfy { $0.hasPrefix(" ") }, "continuation lines are folded")
    }

    @Test func theBodyIsBase64OfUTF8InLinesOf76() {
        let mail = ReminderMail(from: .init(name: "Sở KH&CN", address: "dti@x.vn"), replyTo: nil,
                                to: [.init(name: "Lò Thị Bình", address: "binh@x.vn"), .init(name: nil, address: "an@x.vn")],
                                subject: "Nhắc", body: String(repeating: "Xã Bản Bo chưa gửi. ", count: 20))
        let text = String(decoding: mail.rendered(date: Date(timeIntervalSince1970: 1_793_000_000), messageID: "m@x.vn"), as: UTF8.self)
        let parts = text.components(separatedBy: "\n\n")
        #expect(parts.count == 2)
        #expect(parts[0].contains("To: =?UTF-8?B?") && parts[0].contains("<binh@x.vn>,\n an@x.vn") || parts[0].contains("<binh@x.vn>, an@x.vn"), "\(parts[0])")
        #expect(parts[0].contains("Date: ") && parts[0].contains(" +0700\n"), "dated in Vietnam time: \(parts[0])")
        let lines = parts[1].split(separator: "\n")
        #expect(lines.dropLast().allSatisfy { $0.count == 76 })
        #expect(String(data: Data(base64Encoded: lines.joined())!, encoding: .utf8) == mail.body)
    }

    @Test func whatAMailProgramSaysOfAnAddressIsNotRepeated() {
        #expect(ReminderPost.withoutAddresses("msmtp: recipient address <de@example.org> not accepted; an.b@x.vn too")
                == "msmtp: recipient address <[e-mail]> not accepted; [e-mail] too")
    }

    /// Deadline day 5: the `before` reminder on the 3rd, the `after` one on the 6th; day 1
    /// puts `before` in the month before; the schedule counts Vietnam's days.
    @Test func theScheduleCountsFromTheDeadlineDayInVietnam() throws {
        func day(_ text: String, hour: Int = 8) -> Date {
            let parts = text.split(separator: "-").map { Int($0)! }
            return Calendar.vietnam.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: hour))!
        }
        let october = Period("2026-10")!
        #expect(Reminders.due(on: day("2026-11-03"), deadlineDay: 5)! == (october, .before))
        #expect(Reminders.due(on: day("2026-11-06"), deadlineDay: 5)! == (october, .after))
        for quiet in ["2026-11-02", "2026-11-04", "2026-11-05", "2026-11-07", "2026-11-30"] {
            #expect(Reminders.due(on: day(quiet), deadlineDay: 5) == nil, "\(quiet)")
        }
        // 23:30 in Vietnam on the 2nd is 16:30 UTC: still the 2nd there, and the 3rd at 00:30.
        #expect(Reminders.due(on: day("2026-11-02", hour: 23), deadlineDay: 5) == nil)
        #expect(Reminders.due(on: day("2026-11-03", hour: 0), deadlineDay: 5)! == (october, .before))
        // Deadline the 1st of December for November: before on 29 November, after on 2 December.
        #expect(Reminders.due(on: day("2026-11-29"), deadlineDay: 1)! == (Period("2026-11")!, .before))
        #expect(Reminders.due(on: day("2026-12-02"), deadlineDay: 1)! == (Period("2026-11")!, .after))
        let next = Reminders.schedule(from: day("2026-12-31"), deadlineDay: 5, count: 2)
        #expect(next.map(\.period) == [Period("2026-12")!, Period("2026-12")!] && next.map(\.stage) == [.before, .after])
        #expect(next.map { Calendar.vietnam.component(.day, from: $0.day) } == [3, 6])
    }
}
