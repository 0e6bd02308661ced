import NIOCore
import PostgresNIO

/// One column of a batch, sent as one array parameter (`int8[]`, `text[]`, `bytea[]`) and
/// unnested by the statement: each element is written straight into the wire's binary array
/// format from the rows it is taken from, with room for the whole array made once. An absent
/// element (nil) is the array's NULL, so no column of flags travels beside it.
///
/// postgres-nio's own `[Int]` and `[String]` bindings say the same on the wire; a batch of
/// 4,000 rows has some 25 columns, and building each as an array of its own, then growing
/// the buffer element by element, took a fifth of a PostgreSQL ingest's client time.
struct PostgresColumn: PostgresDynamicTypeEncodable {
    enum Elements {
        case integers((Int) -> Int?)
        case texts((Int) -> String?)
        case bytes((Int) -> [UInt8])
    }

    /// How many elements, and element `i` of each.
    let count: Int
    let elements: Elements

    static func integers(_ count: Int, _ element: @escaping (Int) -> Int?) -> PostgresColumn {
        PostgresColumn(count: count, elements: .integers(element))
    }

    static func texts(_ count: Int, _ element: @escaping (Int) -> String?) -> PostgresColumn {
        PostgresColumn(count: count, elements: .texts(element))
    }

    static func bytes(_ count: Int, _ element: @escaping (Int) -> [UInt8]) -> PostgresColumn {
        PostgresColumn(count: count, elements: .bytes(element))
    }

    var psqlType: PostgresDataType {
        switch elements {
        case .integers: .int8Array
        case .texts: .textArray
        case .bytes: .byteaArray
        }
    }

    var psqlFormat: PostgresFormat { .binary }

    /// The array's type as SQL names it.
    var sqlArrayType: String {
        switch elements {
        case .integers: "int8[]"
        case .texts: "text[]"
        case .bytes: "bytea[]"
        }
    }

    private var elementType: PostgresDataType {
        switch elements {
        case .integers: .int8
        case .texts: .text
        case .bytes: .bytea
        }
    }

    /// The binary array format: dimensions, a has-nulls flag, the element type, then for the
    /// one dimension its length and lower bound (1), then each element as its length in bytes
    /// (-1 for NULL) and its bytes, all integers big-endian.
    ///
    /// The elements are stored straight into room made for them, not through `ByteBuffer`'s
    /// integer writers: those check and move the buffer's indices for every integer, which
    /// took a third of a PostgreSQL ingest's deciding thread for its 2.6 million numbers.
    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeMultipleIntegers(Int32(count == 0 ? 0 : 1), Int32(0), elementType.rawValue)
        guard count > 0 else { return }
        buffer.writeMultipleIntegers(Int32(count), Int32(1))
        switch elements {
        case .integers(let element):
            // At most 12 bytes an element: its length (8) and its value; a NULL takes 4.
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count * 12) { room in
                var end = 0
                for index in 0..<count {
                    if let value = element(index) {
                        room.storeBytes(of: Int32(8).bigEndian, toByteOffset: end, as: Int32.self)
                        room.storeBytes(of: Int64(value).bigEndian, toByteOffset: end + 4, as: Int64.self)
                        end += 12
                    } else {
                        room.storeBytes(of: Int32(-1).bigEndian, toByteOffset: end, as: Int32.self)
                        end += 4
                    }
                }
                return end
            }
        case .texts(let element):
            for index in 0..<count {
                guard var text = element(index) else {
                    Self.write(nil, into: &buffer)
                    continue
                }
                text.withUTF8 { Self.write(UnsafeRawBufferPointer($0), into: &buffer) }
            }
        case .bytes(let element):
            for index in 0..<count {
                element(index).withUnsafeBytes { Self.write($0, into: &buffer) }
            }
        }
    }

    /// One element: its length and its bytes, or -1 for NULL.
    private static func write(_ bytes: UnsafeRawBufferPointer?, into buffer: inout ByteBuffer) {
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 4 + (bytes?.count ?? 0)) { room in
            guard let bytes else {
                room.storeBytes(of: Int32(-1).bigEndian, toByteOffset: 0, as: Int32.self)
                return 4
            }
            room.storeBytes(of: Int32(bytes.count).bigEndian, toByteOffset: 0, as: Int32.self)
            if let base = bytes.baseAddress, let to = room.baseAddress { (to + 4).copyMemory(from: base, byteCount: bytes.count) }
            return 4 + bytes.count
        }
    }
}
