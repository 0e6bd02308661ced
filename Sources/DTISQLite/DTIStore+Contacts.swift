import DTICore
import Foundation
import GRDB

extension DTIStore {
    public func replaceContacts(_ contacts: [Contact]) throws -> ContactImport {
        let communes = Set(contacts.map(\.communeCode)).sorted()
        return try queue.write { db in
            var replaced = 0
            for code in communes {
                try db.execute(sql: "DELETE FROM contact WHERE commune_code = ?", arguments: [code])
                replaced += db.changesCount
            }
            for contact in contacts {
                try db.execute(sql: """
                    INSERT INTO contact (commune_code, commune_type, commune_name, province_code, name, position, phone, email,
                                         zalo, source, imported_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [contact.communeCode, contact.communeType, contact.communeName, contact.provinceCode,
                                     contact.name, contact.position, contact.phone, contact.email, contact.zalo, contact.source,
                                     Timestamp.text(contact.importedAt)])
            }
            return ContactImport(communes: communes.count, contacts: contacts.count, replaced: replaced)
        }
    }

    public func contacts() throws -> [Contact] {
        try reader.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM contact ORDER BY commune_code, id").map { row in
                Contact(communeCode: row["commune_code"], communeType: row["commune_type"], communeName: row["commune_name"],
                        provinceCode: row["province_code"], name: row["name"], position: row["position"], phone: row["phone"],
                        email: row["email"], zalo: row["zalo"], source: row["source"],
                        importedAt: Timestamp.date(row["imported_at"]) ?? .distantPast)
            }
        }
    }

    public func recordReminderMail(_ record: ReminderMailRecord) throws {
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO reminder_mail (period, commune_code, stage, at, recipients, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [record.period.description, record.communeCode, record.stage, Timestamp.text(record.at),
                                 record.recipients, record.outcome.rawValue, record.detail])
        }
    }

    public func reminderMails(for period: Period) throws -> [ReminderMailRecord] {
        try reader.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM reminder_mail WHERE period = ? ORDER BY id", arguments: [period.description])
                .compactMap { row in
                    guard let outcome = ReminderMailRecord.Outcome(rawValue: row["outcome"]), let at = Timestamp.date(row["at"])
                    else { return nil }
                    return ReminderMailRecord(period: period, communeCode: row["commune_code"], stage: row["stage"], at: at,
                                              recipients: row["recipients"], outcome: outcome, detail: row["detail"])
                }
        }
    }
}
