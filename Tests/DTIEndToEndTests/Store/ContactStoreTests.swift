import DTICore
import DTITestSupport
import Foundation
import Testing

/// Contacts and the record of mailed reminders, on both back ends: an import replaces the
/// contacts of the communes it names and no other, and what was sent reads back as recorded.
struct ContactStoreTests {
    static let binhLu = AdministrativeUnit(provinceCode: "12", provinceName: "Tỉnh Lai Châu", communeCode: "03390",
                                           communeName: "Bình Lư", communeType: "Xã")
    static let banBo = AdministrativeUnit(provinceCode: "12", provinceName: "Tỉnh Lai Châu", communeCode: "03424",
                                          communeName: "Bản Bo", communeType: "Xã")

    @Test(arguments: StoreBackend.available) func anImportReplacesTheContactsOfTheCommunesItNames(_ backend: StoreBackend) throws {
        let store = try backend.emptyStore()
        let at = Date(timeIntervalSince1970: 1_793_000_000)
        let first = [Contact(unit: Self.binhLu, name: "Nguyễn Văn An", position: "Văn phòng", phone: "0912345678",
                             email: "an@example.org", source: "a.csv", importedAt: at),
                     Contact(unit: Self.binhLu, name: "Lò Thị Bình", zalo: "Bình LC", source: "a.csv", importedAt: at),
                     Contact(unit: Self.banBo, name: "Tao Văn Ơn", phone: "0988000111", source: "a.csv", importedAt: at)]
        #expect(try store.replaceContacts(first) == ContactImport(communes: 2, contacts: 3, replaced: 0))
        #expect(try store.contacts() == first)
        let second = [Contact(unit: Self.binhLu, name: "Đỗ Thị Hoà", email: "hoa@example.org", source: "b.xlsx", importedAt: at)]
        #expect(try store.replaceContacts(second) == ContactImport(communes: 1, contacts: 1, replaced: 2))
        #expect(try store.contacts() == second + [first[2]], "Bản Bo keeps its own")

        let sent = ReminderMailRecord(period: Period("2026-10")!, communeCode: "03390", stage: "after", at: at, recipients: 1, outcome: .sent)
        let failed = ReminderMailRecord(period: Period("2026-10")!, communeCode: "03424", stage: "after", at: at.addingTimeInterval(1),
                                        recipients: 2, outcome: .failed, detail: "exit 75: relay unreachable")
        try store.recordReminderMail(sent)
        try store.recordReminderMail(failed)
        #expect(try store.reminderMails(for: Period("2026-10")!) == [sent, failed])
        #expect(try store.reminderMails(for: Period("2026-11")!).isEmpty)
    }

    /// An officer of the place a code named before the reform does not reach the new place.
    @Test func aContactReachesOnlyThePlaceItWasImportedFor() {
        let contact = Contact(unit: Self.binhLu, name: "Nguyễn Văn An", email: "an@example.org", source: "a.csv", importedAt: Date())
        #expect(contact.reaches(Self.binhLu))
        var renamed = Self.binhLu
        renamed.communeName = "Tam Đường"
        renamed.communeType = "Thị trấn"
        #expect(!contact.reaches(renamed))
        var decomposed = Self.binhLu
        decomposed.communeName = "Bình Lư".decomposedStringWithCanonicalMapping
        #expect(contact.reaches(decomposed))
    }
}
