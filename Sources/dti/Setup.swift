import ArgumentParser
import DTICore
import Foundation

extension DTICommand {
    struct Setup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "setup",
            abstract: "First run: create the database, import the unit registers installed with dti, make the inbox and reports folders.",
            discussion: """
                Imports every vn_units_YYYY-MM.csv, then every vn_succession_YYYY-MM.csv, of the registers folder: \
                the one installed beside the binary (PREFIX/share/dti/registers, /usr/share/dti/registers for the \
                Debian package), else data/registers of the working folder (a checkout), or --registers. Running it \
                again changes nothing that is already there. On a server, run it as the user the service runs as: \
                sudo -u dti dti setup (as root on the dti user's database it is refused, exit 77).
                """)

        @OptionGroup var global: StoreOptions
        @OptionGroup var language: LanguageOption

        @Option(help: "The folder of register CSVs (default: the installed one, else data/registers).")
        var registers: String?

        /// Where the registers are looked for without --registers, in order: those installed
        /// with the running binary, then the working folder's (a checkout).
        static func registerFolders() -> [String] {
            let executable = URL(fileURLWithPath: CommandLine.arguments[0].contains("/")
                ? CommandLine.arguments[0] : Bundle.main.executablePath ?? CommandLine.arguments[0]).resolvingSymlinksInPath()
            return [executable.deletingLastPathComponent().appendingPathComponent("../share/dti/registers").standardized.path,
                    URL(fileURLWithPath: "data/registers").standardized.path]
        }

        /// No --registers, and no registers where `registerFolders()` looks.
        struct RegistersNotFound: ExitStatusError {
            var searched: [String]
            var exitStatus: ExitStatus { .noInput }
            var description: String {
                "no unit registers found in \(searched.joined(separator: " or ")); name their folder with --registers FOLDER "
                    + "(the vn_units_YYYY-MM.csv files: data/registers of a checkout of dti)"
            }
            var message: LocalizedText {
                LocalizedText(vi: "không tìm thấy danh mục đơn vị ở \(searched.joined(separator: " hay ")); hãy chỉ thư mục chứa "
                                  + "chúng bằng --registers THƯ_MỤC (các tệp vn_units_YYYY-MM.csv: thư mục data/registers trong mã nguồn dti)",
                              en: description)
            }
        }

        func run() throws {
            try Console.guarded(language.language) {
                let language = language.language, vi = language == .vi
                let searched = Self.registerFolders()
                guard let folder = registers ?? searched.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
                    throw RegistersNotFound(searched: searched)
                }
                let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
                let units = names.filter { $0.hasPrefix("vn_units_") && $0.hasSuffix(".csv") }
                let tables = names.filter { $0.hasPrefix("vn_succession_") && $0.hasSuffix(".csv") }
                guard !units.isEmpty else { throw Ingestor.MissingInput(path: folder + "/vn_units_YYYY-MM.csv") }
                let locations = try global.locations()
                let store = try global.openStore(create: true)
                for name in units {
                    let status = try DTICommand.Units.Import.importRegister(folder + "/" + name, inForce: nil, into: { store },
                                                                            language: language)
                    guard status == .ok else { return status }
                }
                for name in tables {
                    let status = try DTICommand.Units.ImportSuccession.importTable(folder + "/" + name, new: nil, old: nil,
                                                                                   skipInvalid: false, store: store, language: language)
                    guard status == .ok else { return status }
                }
                for key in [Locations.Key.inbox, .reports] {
                    guard let path = locations[key], !FileManager.default.fileExists(atPath: path) else { continue }
                    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                    Console.say(LocalizedText(vi: "đã tạo thư mục \(path)", en: "created the folder \(path)"), language)
                }
                Console.log(vi
                    ? "sẵn sàng: cơ sở dữ liệu \(DatabaseLocation.withoutPassword(locations[.db]!)), hộp thư \(locations[.inbox]!), báo cáo \(locations[.reports]!). Tiếp theo: dti keys issue --province MÃ cho các xã, rồi dti run (hoặc bật dti-serve.service và dti-monthly.timer)."
                    : "ready: database \(DatabaseLocation.withoutPassword(locations[.db]!)), inbox \(locations[.inbox]!), reports \(locations[.reports]!). Next: dti keys issue --province CODE for the communes, then dti run (or enable dti-serve.service and dti-monthly.timer).")
                return .ok
            }
        }
    }
}
