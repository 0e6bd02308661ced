import DTICore
import Foundation
import PostgresNIO

/// The PostgreSQL store: a national service's database, shared by several `dti serve` and
/// the batch jobs (`--db postgresql://user@host/dbname`).
///
/// One connection per process, used by one call at a time; writes of arrivals take turns
/// across every process through a transaction-scoped advisory lock (`arrivalLock`). When
/// the server closed the connection (a restart, a failover), the next call connects again.
public final class PostgresStore: @unchecked Sendable {
    public let path: String
    private var session: PostgresSession
    /// Where to connect again after the connection closed (nil for a test's own session,
    /// whose search path a new connection would not have).
    private let address: PostgresSession.Address?
    /// One call at a time on the connection.
    private let lock = NSLock()
    /// What the last batch of arrivals left known of the ledger (`PostgresArrivalWriter.Memory`),
    /// used while the lock is held.
    var arrivalMemory: PostgresArrivalWriter.Memory?

    /// Connects and brings the schema up to date. A server that cannot be reached is a
    /// `StoreFault` (`unreachable`) naming the address, never the password.
    public init(_ address: PostgresSession.Address) throws {
        path = address.description
        self.address = address
        do {
            session = try PostgresSession(address)
        } catch {
            throw Self.refusal(of: error, address: address) ?? Self.fault(of: error, path: address.description)
                ?? StoreFault(kind: .unreachable, path: address.description, detail: String(describing: error))
        }
        try PostgresSchema.migrate(session)
    }

    /// For tests: a store on an open session (a schema of its own), migrated.
    public init(session: PostgresSession) throws {
        self.session = session
        path = session.address.description
        address = nil
        try PostgresSchema.migrate(session)
    }

    func locked<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        if session.isClosed, let address {
            session = try PostgresSession(address)
        }
        return try body(session)
    }

    /// Runs `body` in one transaction of the connection (`PostgresSession.transaction`).
    func transaction<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        try locked { session in try session.transaction { try body(session) } }
    }

    // MARK: Registers

    public func importRegister(_ units: [AdministrativeUnit], inForce: Period, sourceName: String, sha256: String,
                               at date: Date) throws -> RegisterImport {
        let month = inForce.description
        return try transaction { session in
            let existing = try session.query("SELECT sha256 FROM register_version WHERE in_force = \(month) FOR UPDATE")
                .map { try $0.decode(String.self) }.first
            let summary = RegisterImport(inForce: inForce, unitCount: units.count, provinceCount: Set(units.map(\.provinceCode)).count,
                                         replaced: existing != nil, unchanged: existing == sha256)
            if summary.unchanged { return summary }
            try session.query("DELETE FROM register_version WHERE in_force = \(month)")
            try session.query("""
                INSERT INTO register_version (in_force, source_name, sha256, imported_at, unit_count)
                VALUES (\(month), \(sourceName), \(sha256), \(Timestamp.text(date)), \(units.count))
                """)
            // One statement for the whole register: the columns as arrays, unnested.
            try session.query("""
                INSERT INTO unit (in_force, commune_code, commune_name, commune_type, province_code, province_name,
                                  district_code, district_name)
                SELECT \(month), c, n, t, p, pn, NULLIF(d, ''), NULLIF(dn, '')
                FROM unnest(\(units.map(\.communeCode)), \(units.map(\.communeName)), \(units.map(\.communeType)),
                            \(units.map(\.provinceCode)), \(units.map(\.provinceName)), \(units.map { $0.districtCode ?? "" }),
                            \(units.map { $0.districtName ?? "" })) AS u(c, n, t, p, pn, d, dn)
                """)
            return summary
        }
    }

    public func registerFingerprint() throws -> String {
        try locked { session in
            try session.query("""
                SELECT coalesce(string_agg(in_force || ':' || sha256, ',' ORDER BY in_force), '') FROM register_version
                """).map { try $0.decode(String.self) }.first ?? ""
        }
    }

    public func unitDirectory() throws -> UnitDirectory {
        try locked { session in
            var units: [String: [AdministrativeUnit]] = [:]
            for row in try session.query("""
                SELECT in_force, province_code, province_name, district_code, district_name, commune_code, commune_name, commune_type
                FROM unit
                """) {
                let (inForce, province, provinceName, district, districtName, code, name, type) =
                    try row.decode((String, String, String, String?, String?, String, String, String).self)
                units[inForce, default: []].append(AdministrativeUnit(
                    provinceCode: province, provinceName: provinceName, districtCode: district, districtName: districtName,
                    communeCode: code, communeName: name, communeType: type))
            }
            return UnitDirectory(versions: units.compactMap { inForce, units in
                Period(inForce).map { RegisterVersion(inForce: $0, units: units) }
            })
        }
    }

    // MARK: Successions

    public func importSuccession(_ table: SuccessionTable, sourceName: String, sha256: String, at date: Date) throws -> SuccessionImport {
        let new = table.new.description, old = table.old.description
        return try transaction { session in
            let existing = try session.query("SELECT sha256, old_in_force FROM succession_source WHERE new_in_force = \(new) FOR UPDATE")
                .map { try $0.decode((String, String).self) }.first
            let summary = SuccessionImport(links: table.entries.count, replaced: existing != nil,
                                           unchanged: existing?.0 == sha256 && existing?.1 == old)
            if summary.unchanged { return summary }
            try session.query("DELETE FROM succession_source WHERE new_in_force = \(new)")
            try session.query("DELETE FROM succession WHERE new_in_force = \(new)")
            try session.query("""
                INSERT INTO succession_source (new_in_force, old_in_force, source_name, sha256, imported_at, link_count)
                VALUES (\(new), \(old), \(sourceName), \(sha256), \(Timestamp.text(date)), \(table.entries.count))
                """)
            try session.query("""
                INSERT INTO succession (new_in_force, new_code, old_code, link)
                SELECT \(new), n, o, l FROM unnest(\(table.entries.map(\.newCode)), \(table.entries.map(\.oldCode)),
                                                   \(table.entries.map(\.link.rawValue))) AS s(n, o, l)
                """)
            return summary
        }
    }

    public func successionTables() throws -> [SuccessionTable] {
        try locked { session in
            let links = try session.query("""
                SELECT new_in_force, new_code, old_code, link FROM succession ORDER BY new_in_force, new_code, old_code
                """).map { try $0.decode((String, String, String, String).self) }
            let byTable = Dictionary(grouping: links, by: \.0)
            return try session.query("SELECT new_in_force, old_in_force FROM succession_source ORDER BY new_in_force")
                .map { try $0.decode((String, String).self) }
                .compactMap { new, old in
                    guard let newMonth = Period(new), let oldMonth = Period(old) else { return nil }
                    return SuccessionTable(old: oldMonth, new: newMonth, entries: (byTable[new] ?? []).compactMap { link in
                        SuccessionTable.Link(rawValue: link.3).map { SuccessionTable.Entry(newCode: link.1, oldCode: link.2, link: $0) }
                    })
                }
        }
    }

    // MARK: Keys

    public func issueKey(for scope: KeyScope, label: String?, knownUnits: UnitDirectory, at date: Date) throws -> (key: String, record: UploadKey) {
        guard UploadKey.scope(scope, isKnownIn: knownUnits) else { throw KeyError.unknownUnit(scope) }
        let (key, sha256, prefix) = UploadKey.mint()
        let issuedAt = Timestamp.text(date)
        let id = try locked { session in
            try session.query("""
                INSERT INTO upload_key (sha256, prefix, scope, unit_code, label, issued_at)
                VALUES (\(sha256), \(prefix), \(scope.kind), \(scope.unitCode), \(label), \(issuedAt)) RETURNING id
                """).map { try $0.decode(Int64.self) }.first!
        }
        return (key, UploadKey(id: id, prefix: prefix, scope: scope, label: label, issuedAt: issuedAt, revokedAt: nil))
    }

    public func revokeKey(_ given: String, at date: Date) throws -> UploadKey {
        let (column, value) = UploadKey.lookup(given)
        let revokedAt = Timestamp.text(date)
        return try transaction { session in
            // The column comes from `UploadKey.lookup`, one of three names: never from the caller.
            let found = try session.query(PostgresQuery(unsafeSQL: "SELECT \(Self.keyColumns) FROM upload_key WHERE \(column) \(column == "id" ? "= $1::bigint" : "= $1") FOR UPDATE",
                                                        binds: try Self.binds(value)))
            guard var key = try found.first.flatMap(Self.uploadKey) else { throw KeyError.noSuchKey(given) }
            if key.revokedAt == nil {
                try session.query("UPDATE upload_key SET revoked_at = \(revokedAt) WHERE id = \(key.id)")
                key.revokedAt = revokedAt
            }
            return key
        }
    }

    public func uploadKeys() throws -> [UploadKey] {
        try locked { session in
            try session.query(PostgresQuery(unsafeSQL: "SELECT \(Self.keyColumns) FROM upload_key ORDER BY id")).compactMap(Self.uploadKey)
        }
    }

    public func uploadKey(matching key: String) throws -> UploadKey? {
        let sha256 = sha256Hex(Array(key.utf8))
        return try locked { session in
            try session.query(PostgresQuery(unsafeSQL: "SELECT \(Self.keyColumns) FROM upload_key WHERE sha256 = $1",
                                            binds: try Self.binds(sha256))).first.flatMap(Self.uploadKey)
        }
    }

    private static let keyColumns = "id, prefix, scope, unit_code, label, issued_at, revoked_at"

    private static func binds(_ value: String) throws -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(value)
        return binds
    }

    private static func uploadKey(_ row: PostgresRow) throws -> UploadKey? {
        let (id, prefix, scope, unit, label, issuedAt, revokedAt) =
            try row.decode((Int64, String, String, String, String?, String, String?).self)
        return KeyScope(kind: scope, unitCode: unit).map {
            UploadKey(id: id, prefix: prefix, scope: $0, label: label, issuedAt: issuedAt, revokedAt: revokedAt)
        }
    }

    // MARK: Audit and operations

    /// Notes that `set` scored reports (first and last use). A set without a hash (the one
    /// built into a test) is not recorded.
    public func recordIndicatorSetUsed(_ set: IndicatorSet, at date: Date) throws {
        guard !set.sha256.isEmpty else { return }
        let now = Timestamp.text(date)
        try locked { session in
            _ = try session.query("""
                INSERT INTO indicator_set (sha256, name, source, first_used_at, last_used_at)
                VALUES (\(set.sha256), \(set.name), \(set.source), \(now), \(now))
                ON CONFLICT (sha256) DO UPDATE SET last_used_at = excluded.last_used_at
                """)
        }
    }

    public func indicatorSetsUsed() throws -> [(name: String, source: String, sha256: String)] {
        try locked { session in
            try session.query("SELECT name, source, sha256 FROM indicator_set ORDER BY first_used_at, sha256")
                .map { try $0.decode((String, String, String).self) }
                .map { (name: $0.0, source: $0.1, sha256: $0.2) }
        }
    }

    public func revisionCount() throws -> Int {
        try locked { session in try session.query("SELECT count(*) FROM submission").first?.decode(Int.self) ?? 0 }
    }

    /// The run lock of this database (`PostgresRunLock`): held until the value is released.
    /// Nothing to move: every commit is on the server. The connection closes with the process.
    public func close() throws {}

    /// Nothing beside it: the database lives on the server.
    public var companionFiles: [String] { [] }

    public func lockForRun() throws -> any StoreRunLock {
        try locked { session in try PostgresRunLock(session.address) }
    }
}
