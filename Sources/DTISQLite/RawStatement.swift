import DTICore
import GRDB
import GRDBSQLite

/// A cached GRDB statement driven through the SQLite C API: values are bound in place, with
/// no boxing into `StatementArguments`. For the few statements that run once per row.
struct RawStatement {
    private let statement: Statement
    private let connection: OpaquePointer
    private var handle: OpaquePointer { statement.sqliteStatement }
    /// SQLite copies bound text before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    /// SQLite reads a bound value where it lies, until it is bound again (SQLITE_STATIC).
    private static let inPlace: sqlite3_destructor_type? = nil

    init(_ db: Database, sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        connection = db.sqliteConnection!
    }

    /// Ends the previous execution, ready to bind and step again. Bindings are kept: every
    /// caller binds every parameter before each step.
    func reset() {
        sqlite3_reset(handle)
    }

    /// Binds `value` to the 1-based parameter `index`.
    func bind(_ value: Int, at index: Int32) throws {
        try check(sqlite3_bind_int64(handle, index, Int64(value)))
    }

    func bind(_ value: String?, at index: Int32) throws {
        guard var value else { return try check(sqlite3_bind_null(handle, index)) }
        try value.withUTF8 { text in
            try check(sqlite3_bind_text(handle, index, text.baseAddress.map(UnsafeRawPointer.init)?
                .assumingMemoryBound(to: CChar.self), Int32(text.count), Self.transient))
        }
    }

    /// Binds `value` as text that SQLite reads where it lies, not a copy of its own: its bytes
    /// are copied into `slot`, which the caller keeps allocated and untouched until it binds
    /// the parameter again (`unbind` before the slot goes). Text longer than the slot is bound
    /// as a copy. For the short texts of every row (a commune code, a month).
    func bind(_ value: String, at index: Int32, in slot: UnsafeMutableRawBufferPointer) throws {
        let copied = value.utf8.withContiguousStorageIfAvailable { text -> Int? in
            guard text.count <= slot.count else { return nil }
            slot.copyMemory(from: UnsafeRawBufferPointer(text))
            return text.count
        }
        guard let count = copied ?? nil else { return try bind(Optional(value), at: index) }
        try check(sqlite3_bind_text(handle, index, slot.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(count), Self.inPlace))
    }

    /// Ends the execution and binds NULL to `index`: SQLite no longer reads what was bound
    /// there. (SQLite binds nothing to a statement stepped and not reset.)
    func unbind(_ index: Int32) {
        sqlite3_reset(handle)
        sqlite3_bind_null(handle, index)
    }

    func bind(_ value: Int?, at index: Int32) throws {
        guard let value else { return try check(sqlite3_bind_null(handle, index)) }
        try bind(value, at: index)
    }

    /// Binds `blob` to the parameter `index` and runs one step while it is bound, SQLite
    /// reading it where it lies (a file's bytes, stored once); unbound again before this returns.
    func step(bindingBlob blob: [UInt8], at index: Int32) throws {
        defer { unbind(index) }
        try blob.withUnsafeBytes { bytes in
            try check(sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), Self.inPlace))
            _ = try step()
        }
    }

    /// Runs one step; true while it yields a row.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw error(code)
        }
    }

    func int(at column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

    func isNull(at column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func text(at column: Int32) -> String? {
        guard sqlite3_column_type(handle, column) != SQLITE_NULL, let text = sqlite3_column_text(handle, column) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self)
    }

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw error(code) }
    }

    private func error(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)),
                      sql: statement.sql)
    }
}
