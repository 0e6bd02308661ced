import ArgumentParser
import DTICore
import Foundation

extension DTICommand {
    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keys",
            abstract: "Manage the upload keys of `dti serve`: one per commune (or per province).",
            subcommands: [Issue.self, Revoke.self, List.self])
    }
}

extension DTICommand.Keys {
    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "issue",
            abstract: "Issue a new upload key and print it once; only its hash is stored.",
            discussion: "Give the key to the commune's officer by a safe channel: it cannot be shown again. Lost keys are revoked and issued anew.")

        @OptionGroup var global: StoreOptions
        @OptionGroup var language: LanguageOption

        @Option(help: "The commune whose rows the key may send (its code in the register).")
        var commune: String?

        @Option(help: "A province whose communes' rows the key may send, instead of one commune.")
        var province: String?

        @Flag(help: "An administrator key: reads every province's state of the month on `dti serve`'s status page; sends no figures.")
        var admin = false

        @Option(help: "A note shown in `dti keys list`, e.g. who holds the key.")
        var label: String?

        @Flag(help: "With --province: one commune key for each commune of the province, written to --out.")
        var eachCommune = false

        @Option(help: "With --each-commune: the CSV file to write (code, name, key); created with mode 0600, never overwritten.")
        var out: String?

        func validate() throws {
            guard [commune != nil, province != nil, admin].filter({ $0 }).count == 1 else {
                throw ValidationError("give exactly one of --commune CODE, --province CODE or --admin")
            }
            guard !eachCommune || (province != nil && out != nil) else {
                throw ValidationError("--each-commune needs --province CODE and --out FILE")
            }
        }

        /// One key per commune of the province, in a CSV only its owner may read: the file is
        /// created first (never over an existing one), so no key is issued that is not written.
        func issueEachCommune(_ store: any DataStore) throws -> ExitStatus {
            let directory = try store.unitDirectory()
            let communes = directory.versions.last?.units(inProvince: province!) ?? []
            guard !communes.isEmpty else { throw KeyError.unknownUnit(.province(province!)) }
            let descriptor = open(out!, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else {
                throw CocoaError(.fileWriteFileExists, userInfo: [NSFilePathErrorKey: out!,
                    NSLocalizedDescriptionKey: "cannot create \(out!): \(String(cString: strerror(errno))) (a key file is never overwritten)"])
            }
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            var lines = ["commune_code,commune,key_prefix,key"]
            for unit in communes {
                let issued = try store.issueKey(for: .commune(unit.communeCode), label: label, knownUnits: directory)
                lines.append([unit.communeCode, unit.fullName, issued.record.prefix, issued.key].map { Quoted.csvField($0) }
                    .joined(separator: ","))
            }
            try handle.write(contentsOf: Data((lines.joined(separator: "\n") + "\n").utf8))
            try handle.synchronize()
            Console.say(LocalizedText(
                vi: "đã cấp \(communes.count) khoá cho các xã của tỉnh \(province!) vào \(out!) (chỉ chủ tệp đọc được); hãy giữ tệp này như mật khẩu",
                en: "issued \(communes.count) keys for the communes of province \(province!) into \(out!) (readable by its owner only); keep it as a secret"),
                language.language)
            return .ok
        }

        func run() throws {
            try Console.guarded(language.language) {
                let store = try global.openStore()
                if eachCommune { return try issueEachCommune(store) }
                let scope: KeyScope = admin ? .admin : commune.map(KeyScope.commune) ?? .province(province!)
                let issued = try store.issueKey(for: scope, label: label, knownUnits: try store.unitDirectory())
                print(issued.key)
                let holder = scope.holder
                Console.say(LocalizedText(
                    vi: "đã cấp khoá \(issued.record.prefix)… (id \(issued.record.id)) cho \(holder.vi); khoá chỉ hiện một lần này",
                    en: "key \(issued.record.prefix)… (id \(issued.record.id)) issued for \(holder.en); it is shown this once"),
                    language.language)
                return .ok
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: "Revoke an upload key at once: uploads with it get 401 from then on.")

        @OptionGroup var global: StoreOptions
        @OptionGroup var language: LanguageOption

        @Argument(help: "The key's id or prefix, as `dti keys list` shows them, or the whole key.")
        var key: String

        func run() throws {
            try Console.guarded(language.language) {
                let revoked = try global.openStore().revokeKey(key)
                Console.say(LocalizedText(
                    vi: "đã thu hồi khoá \(revoked.prefix)… (id \(revoked.id), \(revoked.scope.holder.vi)) lúc \(revoked.revokedAt!)",
                    en: "key \(revoked.prefix)… (id \(revoked.id), \(revoked.scope.holder.en)) revoked at \(revoked.revokedAt!)"),
                    language.language)
                return .ok
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List every upload key issued, revoked ones included.")

        @OptionGroup var global: StoreOptions
        @OptionGroup var language: LanguageOption

        func run() throws {
            try Console.guarded(language.language) {
                // A tab-separated table for scripts: the column names stay English.
                print(["id", "prefix", "scope", "unit", "issued", "revoked", "label"].joined(separator: "\t"))
                for key in try global.openStore().uploadKeys() {
                    print([String(key.id), key.prefix, key.scope.kind, key.scope.unitCode, key.issuedAt,
                           key.revokedAt ?? "-", key.label ?? ""].joined(separator: "\t"))
                }
                return .ok
            }
        }
    }
}
