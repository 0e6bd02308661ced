import ArgumentParser
import DTICore
import Foundation

extension DTICommand {
    struct Units: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage the unit register (provinces, districts, communes).",
            subcommands: [Import.self, List.self])
    }
}

extension DTICommand.Units {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load or refresh a unit register CSV; creates the database if needed.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var language: LanguageOption

        @Argument(help: "A register CSV in the data/registers format, e.g. data/registers/vn_units_2025-07.csv.")
        var file: String

        @Option(help: "First month the register is in force (YYYY-MM); read from the file name when omitted.")
        var inForce: Period?

        func run() throws {
            try Console.guarded(language.language) {
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
                                              en: "dti: the register is not usable: \(error)"), language.language)
                    return .dataRefused
                }
                let store = try global.openStore(create: true)
                let lock = try RunLock(databasePath: store.path)
                defer { withExtendedLifetime(lock) {} }
                let result = try store.importRegister(
                    units, inForce: inForce, sourceName: (file as NSString).lastPathComponent, sha256: sha256Hex(bytes))
                let verb = result.unchanged ? LocalizedText(vi: "không đổi", en: "unchanged")
                    : result.replaced ? LocalizedText(vi: "đã cập nhật", en: "refreshed") : LocalizedText(vi: "đã nạp", en: "imported")
                Console.say(LocalizedText(
                    vi: "danh mục \(inForce) \(verb.vi): \(result.unitCount) xã trong \(result.provinceCount) tỉnh",
                    en: "register \(inForce) \(verb.en): \(result.unitCount) communes in \(result.provinceCount) provinces"),
                    language.language)
                return .ok
            }
        }
    }
}

extension DTICommand.Units {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the provinces and communes of the register in force for a month: codes, types, districts.",
            discussion: "Without --province, every province with its communes. The codes are the ones --province and --commune take.")

        @OptionGroup var global: GlobalOptions
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
