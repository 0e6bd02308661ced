import ArgumentParser
import DTICore
import Foundation

extension DTICommand {
    struct Config: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "config",
            abstract: "Print where dti finds its database, indicator set, reports folder and inbox, and why.",
            discussion: """
                Each location comes from the command line, else the environment (DTI_DB, DTI_INDICATORS, \
                DTI_REPORTS, DTI_INBOX), else the config file (--config, else $DTI_CONFIG, else \
                /etc/dti/dti.toml when it exists), else a default. A config file holds lines \
                `key = "value"` with the keys db, indicators, reports and inbox; a relative path in it is \
                relative to the file's folder. Below them, a `[report]` section says who issues the                 reports (agency, place, signer, signer_title; `\\n` breaks a line) and a `[map]` section                 names the department's GeoJSON of its communes (geojson), and a `[server]` section where communes \
                reach the upload page (public_url, said in reminders); all are printed here when set.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var language: LanguageOption

        func run() throws {
            try Console.guarded(language.language) {
                let locations = try global.locations()
                let vi = language.language == .vi
                print("config\t\(locations.configFile ?? (vi ? "(không có)" : "(none)"))")
                for key in Locations.Key.allCases {
                    var value = locations[key]
                    if key == .indicators, value == nil {
                        let builtIn = IndicatorFile.builtIn()
                        value = "\(BuiltInIndicators.source), sha256 \(builtIn.sha256)"
                    }
                    if key == .db, let location = value, DatabaseLocation.isServer(location) {
                        value = DatabaseLocation.withoutPassword(location)
                    }
                    let origin = locations.origin(of: key)
                    print("\(key.rawValue)\t\(value ?? "")\t(\(origin == "default" && vi ? "mặc định" : origin))")
                }
                for name in locations.settings.keys.sorted() {
                    let setting = locations.settings[name]!
                    print("\(name)\t\(setting.value?.replacingOccurrences(of: "\n", with: "\\n") ?? "")\t(\(setting.origin))")
                }
                return .ok
            }
        }
    }
}
