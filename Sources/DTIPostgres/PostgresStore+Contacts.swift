import DTICore
import Foundation
import PostgresNIO

extension PostgresStore {
    public func replaceContacts(_ contacts: [Contact]) throws -> ContactImport {
        let communes = Set(contacts.map(\.communeCode)).sorted()
        return try transaction { session in
            let replaced = try session.query("""
                WITH gone AS (DELETE FROM contact WHERE commune_code = ANY(\(communes)) RETURNING 1) SELECT count(*)::bigint FROM gone
                """).first?.decode(Int64.self) ?? 0
            for contact in contacts {
                let importedAt = Timestamp.text(contact.importedAt)
                try session.query("""
                    INSERT INTO contact (commune_code, commune_type, commune_name, province_code, name, position, phone, email,
                                         zalo, source, imported_at)
                    VALUES (\(contact.communeCode), \(contact.communeType), \(contact.communeName), \(contact.provinceCode),
                            \(contact.name), \(contact.position), \(contact.phone), \(contact.email), \(contact.zalo),
                            \(contact.source), \(importedAt))
                    """)
            }
            return ContactImport(communes: communes.count, contacts: contacts.count, replaced: Int(replaced))
        }
    }

    public func contacts() throws -> [Contact] {
        let rows = try locked { session in
            try session.query("""
                SELECT commune_code, commune_type, commune_name, province_code, name, position, phone, email, zalo, source,
                       imported_at
                FROM contact ORDER BY commune_code, id
                """)
        }
        return try rows.map { row in
            let (code, type, communeName, province, name, position, phone, email, zalo, source, importedAt) = try row.decode(
                (String, String, String, String, String, String?, String?, String?, String?, String, String).self)
            return Contact(communeCode: code, communeType: type, communeName: communeName, provinceCode: province, name: name,
                           position: position, phone: phone, email: email, zalo: zalo, source: source,
                           importedAt: Timestamp.date(importedAt) ?? .distantPast)
        }
    }

    public func recordReminderMail(_ record: ReminderMailRecord) throws {
        let period = record.period.description, at = Timestamp.text(record.at), outcome = record.outcome.rawValue
        _ = try locked { session in
            try session.query("""
                INSERT INTO reminder_mail (period, commune_code, stage, at, recipients, outcome, detail)
                VALUES (\(period), \(record.communeCode), \(record.stage), \(at), \(record.recipients), \(outcome), \(record.detail))
                """)
        }
    }

    public func reminderMails(for period: Period) throws -> [ReminderMailRecord] {
        let rows = try locked { session in
            try session.query("""
                SELECT commune_code, stage, at, recipients, outcome, detail
                FROM reminder_mail WHERE period = \(period.description) ORDER BY id
                """)
        }
        return try rows.compactMap { row in
            let (code, stage, at, recipients, outcome, detail) = try row.decode((String, String, String, Int, String, String?).self)
            guard let outcome = ReminderMailRecord.Outcome(rawValue: outcome), let date = Timestamp.date(at) else { return nil }
            return ReminderMailRecord(period: period, communeCode: code, stage: stage, at: date, recipients: recipients,
                                      outcome: outcome, detail: detail)
        }
    }
}
