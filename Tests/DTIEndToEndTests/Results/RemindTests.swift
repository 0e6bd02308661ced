import DTICore
import DTITestSupport
import Foundation
import Testing

/// `dti remind` through the built binary on the sample's October: a message for each commune
/// that must still act (nothing sent, a refused file, figures returned) and none for the
/// others, in both languages, each one pasteable (plain, at most 500 characters); a digest per
/// province; CSV that Excel opens with its diacritics; JSON.
struct RemindTests {
    typealias T = TestData

    /// The sample's October, with Bình Lư's figures returned by the department.
    static func october() throws -> (folder: URL, config: URL) {
        let e2e = EndToEndTests()
        let (folder, _) = try e2e.runSample(out: T.temporaryFolder(), lang: "vi")
        #expect(try e2e.dti(["return", "--period", "2026-10", "--commune", "03390", "--reason", "Số hộ có cáp quang tăng gấp đôi so với tháng 9; xin kiểm tra lại."],
                            in: folder).status == 0)
        let config = folder.appendingPathComponent("dti.toml")
        try Data("[server]\npublic_url = \"https://dti.example.gov.vn\"\n".utf8).write(to: config)
        return (folder, config)
    }

    @Test func eachCommuneThatMustActGetsItsOwnMessageAndNoOtherDoes() throws {
        let e2e = EndToEndTests()
        let (folder, config) = try Self.october()
        let run = try e2e.dti(["--config", config.path, "remind", "--period", "2026-10", "--province", "12", "--stage", "after",
                               "--format", "json"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let records = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: String]])
        let byCode = Dictionary(uniqueKeysWithValues: records.compactMap { record in record["communeCode"].map { ($0, record) } })
        // Bản Bo and Bum Tở sent nothing, Khun Há's file was refused, Bình Lư's figures returned.
        #expect(Set(byCode.keys) == ["03424", "03433", "03430", "03390"], "\(byCode.keys.sorted())")
        #expect(byCode["03424"]?["message"] == "Xã Bản Bo: Sở chưa nhận được báo cáo chuyển đổi số tháng 10/2026. Đã quá hạn; xin gửi ngay (hạn nộp đã hết ngày 05/11/2026). Gửi và tải mẫu tại https://dti.example.gov.vn")
        let refused = try #require(byCode["03430"]?["message"])
        #expect(refused.hasPrefix("Xã Khun Há: tệp báo cáo chuyển đổi số tháng 10/2026 “2026-10/bao-cao-thang-10.csv” bị từ chối. Lỗi: “Số người trưởng thành có điện thoại thông minh” (9.541) lớn hơn “Dân số trưởng thành” (7.490)"), "\(refused)")
        #expect(byCode["03390"]?["message"]?.contains("Sở trả lại số liệu chuyển đổi số tháng 10/2026. Lý do: Số hộ có cáp quang tăng gấp đôi so với tháng 9; xin kiểm tra lại. Xin sửa và gửi lại") == true)
        for record in records {
            let message = try #require(record["message"])
            #expect(message.count <= 500 && !message.contains("\n") && !message.contains("**"), "\(message)")
        }
        // One digest for the province's group.
        let digest = try #require(records.first { $0["status"] == "digest" }?["message"])
        #expect(digest == "Tỉnh Lai Châu, tháng 10/2026 (hạn nộp hết ngày 05/11/2026): còn 2 xã chưa gửi: Xã Bản Bo, Xã Bum Tở; 1 xã có tệp bị từ chối, chờ sửa: Xã Khun Há; 1 xã bị trả lại số liệu: Xã Bình Lư.")

        // Only the refused and the returned at the `refused` stage; English on request.
        let english = try e2e.dti(["--config", config.path, "remind", "--period", "2026-10", "--province", "12", "--stage", "refused",
                                   "--lang", "en"], in: folder)
        #expect(english.stdout.contains("03430  Xã Khun Há\nXã Khun Há: your digital transformation report file for October 2026"), "\(english.stdout)")
        #expect(english.stdout.contains("Please correct it and send it again by the end of 5 November 2026.")
                || english.stdout.contains("Please correct it and send it again (it was due by the end of 5 November 2026)."))
        #expect(!english.stdout.contains("03424"), "a silent commune is not chased at the refused stage")

        // CSV with a byte-order mark, so that Excel shows the diacritics.
        let csv = try e2e.dti(["remind", "--period", "2026-10", "--province", "12", "--stage", "before", "--format", "csv"], in: folder)
        #expect(csv.stdout.hasPrefix("\u{FEFF}period,province_code,commune_code,commune,status,stage,message\r\n"))
        #expect(csv.stdout.contains("2026-10,12,03424,Xã Bản Bo,nothing-received,before,Xã Bản Bo: Sở chưa nhận được báo cáo chuyển đổi số tháng 10/2026. Xin gửi trước hết ngày 05/11/2026.\r\n"),
                "without public_url, no address: \(csv.stdout)")
    }

    @Test func aLongReasonIsCutToFitAndTheMessageStaysWithinFiveHundredCharacters() throws {
        let e2e = EndToEndTests()
        let (folder, config) = try Self.october()
        let reason = String(repeating: "Số liệu không khớp với báo cáo quý. ", count: 13)  // 468 characters
        #expect(try e2e.dti(["return", "--period", "2026-10", "--commune", "03394", "--reason", reason], in: folder).status == 0)
        let run = try e2e.dti(["--config", config.path, "remind", "--period", "2026-10", "--province", "12", "--format", "json"], in: folder)
        let records = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: String]])
        let message = try #require(records.first { $0["communeCode"] == "03394" }?["message"])
        #expect(message.count == 500, "\(message.count): \(message)")
        #expect(message.contains("… Xin sửa và gửi lại") && message.hasSuffix("https://dti.example.gov.vn"))
    }
}
