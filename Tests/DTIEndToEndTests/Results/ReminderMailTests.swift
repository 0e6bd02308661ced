import DTICore
import DTITestSupport
import Foundation
import Testing

/// Contacts and reminders by e-mail through the built `dti`, as the department meets them:
/// a contacts file refused cell by cell and a good one imported; `dti remind --send` through
/// Debian's msmtp (the `sendmail` interface) to an SMTP server on loopback
/// (`Tests/mail/smtp_sink.py`, Python's aiosmtpd) whose mails are parsed by Python's `email`
/// package; the schedule of `--when-due` and of the shipped systemd timer.
///
/// Needs msmtp and python3-aiosmtpd; `.ci/run` installs them and sets DTI_REQUIRE_MAIL=1,
/// which turns their absence into a failure.
@Suite(.serialized)
struct ReminderMailTests {
    typealias T = TestData

    static let python = URL(fileURLWithPath: "/usr/bin/python3")

    static let mailAvailable: Bool = {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/msmtp") else { return false }
        return (try? EndToEndTests.run(python, ["-c", "import aiosmtpd"]).status) == 0
    }()

    @Test func theMailToolsAreThereWhenCIAsksForThem() {
        #expect(ProcessInfo.processInfo.environment["DTI_REQUIRE_MAIL"] != "1" || Self.mailAvailable,
                "DTI_REQUIRE_MAIL=1 but msmtp or python3-aiosmtpd is missing")
    }

    /// An SMTP server on loopback keeping what it accepts in `box`, refusing `refuse`.
    final class Sink {
        let process = Process()
        let input = Pipe()
        let box: URL
        let port: Int

        init(in folder: URL, refuse: [String] = []) throws {
            box = folder.appendingPathComponent("box")
            try FileManager.default.createDirectory(at: box, withIntermediateDirectories: true)
            process.executableURL = ReminderMailTests.python
            process.arguments = [T.packageRoot.appendingPathComponent("Tests/mail/smtp_sink.py").path, box.path]
                + refuse.flatMap { ["--refuse", $0] }
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let more = output.fileHandleForReading.availableData
                if more.isEmpty { break }
                line += more
            }
            port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }

        deinit {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }

        /// Each message received, as Python's `email` package decodes it.
        func mails() throws -> [[String: String]] {
            let script = """
                import email, email.policy, json, pathlib, sys
                mails = []
                for path in sorted(pathlib.Path(sys.argv[1]).glob("*.eml")):
                    m = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
                    mails.append({"envelope": m["X-Envelope-To"], "to": str(m["To"]), "from": str(m["From"]),
                                  "subject": str(m["Subject"]), "replyTo": str(m["Reply-To"]), "body": m.get_content(),
                                  "defects": str(len(m.defects) + sum(len(h.defects) for h in m.values() if hasattr(h, "defects")))})
                print(json.dumps(mails, ensure_ascii=False))
                """
            let result = try EndToEndTests.run(ReminderMailTests.python, ["-c", script, box.path])
            #expect(result.status == 0, "\(result.stderr)")
            return try JSONDecoder().decode([[String: String]].self, from: Data(result.stdout.utf8))
        }
    }

    /// A config whose `[mail] sendmail` is msmtp pointed at `port`.
    static func mailConfig(in folder: URL, port: Int) throws -> URL {
        let rc = folder.appendingPathComponent("msmtprc")
        try Data("account default\nhost 127.0.0.1\nport \(port)\nfrom dti@sokhcn.example.gov.vn\nauth off\ntls off\n".utf8).write(to: rc)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: rc.path)
        let wrapper = folder.appendingPathComponent("sendmail")
        try Data("#!/bin/sh\nexec /usr/bin/msmtp -C '\(rc.path)' \"$@\"\n".utf8).write(to: wrapper)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper.path)
        let config = folder.appendingPathComponent("mail.toml")
        try Data("""
            [report]
            agency = "UBND TỈNH LAI CHÂU\\nSỞ KHOA HỌC VÀ CÔNG NGHỆ"
            [server]
            public_url = "https://dti.example.gov.vn"
            [mail]
            sendmail = "\(wrapper.path)"
            from = "dti@sokhcn.example.gov.vn"
            reply_to = "chuyenvien@sokhcn.example.gov.vn"

            """.utf8).write(to: config)
        return config
    }

    @Test func aContactsFileWithBadRowsIsRefusedCellByCellAndNothingOfItIsImported() throws {
        let e2e = EndToEndTests()
        let (folder, _) = try e2e.runSample(out: T.temporaryFolder(), lang: "vi")
        let file = folder.appendingPathComponent("danh-ba.csv")
        try Data("""
            STT;Mã xã;Tên xã;Họ và tên;Chức vụ;Điện thoại;E-mail;Zalo
            1;03390;Xã Bình Lư;Nguyễn Văn An;Văn phòng;0912 345 678;an@example.org;
            2;99999;;Lò Thị Bình;;0912;binh@@example;
            3;03394;;;Văn phòng;;;
            4;03390;;Nguyễn Văn An;;;an@example.org;

            """.utf8).write(to: file)
        let refused = try e2e.dti(["contacts", "import", file.path], in: folder)
        #expect(refused.status == 65, "\(refused.stderr)")
        for line in ["danh-ba.csv:3:2: lỗi [commune-unknown] Mã xã 99999 không có trong danh mục",
                     "danh-ba.csv:3:6: lỗi [contact-phone-format] Số điện thoại “0912” không đúng",
                     "danh-ba.csv:3:7: lỗi [contact-email-format] Địa chỉ e-mail “binh@@example” không đúng",
                     "danh-ba.csv:4:4: lỗi [value-missing] Thiếu họ và tên",
                     "danh-ba.csv:4:6: lỗi [contact-no-channel]",
                     "danh-ba.csv:5:7: lỗi [duplicate-row] Trùng với dòng 2"] {
            #expect(refused.stderr.contains(line), "\(line)\n\(refused.stderr)")
        }
        let list = try e2e.dti(["contacts", "list", "--province", "12", "--format", "csv"], in: folder)
        #expect(list.stdout == "\u{FEFF}ma_xa,ten_xa,ho_ten,chuc_vu,dien_thoai,email,zalo\r\n", "nothing half loaded: \(list.stdout)")

        // The template, filled as an officer would in a spreadsheet program (openpyxl): a
        // phone typed as a number loses its 0, a code too; both come back whole.
        let workbook = folder.appendingPathComponent("danh-ba.xlsx")
        let template = try e2e.dti(["contacts", "template", "--province", "12", "--out", workbook.path], in: folder)
        #expect(template.status == 0, "\(template.stderr)")
        let rows = try T.workbookRows(workbook, sheet: "Danh bạ")
        #expect(rows.first == ["Mã xã", "Tên xã", "Họ và tên", "Chức vụ", "Điện thoại", "E-mail", "Zalo"])
        #expect(rows.count == 39 && rows[1].prefix(2) == ["03388", "Phường Đoàn Kết"], "\(rows.prefix(3))")
        let fill = """
            import sys, openpyxl
            book = openpyxl.load_workbook(sys.argv[1]); sheet = book["Danh bạ"]
            sheet["A2"] = 3388; sheet["C2"] = "Lò Văn Chiến"; sheet["E2"] = 912345678; sheet["F2"] = "chien@example.org"
            sheet["C3"] = "Tòng Thị Dung"; sheet["G3"] = "Dung Tam Đường"
            sheet["C4"] = "Vàng A Dế"; sheet["F4"] = "de at example.org"
            book.save(sys.argv[1])
            """
        #expect(try EndToEndTests.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", fill, workbook.path]).status == 0)
        let badCell = try e2e.dti(["contacts", "import", workbook.path], in: folder)
        #expect(badCell.status == 65)
        #expect(badCell.stderr.contains("danh-ba.xlsx:'Danh bạ'!F4: lỗi [contact-email-format]"), "\(badCell.stderr)")
        let fix = "import sys, openpyxl\nbook = openpyxl.load_workbook(sys.argv[1]); book['Danh bạ']['F4'] = 'de@example.org'; book.save(sys.argv[1])"
        #expect(try EndToEndTests.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", fix, workbook.path]).status == 0)
        let imported = try e2e.dti(["contacts", "import", workbook.path], in: folder)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("đã nhập 3 người liên hệ của 3 xã"), "\(imported.stderr)")
        let listed = try e2e.dti(["contacts", "list", "--province", "12", "--format", "csv"], in: folder)
        #expect(listed.stdout.contains("03388,Phường Đoàn Kết,Lò Văn Chiến,,0912345678,chien@example.org,\r\n"), "\(listed.stdout)")
        #expect(listed.stdout.contains(",Tòng Thị Dung,,,,Dung Tam Đường\r\n"))
        #expect(listed.stderr.contains("3/38 xã có người liên hệ, 2 xã có e-mail"), "\(listed.stderr)")
    }

    @Test(.enabled(if: mailAvailable)) func remindersAreMailedOncePerCommuneThroughTheSystemsMail() throws {
        let e2e = EndToEndTests()
        let (folder, _) = try RemindTests.october()
        let sink = try Sink(in: folder, refuse: ["de@example.org"])
        #expect(sink.port > 0)
        let config = try Self.mailConfig(in: folder, port: sink.port)
        let contacts = folder.appendingPathComponent("contacts.csv")
        // Bản Bo (sent nothing) has two officers, Khun Há (refused file) one whose mailbox the
        // relay refuses, Bình Lư (returned) one, Bum Tở (sent nothing) only a phone, and
        // Đoàn Kết, whose figures count, an address that must get nothing.
        try Data("""
            ma_xa,ho_ten,chuc_vu,dien_thoai,email,zalo
            03424,Nguyễn Văn An,Văn phòng – Thống kê,0912345678,an@example.org,
            03424,Lò Thị Bình,Chủ tịch UBND xã,,binh@example.org,
            03430,Vàng A Dế,,,de@example.org,
            03390,Đỗ Thị Hoà,,,hoa@example.org,
            03433,Tao Văn Ơn,,0988000111,,
            03388,Lò Văn Chiến,,,chien@example.org,

            """.utf8).write(to: contacts)
        #expect(try e2e.dti(["contacts", "import", contacts.path], in: folder).status == 0)
        let send = ["--config", config.path, "remind", "--period", "2026-10", "--province", "12", "--stage", "after", "--send"]
        let first = try e2e.dti(send, in: folder)
        #expect(first.status == 69, "a refused mail is exit 69: \(first.stderr)")
        #expect(first.stderr.contains("✗ 03430 Xã Khun Há: chương trình gửi thư từ chối: exit ") && first.stderr.contains("550"), "\(first.stderr)")
        #expect(first.stderr.contains("· 03433 Xã Bum Tở: không có e-mail trong danh bạ"), "\(first.stderr)")
        #expect(first.stderr.contains("thư nhắc: 2 đã gửi, 0 đã gửi trước đó, 1 không có e-mail, 1 lỗi"), "\(first.stderr)")
        for address in ["an@", "binh@", "de@", "hoa@", "chien@", "0912345678", "0988000111"] {
            #expect(!first.stdout.contains(address) && !first.stderr.contains(address), "\(address) printed")
        }

        let mails = try sink.mails()
        #expect(mails.count == 2, "\(mails)")
        let banBo = try #require(mails.first { $0["subject"]?.hasSuffix("Xã Bản Bo") == true })
        #expect(banBo["subject"] == "Quá hạn báo cáo chuyển đổi số tháng 10/2026 — Xã Bản Bo")
        #expect(banBo["to"] == "Nguyễn Văn An <an@example.org>, Lò Thị Bình <binh@example.org>")
        #expect(banBo["envelope"] == "an@example.org, binh@example.org")
        #expect(banBo["from"] == "SỞ KHOA HỌC VÀ CÔNG NGHỆ <dti@sokhcn.example.gov.vn>")
        #expect(banBo["replyTo"] == "chuyenvien@sokhcn.example.gov.vn")
        #expect(banBo["body"]?.hasPrefix("Xã Bản Bo: Sở chưa nhận được báo cáo chuyển đổi số tháng 10/2026. Đã quá hạn; xin gửi ngay (hạn nộp đã hết ngày 05/11/2026). Gửi và tải mẫu tại https://dti.example.gov.vn\n") == true,
                "\(banBo["body"] ?? "")")
        #expect(banBo["defects"] == "0")
        let binhLu = try #require(mails.first { $0["subject"]?.hasSuffix("Xã Bình Lư") == true })
        #expect(binhLu["subject"] == "Sở trả lại số liệu chuyển đổi số tháng 10/2026 — Xã Bình Lư")
        #expect(binhLu["to"] == "Đỗ Thị Hoà <hoa@example.org>")
        #expect(binhLu["body"]?.contains("Lý do: Số hộ có cáp quang tăng gấp đôi so với tháng 9") == true)

        // Again: nothing sent twice; the refused one is tried again (and refused again).
        let second = try e2e.dti(send, in: folder)
        #expect(second.stderr.contains("thư nhắc: 0 đã gửi, 2 đã gửi trước đó, 1 không có e-mail, 1 lỗi"), "\(second.stderr)")
        #expect(try sink.mails().count == 2)
        // --resend sends them again; the `before` stage is another reminder.
        #expect(try e2e.dti(send + ["--resend"], in: folder).status == 69)
        #expect(try sink.mails().count == 4)
        let before = try e2e.dti(["--config", config.path, "remind", "--period", "2026-10", "--province", "12", "--stage", "before", "--send", "--lang", "en"], in: folder)
        #expect(before.stderr.contains("reminder mails: 2 sent, 0 sent before, 1 without an address, 1 failed"), "\(before.stderr)")
        let english = try #require(try sink.mails().first { $0["subject"] == "Reminder: digital transformation report for October 2026 — Xã Bản Bo" })
        #expect(english["body"]?.contains("Please send it by the end of 5 November 2026.") == true, "\(english)")
    }

    /// `--when-due` sends on two days of a month, from the indicator set's deadline day in
    /// Vietnam time, and the shipped timer wakes it each morning at 08:00 there.
    @Test func theScheduleNamesTwoDaysBeforeTheDeadlineAndTheDayAfter() throws {
        let e2e = EndToEndTests()
        let (folder, config) = try RemindTests.october()
        func due(_ day: String) throws -> (status: Int32, stdout: String, stderr: String) {
            try e2e.dti(["--config", config.path, "remind", "--when-due", "--today", day, "--province", "12", "--format", "json"], in: folder)
        }
        // The sample's deadline is the end of 5 November (deadline_day = 5).
        for day in ["2026-11-02", "2026-11-04", "2026-11-05", "2026-11-07"] {
            let run = try due(day)
            #expect(run.status == 0 && run.stdout.isEmpty, "\(day): \(run.stdout)")
            #expect(run.stderr.contains("hôm nay không có nhắc nhở theo lịch; lần tới: ngày "), "\(day): \(run.stderr)")
        }
        #expect(try due("2026-11-02").stderr.contains("lần tới: ngày 03/11/2026, nhắc trước hạn tháng 10/2026"))
        #expect(try due("2026-11-04").stderr.contains("lần tới: ngày 06/11/2026, nhắc quá hạn tháng 10/2026"))
        for (day, stage) in [("2026-11-03", "before"), ("2026-11-06", "after")] {
            let run = try due(day)
            let records = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: String]], "\(day): \(run.stderr)")
            #expect(records.allSatisfy { $0["stage"] == stage && $0["period"] == "2026-10" }, "\(day): \(records)")
            #expect(records.contains { $0["communeCode"] == "03424" })
        }
        #expect(try e2e.dti(["remind", "--when-due", "--period", "2026-10"], in: folder).status == 64)

        // The timer: every elapse at 08:00 in Vietnam, 01:00 UTC, whatever the server's zone.
        let timer = try String(contentsOf: T.packageRoot.appendingPathComponent("deploy/dti-remind.timer"), encoding: .utf8)
        let calendar = try #require(timer.split(separator: "\n").first { $0.hasPrefix("OnCalendar=") }?.dropFirst("OnCalendar=".count))
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze") else { return }
        let analyze = Process()
        analyze.executableURL = URL(fileURLWithPath: "/usr/bin/systemd-analyze")
        analyze.arguments = ["calendar", "--iterations=5", String(calendar)]
        analyze.environment = ["TZ": "America/New_York"]
        let out = Pipe()
        analyze.standardOutput = out
        try analyze.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        analyze.waitUntilExit()
        #expect(analyze.terminationStatus == 0, "\(text)")
        let utc = text.split(separator: "\n").filter { $0.contains("(in UTC):") }
        #expect(utc.count == 5 && utc.allSatisfy { $0.hasSuffix(" 01:00:00 UTC") }, "\(text)")
        // And the service runs the command this test checked.
        let service = try String(contentsOf: T.packageRoot.appendingPathComponent("deploy/dti-remind.service"), encoding: .utf8)
        #expect(service.contains("ExecStart=@BINDIR@/dti remind --when-due --send\n"))
    }
}
