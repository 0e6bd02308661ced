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
    /// The config file read, if any.
    public private(set) var configFile: String?

    public subscript(key: Key) -> String? { values[key]?.value }
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
        if let configPath {
            // Read through a handle: `/dev/null` (no config at all) is a file like any other here.
            guard let handle = FileHandle(forReadingAtPath: configPath), let data = try? handle.readToEnd() ?? Data() else {
                throw ConfigProblem(file: configPath, line: 0, problem: "cannot read the config file (no such file, or no permission)",
                                    missing: true)
            }
            fromFile = try parse(String(decoding: data, as: UTF8.self), file: configPath)
            locations.configFile = configPath
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

    /// Reads `key = "value"` lines (comments with `#`, blank lines). Every mistake names the
    /// file, the line and the key; the first one is thrown.
    static func parse(_ text: String, file: String) throws(ConfigProblem) -> [Key: (String, Int)] {
        var found: [Key: (String, Int)] = [:]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            let content = KeyValueText.stripComment(raw).trimmingCharacters(in: .whitespaces)
            if content.isEmpty { continue }
            guard let equals = content.firstIndex(of: "=") else {
                throw ConfigProblem(file: file, line: line, problem: "expected “key = \"value\"”, found “\(Quoted.text(content))”")
            }
            let name = content[..<equals].trimmingCharacters(in: .whitespaces)
            let quoted = content[content.index(after: equals)...].trimmingCharacters(in: .whitespaces)
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
        return found
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
