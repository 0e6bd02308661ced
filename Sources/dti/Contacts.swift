import ArgumentParser
import DTICore
import Foundation

extension DTICommand {
    struct Contacts: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "contacts",
            abstract: "Keep the communes' officers whom reminders reach: import them, list them, write the workbook to fill.",
            subcommands: [Import.self, List.self, Template.self])
    }
}

extension DTICommand.Contacts {
    /// The register whose communes a contact may name: the one in force this month (the
    /// latest when none is yet).
    static func currentRegister(_ store: any DataStore) throws -> RegisterVersion {
        let directory = try store.unitDirectory()
        guard let register = directory.version(for: Period.containing(Date())) ?? directory.versions.last else {
            throw ResultsBuilder.BuildError.noRegister(Period.containing(Date()))
        }
        return register
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import communes' contacts from CSV files or the workbook of `dti contacts template`.",
            discussion: """
                Columns: ma_xa (Mã xã), ho_ten (Họ và tên), chuc_vu (Chức vụ), dien_thoai (Điện thoại), email, \
                zalo; ten_xa (Tên xã) and an STT column are read and ignored. Several rows may name one commune. \
                Each file is checked whole, every problem named by file, row and column; a file with any error \
                imports nothing, and the other files still do. A file replaces all the contacts of the communes \
                it names; other communes keep theirs. Exit 65 when a file was refused.
                """)

        @OptionGroup var global: StoreOptions
        @OptionGroup var language: LanguageOption

        @Argument(help: "The files (.csv or .xlsx).")
        var files: [String]

        func run() throws {
            try Console.guarded(language.language) {
                let store = try global.openStore()
                let register = try DTICommand.Contacts.currentRegister(store)
                var refused = 0
                for file in files {
                    let name = (file as NSString).lastPathComponent
                    guard let data = FileManager.default.contents(atPath: file) else {
                        throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: file])
                    }
                    let reading = ContactFile.read(Array(data), fileName: name, register: register, at: Date())
                    guard reading.isAccepted else {
                        refused += 1
                        let errors = reading.issues.errorCount
                        Console.log("✗ \(Quoted.escaped(name)): " + (language.language == .vi
                            ? "\(Vocabulary.refused.vi) (\(errors) lỗi); không người liên hệ nào được nhập"
                            : "refused (\(errors) error\(errors == 1 ? "" : "s")); no contact imported"))
                        Console.issues(reading.issues, language.language)
                        continue
                    }
                    let done = try store.replaceContacts(reading.contacts)
                    Console.say(LocalizedText(
                        vi: "✓ \(Quoted.escaped(name)): đã nhập \(done.contacts) người liên hệ của \(done.communes) xã (thay \(done.replaced) người cũ)",
                        en: "✓ \(Quoted.escaped(name)): imported \(Console.count(done.contacts, "contact", "contacts")) of \(Console.count(done.communes, "commune", "communes")) (replacing \(done.replaced))"),
                        language.language)
                }
                return refused > 0 ? .dataRefused : .ok
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the contacts of the communes of the register in force, and the communes that have none.",
            discussion: """
                The one place dti shows officers' phones and addresses (no report, receipt or log does); \
                --format csv writes the columns `dti contacts import` reads, with a byte-order mark for Excel.
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, csv
        }

        @OptionGroup var global: StoreOptions
        @OptionGroup var language: LanguageOption

        @Option(name: .customLong("province"), help: "Province code(s); default: every province of the register.")
        var provinces: [String] = []

        @Option(help: "text or csv.")
        var format: Format = .text

        func run() throws {
            try Console.guarded(language.language) {
                let store = try global.openStore()
                let register = try DTICommand.Contacts.currentRegister(store)
                try UnknownUnit.check(provinces: provinces, communes: [], in: [register])
                let units = register.units.filter { provinces.isEmpty || provinces.contains($0.provinceCode) }
                let byCommune = Dictionary(grouping: try store.contacts(), by: \.communeCode)
                let listed = units.map { unit in (unit, (byCommune[unit.communeCode] ?? []).filter { $0.reaches(unit) }) }
                let vi = language.language == .vi
                switch format {
                case .csv:
                    var lines = ["ma_xa,ten_xa,ho_ten,chuc_vu,dien_thoai,email,zalo"]
                    for (unit, contacts) in listed {
                        for contact in contacts {
                            lines.append([unit.communeCode, unit.fullName, contact.name, contact.position ?? "", contact.phone ?? "",
                                          contact.email ?? "", contact.zalo ?? ""].map { Quoted.csvField($0) }.joined(separator: ","))
                        }
                    }
                    print("\u{FEFF}" + lines.joined(separator: "\r\n"), terminator: "\r\n")
                case .text:
                    for (unit, contacts) in listed where !contacts.isEmpty {
                        print("\(unit.communeCode)  \(unit.fullName)")
                        for contact in contacts {
                            let parts = [contact.position, contact.phone, contact.email, contact.zalo.map { "Zalo: \($0)" }].compactMap { $0 }
                            print("    " + ([contact.name] + parts).map { Quoted.escaped($0) }.joined(separator: " · "))
                        }
                    }
                }
                let without = listed.filter { $0.1.isEmpty }.map(\.0)
                let withMail = listed.filter { $0.1.contains { $0.email != nil } }.count
                Console.log(vi
                    ? "\(listed.count - without.count)/\(listed.count) xã có người liên hệ, \(withMail) xã có e-mail để nhận thư nhắc"
                    : "\(listed.count - without.count)/\(listed.count) communes have contacts, \(withMail) with an e-mail address for reminders")
                if !without.isEmpty {
                    let shown = without.prefix(20).map(\.communeCode).joined(separator: ", ") + (without.count > 20 ? ", …" : "")
                    Console.log(vi ? "chưa có người liên hệ: \(shown) (dti contacts template để lập danh bạ)"
                                   : "no contact yet: \(shown) (dti contacts template writes the workbook to fill)")
                }
                return .ok
            }
        }
    }

    struct Template: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "template",
            abstract: "Write the contacts workbook to fill in and import back (.xlsx): one row per contact stored, an empty one per commune without.",
            discussion: "The same inputs give the same bytes; phones are text cells, so Excel keeps their leading 0.")

        @OptionGroup var global: StoreOptions
        @OptionGroup var language: LanguageOption

        @Option(help: "The province whose communes get rows; default: every commune of the register.")
        var province: String?

        @Option(help: "The file to write (.xlsx); default: danh-ba-<province or all>.xlsx in the working folder.")
        var out: String?

        func run() throws {
            try Console.guarded(language.language) {
                let store = try global.openStore()
                let register = try DTICommand.Contacts.currentRegister(store)
                try UnknownUnit.check(provinces: province.map { [$0] } ?? [], communes: [], in: [register])
                let units = province.map(register.units(inProvince:)) ?? register.units
                let template = ContactTemplate(units: units, contacts: try store.contacts(), inForce: register.inForce)
                let path = out ?? "danh-ba-\(province ?? "all").xlsx"
                try ReportWriter.replaceAtomically(path) { temporary in try template.write(to: temporary) }
                print(path)
                Console.say(LocalizedText(vi: "đã ghi danh bạ \(units.count) xã vào \(path)",
                                          en: "wrote the contacts of \(Console.count(units.count, "commune", "communes")) to \(path)"),
                            language.language)
                return .ok
            }
        }
    }
}
