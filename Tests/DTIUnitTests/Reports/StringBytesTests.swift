@testable import DTICore
import Foundation
import Testing

/// The byte-level replace and split the HTML report uses, against a plain search over
/// Unicode scalars, on the texts a report holds (Vietnamese, private-use markers, separators
/// at either end). Foundation's `replacingOccurrences` is not the reference: on Linux it
/// matches "ờ" inside "Đoàn".
struct StringBytesTests {
    static let texts = ["", "<br>", "a<br>b<br>", "<br><br>Xã Tả Lèng<br>", "Phường Đoàn Kết\u{E000}ghi chú\u{E000}",
                        "không có gì", "ờ<h2>Phương pháp</h2>ở<h2>Phương pháp</h2>", "\n\n\n# x\n"]
    static let separators = ["<br>", "\u{E000}", "\n", "<h2>Phương pháp</h2>", "ờ"]

    /// The parts between occurrences of `separator`, scalar by scalar, empty parts kept.
    static func reference(_ text: String, _ separator: String) -> [String] {
        let scalars = Array(text.unicodeScalars), needle = Array(separator.unicodeScalars)
        var parts: [String] = [], current = String.UnicodeScalarView(), index = 0
        while index < scalars.count {
            if index + needle.count <= scalars.count && Array(scalars[index..<index + needle.count]) == needle {
                parts.append(String(current))
                current = String.UnicodeScalarView()
                index += needle.count
            } else {
                current.append(scalars[index])
                index += 1
            }
        }
        return parts + [String(current)]
    }

    @Test(arguments: separators) func splitsAndReplacesExactly(separator: String) {
        for text in Self.texts {
            #expect(text.splitBytes(separator) == Self.reference(text, separator), "\(text)")
            #expect(text.replacingBytes(separator, with: "·") == Self.reference(text, separator).joined(separator: "·"), "\(text)")
        }
        #expect("Phường Đoàn Kết".replacingBytes("ờ", with: "·") == "Phư·ng Đoàn Kết")
        #expect("a<br>b<br>".splitBytes("<br>") == ["a", "b", ""])
    }

    @Test func anEmptySeparatorLeavesTheTextWhole() {
        #expect("abc".splitBytes("") == ["abc"])
    }
}
