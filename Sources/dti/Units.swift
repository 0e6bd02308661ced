import ArgumentParser
import DTICore
import Foundation

extension DTICommand {
    struct Units: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "units",
            abstract: "Manage the unit register (provinces, districts, communes).",
            subcommands: [Import.self, ImportSuccession.self, List.self])
    }
}

extension DTICommand.Units {
    /// What an import did, in a word: unchanged, `replacedWord`, or imported.
    static func verb(unchanged: Bool, replaced: Bool, replacedWord: LocalizedText) -> LocalizedText {
        unchanged ? LocalizedText(vi: "không đổi", en: "unchanged") : replaced ? replacedWord : LocalizedText(vi: "đã nạp", en: "imported")
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Load or refresh a unit register CSV; creates the database if needed.")

        @OptionGroup var global: StoreOptions
        @OptionGroup var language: LanguageOption

        @Argument(help: "A register CSV in the data/registers format, e.g. data/registers/vn_units_2025-07.csv.")
        var file: String

        @Option(help: "First month the register is in force (YYYY-MM); read from the file name when omitted.")
        var inForce: Period?

        func run() throws {
            try Console.guarded(language.language) {
                try Self.importRegister(file, inForce: inForce, into: { try global.openStore(create: true) }, language: language.language)
            }
        }

        /// Reads the register `file` and stores it (opening the store only once it is read);
        /// `.dataRefused` when it is not usable.
        static func importRegister(_ file: String, inForce: Period?, into openStore: () throws -> any DataStore,
                                   language: Language) throws -> ExitStatus {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw Ingestor.MissingInput(path: file)
            }
            guard let inForce = inForce ?? RegisterFile.inForce(fromFileName: file) else {
                throw ValidationError("cannot tell when \(file) comes into force; add --in-force YYYY-MM")
            }
            let bytes = [UInt8](data)
            let units: [AdministrativeUnit]
            do {
                units = try RegisterFile.parse(bytes, file: file)
            } catch {
                Console.say(LocalizedText(vi: "dti: danh mục không dùng được: \(error)",
                                          en: "dti: the register is not usable: \(error)"), language)
                return .dataRefused
            }
            let store = try openStore()
            let lock = try store.lockForRun()
            defer { withExtendedLifetime(lock) {} }
            let result = try store.importRegister(
                units, inForce: inForce, sourceName: (file as NSString).lastPathComponent, sha256: sha256Hex(bytes))
            let verb = DTICommand.Units.verb(unchanged: result.unchanged, replaced: result.replaced,
                                             replacedWord: LocalizedText(vi: "đã cập nhật", en: "refreshed"))
            Console.say(LocalizedText(
                vi: "danh mục \(inForce) \(verb.vi): \(result.unitCount) xã trong \(result.provinceCount) tỉnh",
                en: "register \(inForce) \(verb.en): \(result.unitCount) communes in \(result.provinceCount) provinces"),
                language)
            return .ok
        }
    }
}

extension DTICommand.Units {
    struct ImportSuccession: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-succession",
            abstract: "Load or replace the table of which old communes formed each new one (the July 2025 reform).",
            discussion: """
            Columns new_commune_code, old_commune_code and link (full or partial) are needed; others are for \
            people. Every code is checked against its register (import both registers first); a table with \
            any problem is refused whole, each problem listed with its line, and the one loaded before stays.
            """)

        @OptionGroup var global: StoreOptions
        @OptionGroup var language: LanguageOption

        @Argument(help: "A succession CSV, e.g. data/registers/vn_succession_2025-07.csv.")
        var file: String

        @Option(help: "The register of the new codes (YYYY-MM); read from the file name when omitted.")
        var new: Period?

        @Option(help: "The register of the old codes (YYYY-MM); default: the one in force before --new.")
        var old: Period?

        @Flag(help: "Load the sound lines of a table with problems, listing the lines left out (default: refuse it whole).")
        var skipInvalid = false

        func run() throws {
            try Console.guarded(language.language) {
            try Self.importTable(file, new: new, old: old, skipInvalid: skipInvalid, store: try global.openStore(),
                                 language: language.language)
            }
        }

        /// Reads the succession table `file`, checks it against the registers it joins, and
        /// stores it; `.dataRefused` when it is refused.
        static func importTable(_ file: String, new: Period?, old: Period?, skipInvalid: Bool, store: any DataStore,
                                language: Language) throws -> ExitStatus {
            guard let data = FileManager.default.contents(atPath: file) else { throw Ingestor.MissingInput(path: file) }
            guard let newMonth = new ?? RegisterFile.inForce(fromFileName: file) else {
                throw ValidationError("cannot tell which register \(file) leads to; add --new YYYY-MM")
            }
            let directory = try store.unitDirectory()
            guard let newRegister = directory.versions.first(where: { $0.inForce == newMonth }) else {
                throw ValidationError("register \(newMonth) is not imported; import it first: dti units import FILE")
            }
            guard let oldRegister = old.flatMap({ month in directory.versions.first { $0.inForce == month } })
                    ?? (old == nil ? directory.versions.last(where: { $0.inForce < newMonth }) : nil) else {
                throw ValidationError("the register of the old codes (\(old?.description ?? "before \(newMonth)")) is not imported; import it first")
            }
            let bytes = [UInt8](data)
            let table: SuccessionTable
            switch SuccessionTable.parse(bytes, file: file, old: oldRegister, new: newRegister) {
            case .success(let whole):
                table = whole
            case .failure(let refused):
                for problem in refused.problems {
                    Console.say(LocalizedText(vi: "\(problem.file):\(problem.line): \(problem.message.vi)",
                                              en: "\(problem.file):\(problem.line): \(problem.message.en)"), language)
                }
                guard skipInvalid, let sound = refused.soundLines else {
                    Console.say(LocalizedText(vi: "dti: bảng kế thừa bị từ chối (\(refused.problems.count) lỗi); không nạp gì",
                                              en: "dti: the succession table is refused (\(refused.problems.count) problems); nothing loaded"),
                                language)
                    return .dataRefused
                }
                Console.say(LocalizedText(vi: "dti: bỏ qua các dòng có lỗi ở trên (--skip-invalid)",
                                          en: "dti: the lines above are left out (--skip-invalid)"), language)
                table = sound
            }
            let lock = try store.lockForRun()
            defer { withExtendedLifetime(lock) {} }
            let result = try store.importSuccession(table, sourceName: (file as NSString).lastPathComponent,
                                                    sha256: sha256Hex(bytes))
            let full = table.entries.filter { $0.link == .full }.count
            let verb = DTICommand.Units.verb(unchanged: result.unchanged, replaced: result.replaced,
                                             replacedWord: LocalizedText(vi: "đã thay", en: "replaced"))
            Console.say(LocalizedText(
                vi: "bảng kế thừa \(oldRegister.name) → \(newRegister.name) \(verb.vi): \(table.entries.count) liên kết (\(full) toàn bộ, \(table.entries.count - full) một phần) tới \(Set(table.entries.map(\.newCode)).count) xã mới",
                en: "succession \(oldRegister.name) → \(newRegister.name) \(verb.en): \(table.entries.count) links (\(full) full, \(table.entries.count - full) partial) into \(Set(table.entries.map(\.newCode)).count) new communes"),
                language)
            return .ok
        }
    }
}

extension DTICommand.Units {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the provinces and communes of the register in force for a month: codes, types, districts.",
            discussion: "Without --province, every province with its communes. The codes are the ones --province and --commune take.")

        @OptionGroup var global: StoreOptions
        @OptionGroup var language: LanguageOption

        @Option(help: "The month whose register to list (YYYY-MM); default: the latest register.")
        var period: Period?

        @Option(name: .customLong("province"), help: "Only these province codes (repeatable).")
        var provinces: [String] = []

        func run() throws {
            try Console.guarded(language.language) {
                let directory = try global.openStore().unitDirectory()
                guard let register = period.flatMap({ directory.version(for: $0) }) ?? directory.versions.last else {
                    throw Pipeline.NoRegister()
                }
                try UnknownUnit.check(provinces: provinces, communes: [], in: [register])
                let vi = language.language == .vi
                let provinceCount = Set(register.units.map(\.provinceCode)).count
                print(vi ? "danh mục \(register.name): \(provinceCount) tỉnh, \(register.units.count) xã"
                         : "register \(register.name): \(provinceCount) provinces, \(register.units.count) communes")
                let byProvince = Dictionary(grouping: register.units, by: \.provinceCode)
                for code in byProvince.keys.sorted() where provinces.isEmpty || provinces.contains(code) {
                    let units = byProvince[code]!
                    print("\(code)\t\(units[0].provinceName)\t\(units.count) \(vi ? "xã" : "communes")")
                    for unit in units {
                        let district = unit.districtCode.map { "\t\($0) \(unit.districtName ?? "")" } ?? ""
                        print("  \(unit.communeCode)\t\(unit.communeType) \(unit.communeName)\(district)")
                    }
                }
                return .ok
            }
        }
    }
}
