@testable import DTICore
import Testing

/// The UTF-8 check every received file goes through finds the first ill-formed byte where the
/// standard library's decoder does, on hand-picked sequences and on random ones.
struct UTF8CheckTests {
    /// The reference: the standard library's UTF-8 parser, scalar by scalar.
    static func reference(_ bytes: [UInt8], from start: Int) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes[start...].makeIterator()
        var offset = start
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    @Test func illFormedSequencesAreFoundWhereTheyStart() {
        let cases: [([UInt8], Int?)] = [
            (Array("Xã Bình Lư, tỉnh Lai Châu — 🙂".utf8), nil),
            (Array("ab".utf8) + [0xC0, 0x80], 2),            // an overlong NUL
            (Array("abcdefghij".utf8) + [0xED, 0xA0, 0x80], 10),  // a surrogate, after an 8-byte run
            ([0xF4, 0x90, 0x80, 0x80], 0),                    // past U+10FFFF
            (Array("ab".utf8) + [0xE1, 0x80], 2),             // cut short at the end
            ([0xE0, 0x9F, 0x80], 0),                          // overlong three-byte form
            ([0x41, 0xFF, 0x41], 1),
        ]
        for (bytes, expected) in cases {
            #expect(TextEncodingCheck.firstInvalidUTF8Offset(bytes, from: 0) == expected, "\(bytes)")
            #expect(Self.reference(bytes, from: 0) == expected, "the reference disagrees on \(bytes)")
        }
    }

    @Test func randomBytesAgreeWithTheStandardLibrary() {
        var random = SystemRandomNumberGenerator()
        // Mostly ASCII with UTF-8 lead and continuation bytes mixed in, as real files and
        // broken ones are.
        let pool: [UInt8] = Array(0x20...0x7E) + [0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEE,
                                                  0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xFF]
        for _ in 0..<5_000 {
            let bytes = (0..<Int.random(in: 0...40, using: &random)).map { _ in pool.randomElement(using: &random)! }
            let start = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &random)
            #expect(TextEncodingCheck.firstInvalidUTF8Offset(bytes, from: start) == Self.reference(bytes, from: start), "\(bytes) from \(start)")
        }
    }
}

/// A NUL byte anywhere in a file, past the first 64 bytes (where UTF-16 is looked for) and up to
/// its last byte, refuses it as binary data; the same file without it is text.
struct BinaryDataTests {
    @Test(arguments: [100, 1_000, 4_095, 4_096, -1])
    func aNulByteAnywhereRefusesTheFile(at offset: Int) {
        var bytes = Array(String(repeating: "03388,2026-10,12,12,9,5\n", count: 200).utf8)
        if case .failure = TextEncodingCheck.textStart(of: bytes) { Issue.record("text refused") }
        bytes[offset < 0 ? bytes.count - 1 : offset] = 0
        guard case .failure(let refusal) = TextEncodingCheck.textStart(of: bytes) else {
            Issue.record("a NUL at \(offset) was taken as text")
            return
        }
        #expect(refusal.kind == .binary)
        #expect(refusal.message.vi.contains("nhị phân"))
    }
}
