import ArgumentParser
import DTICore
import Foundation

extension DTICommand {
    struct Units: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage the unit register (provinces, districts, communes).",
            subcommands: [Import.self])
    }
}

extension DTICommand.Units {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load or refresh a unit register CSV; creates the database if needed.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "A register CSV in the shared/data format, e.g. data/registers/vn_units_2025-07.csv.")
        var file: String

        @Option(help: "First month the register is in force (YYYY-MM); read from the file name when omitted.")
        var inForce: Period?

        func run() throws {
            try Console.guarded {
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
                    Console.log("dti: the register is not usable: \(error)")
                    return .dataRefused
                }
                let store = try global.openStore(create: true)
                let lock = try RunLock(databasePath: store.path)
                defer { withExtendedLifetime(lock) {} }
                let result = try store.importRegister(
                    units, inForce: inForce, sourceName: (file as NSString).lastPathComponent, sha256: sha256Hex(bytes))
                let verb = result.unchanged ? "unchanged" : result.replaced ? "refreshed" : "imported"
                Console.log("register \(inForce) \(verb): \(result.unitCount) communes in \(result.provinceCount) provinces")
                return .ok
            }
        }
    }
}
