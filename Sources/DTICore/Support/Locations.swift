import Foundation

/// Where `dti` finds its database, indicator set, reports folder and inbox, and why.
///
/// Each comes, in this order, from the command line, the environment (`DTI_DB`,
/// `DTI_INDICATORS`, `DTI_REPORTS`, `DTI_INBOX`), a config file (`--config FILE`, else
/// `$DTI_CONFIG`, else `/etc/dti/dti.toml` when it exists), then a default. The defaults are
/// relative to the working folder, as a checkout's demo expects (`data/dti.sqlite`, `reports`,
/// `data/inbox`), and the indicator set is the one compiled in. An installed service names its
/// folders in the config file, so it runs the same from any working folder.
public struct Locations: Sendable {
    public enum Key: String, CaseIterable, Sendable {
        case db, indicators, reports, inbox

        var environmentVariable: String { "DTI_" + rawValue.uppercased() }

        var defaultValue: String? {
            switch self {
            case .db: "data/dti.sqlite"
            case .indicators: nil  // the built-in set
            case .reports: "reports"
            case .inbox: "data/inbox"
            }
        }
    }

    /// One resolved value and where it came from (“command line”, “DTI_DB”, “/etc/dti/dti.toml:3”, “default”).
    public struct Value: Sendable, Equatable {
        public var value: String?
        public var origin: String
    }

    public private(set) var values: [Key: Value] = [:]
    /// What the config file's sections say (`[report] agency = "…"` as `report.agency`); each
    /// value as written, but a relative `[map] geojson` resolved against the file's folder.
    public private(set) var settings: [String: Value] = [:]
    /// The config file read, if any.
    public private(set) var configFile: String?

    public subscript(key: Key) -> String? { values[key]?.value }

    /// The sections a config file may hold beside the locations, and their keys.
    public static let sections: [String: [String]] = [
        "report": ["agency", "place", "signer", "signer_title"],
        "map": ["geojson"],
        "server": ["public_url"],
        "mail": ["sendmail", "from", "from_name", "reply_to"],
    ]

    /// Where communes send their files, as they reach it (`[server] public_url`): said in reminders.
    public var publicURL: String? { settings["server.public_url"]?.value }

    /// How reminders are mailed (`[mail]`): the `sendmail` program, the sender's address and
    /// name (else the report's agency), and where officers' replies go.
    public var mailSettings: (sendmail: String, from: String?, fromName: String?, replyTo: String?) {
        let agency = settings["report.agency"]?.value?.split(separator: "\n").last.map(String.init)
        return (settings["mail.sendmail"]?.value ?? MailProgram.defaultPath, settings["mail.from"]?.value,
                settings["mail.from_name"]?.value ?? agency, settings["mail.reply_to"]?.value)
    }

    /// What reports say of who issues them, and the department's map (`[report]`, `[map]`).
    public var reportSettings: ReportSettings {
        ReportSettings(agency: settings["report.agency"]?.value, place: settings["report.place"]?.value,
                       signer: settings["report.signer"]?.value, signerTitle: settings["report.signer_title"]?.value,
                       geojson: settings["map.geojson"]?.value)
    }
    public func origin(of key: Key) -> String { values[key]?.origin ?? "default" }

    /// A config file with a mistake, or one named that does not exist.
    public struct ConfigProblem: Error, CustomStringConvertible, ExitStatusError {
        public var file: String
        public var line: Int
        public var key: String?
        public var problem: String
        public var missing = false

        public var description: String {
            "\(file):\(line): \(key.map { "[\($0)] " } ?? "")\(problem)"
        }

        public var exitStatus: ExitStatus { missing ? .noInput : .configuration }
    }

    public static let systemConfig = "/etc/dti/dti.toml"

    /// Resolves every location. `commandLine` holds the options given; `configOption` is
    /// `--config`.
    public static func resolve(commandLine: [Key: String], configOption: String?,
                               environment: [String: String] = ProcessInfo.processInfo.environment,
                               systemConfig: String = Locations.systemConfig) throws(ConfigProblem) -> Locations {
        var locations = Locations()
        let configPath: String? = configOption ?? environment["DTI_CONFIG"]
            ?? (FileManager.default.fileExists(atPath: systemConfig) ? systemConfig : nil)
        var fromFile: [Key: (String, Int)] = [:]
        var sectioned: [String: (String, Int)] = [:]
        if let configPath {
            // Read through a handle: `/dev/null` (no config at all) is a file like any other here.
            guard let handle = FileHandle(forReadingAtPath: configPath), let data = try? handle.readToEnd() ?? Data() else {
                throw ConfigProblem(file: configPath, line: 0, problem: "cannot read the config file (no such file, or no permission)",
                                    missing: true)
            }
            (fromFile, sectioned) = try parse(String(decoding: data, as: UTF8.self), file: configPath)
            locations.configFile = configPath
            for (name, (value, line)) in sectioned {
                let resolved = name == "map.geojson" && !value.hasPrefix("/")
                    ? ((configPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent(value) : value
                locations.settings[name] = Value(value: resolved, origin: "\(configPath):\(line)")
            }
        }
        for key in Key.allCases {
            if let value = commandLine[key] {
                locations.values[key] = Value(value: value, origin: "command line")
            } else if let value = environment[key.environmentVariable], !value.isEmpty {
                locations.values[key] = Value(value: value, origin: key.environmentVariable)
            } else if let (value, line) = fromFile[key], let configPath {
                // A relative path in a config file is relative to the file's folder.
                let resolved = value.hasPrefix("/") || DatabaseLocation.isServer(value) ? value
                    : ((configPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent(value)
                locations.values[key] = Value(value: resolved, origin: "\(configPath):\(line)")
            } else {
                locations.values[key] = Value(value: key.defaultValue, origin: "default")
            }
        }
        return locations
    }

    /// Reads `key = "value"` lines (comments with `#`, blank lines): the locations first, then
    /// `[report]` and `[map]` sections (`Locations.sections`), where `\n` in a value is a line
    /// break. Every mistake names the file, the line and the key; the first one is thrown.
    static func parse(_ text: String, file: String) throws(ConfigProblem)
        -> (locations: [Key: (String, Int)], settings: [String: (String, Int)]) {
        var found: [Key: (String, Int)] = [:]
        var settings: [String: (String, Int)] = [:]
        var section: String?
        for (index, raw) in KeyValueText.lines(text).enumerated() {
            let line = index + 1
            let content = KeyValueText.stripComment(raw).trimmingCharacters(in: .whitespaces)
            if content.isEmpty { continue }
            if content.hasPrefix("[") {
                let name = content.dropFirst().prefix { $0 != "]" }.trimmingCharacters(in: .whitespaces)
                guard content.hasSuffix("]"), Self.sections[name] != nil else {
                    throw ConfigProblem(file: file, line: line, problem:
                        "unknown section “\(Quoted.text(content))”; the sections are \(Self.sections.keys.sorted().map { "[\($0)]" }.joined(separator: ", "))")
                }
                section = name
                continue
            }
            guard let equals = content.firstIndex(of: "=") else {
                throw ConfigProblem(file: file, line: line, problem: "expected “key = \"value\"”, found “\(Quoted.text(content))”")
            }
            let name = content[..<equals].trimmingCharacters(in: .whitespaces)
            let quoted = content[content.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if let section {
                let keys = Self.sections[section]!
                guard keys.contains(name) else {
                    throw ConfigProblem(file: file, line: line, key: name, problem: "unknown key in [\(section)]; its keys are \(keys.joined(separator: ", "))")
                }
                guard quoted.count >= 2, quoted.first == "\"", quoted.last == "\"" else {
                    throw ConfigProblem(file: file, line: line, key: name, problem: "the value must be in double quotes")
                }
                guard settings[section + "." + name] == nil else { throw ConfigProblem(file: file, line: line, key: name, problem: "given twice") }
                let value = KeyValueText.unquote(Substring(quoted)).replacingOccurrences(of: "\\n", with: "\n")
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                guard !value.isEmpty else { throw ConfigProblem(file: file, line: line, key: name, problem: "the value is empty") }
                settings[section + "." + name] = (value, line)
                continue
            }
            guard let key = Key(rawValue: name) else {
                throw ConfigProblem(file: file, line: line, key: name, problem:
                    "unknown key; the keys are \(Key.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard quoted.count >= 2, quoted.first == "\"", quoted.last == "\"" else {
                throw ConfigProblem(file: file, line: line, key: name, problem: "the value must be in double quotes, e.g. \(name) = \"/var/lib/dti/…\"")
            }
            let value = KeyValueText.unquote(Substring(quoted))
            guard !value.isEmpty else { throw ConfigProblem(file: file, line: line, key: name, problem: "the value is empty") }
            guard found[key] == nil else { throw ConfigProblem(file: file, line: line, key: name, problem: "given twice") }
            found[key] = (value, line)
        }
        return (found, settings)
    }
}

/// What the department's reports say of who issues them (the config's `[report]`), and the
/// map it supplies (`[map] geojson`). Every value is optional: a report without them says
/// nothing of an agency and draws no map.
public struct ReportSettings: Sendable, Equatable {
    /// The issuing agency, one line per level: “UBND TỈNH LÀO CAI\nSỞ KHOA HỌC VÀ CÔNG NGHỆ”.
    public var agency: String?
    /// Where the report is issued: “Lào Cai” in “Lào Cai, ngày 5 tháng 11 năm 2026”.
    public var place: String?
    /// Who signs, and as what: “Nguyễn Văn A”, “KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC”.
    public var signer: String?
    public var signerTitle: String?
    /// A GeoJSON FeatureCollection of the province's communes, keyed by commune code.
    public var geojson: String?

    public init(agency: String? = nil, place: String? = nil, signer: String? = nil, signerTitle: String? = nil, geojson: String? = nil) {
        self.agency = agency
        self.place = place
        self.signer = signer
        self.signerTitle = signerTitle
        self.geojson = geojson
    }
}

/// Where `--db` points: a SQLite file, or a PostgreSQL server named by a URL.
public enum DatabaseLocation {
    /// True for `postgresql://…` (or `postgres://…`): a server, not a file.
    public static func isServer(_ location: String) -> Bool {
        location.hasPrefix("postgresql://") || location.hasPrefix("postgres://")
    }

    /// A server location as it may be shown: any password replaced by `***`.
    public static func withoutPassword(_ location: String) -> String {
        guard var parts = URLComponents(string: location), parts.password != nil else { return location }
        parts.password = "***"
        return parts.string ?? location
    }

    /// An empty database location (`--db ""`, a `$DB` that was never set).
    public struct Empty: ExitStatusError {
        public init() {}
        public var exitStatus: ExitStatus { .usage }
        public var description: String { message.en }
        public var message: LocalizedText {
            LocalizedText(vi: "--db rỗng: hãy ghi đường dẫn tệp SQLite hoặc địa chỉ postgresql://…",
                          en: "--db is empty: give a SQLite file's path or a postgresql://… address")
        }
    }

    /// A `postgresql://` location that does not say who connects to which database.
    public struct BadAddress: ExitStatusError {
        public init() {}
        public var exitStatus: ExitStatus { .usage }
        public var description: String { message.en }
        public var message: LocalizedText {
            // Never echo what was given: it may hold a password.
            LocalizedText(vi: "--db: địa chỉ PostgreSQL phải có dạng postgresql://người_dùng[:mật_khẩu]@máy[:cổng]/tên_csdl",
                          en: "--db: a PostgreSQL address reads postgresql://user[:password]@host[:port]/dbname")
        }
    }
}
