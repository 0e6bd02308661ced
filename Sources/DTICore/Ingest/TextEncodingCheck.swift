import Foundation

/// Decides whether a file's bytes are UTF-8 text the reader can use, and says what the file
/// is instead when they are not: a workbook, UTF-16, or a legacy code page such as
/// Windows-1258, which would otherwise be read as garbage.
package enum TextEncodingCheck {
    /// Why bytes are not text the reader can use; validation names it with its rule code.
    struct Refusal: Error {
        enum Kind { case empty, binary, legacyOffice, utf16, notUTF8 }
        var kind: Kind
        /// The line of the first byte that is not UTF-8.
        var line: Int?
        var message: LocalizedText
    }

    /// Where the text starts (after any UTF-8 byte-order mark), or why the file is refused.
    static func textStart(of bytes: [UInt8]) -> Result<Int, Refusal> {
        let saveAsCSV = LocalizedText(
            vi: "Trong Excel chọn Tệp › Lưu thành › “CSV UTF-8 (Phân cách bằng dấu phẩy)” rồi gửi lại.",
            en: "In Excel choose File › Save As › “CSV UTF-8 (Comma delimited)” and send it again."
        )
        func refuse(_ kind: Refusal.Kind, line: Int? = nil, _ vi: String, _ en: String) -> Result<Int, Refusal> {
            .failure(Refusal(kind: kind, line: line, message: LocalizedText(vi: vi + " " + saveAsCSV.vi, en: en + " " + saveAsCSV.en)))
        }

        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return refuse(.empty, "Tệp trống, không có dữ liệu.", "The file is empty.")
        }
        if let signature = FileSignature.of(bytes) {
            if signature == .legacyOffice { return .failure(Refusal(kind: .legacyOffice, message: Self.oldExcel)) }
            // Another kind of file, named or sent as CSV: said as what it is, not as text in
            // a wrong encoding.
            return refuse(.binary, "Tệp là \(signature.kind.vi), không phải văn bản CSV.",
                          "The file is \(signature.kind.en), not CSV text.")
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
            || bytes.prefix(64).contains(0) {
            return refuse(
                .utf16,
                "Tệp được lưu dạng Unicode (UTF-16), chương trình chỉ đọc CSV UTF-8.",
                "The file is saved as Unicode (UTF-16); only CSV UTF-8 is read.")
        }
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        if let bad = firstInvalidUTF8Offset(bytes, from: start) {
            let line = 1 + bytes[..<bad].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            return refuse(
                .notUTF8, line: line,
                "Tệp không phải UTF-8 (có thể đã lưu theo bảng mã cũ Windows-1258/ANSI), dấu tiếng Việt sẽ bị sai.",
                "The file is not UTF-8 (probably saved in the legacy Windows-1258/ANSI code page), so Vietnamese letters would be garbled.")
        }
        // memchr: the C library's word-wide search, where `contains` looks byte by byte.
        if bytes.withUnsafeBytes({ $0.baseAddress.map { memchr($0, 0, bytes.count) != nil } ?? false }) {
            return refuse(.binary, "Tệp chứa dữ liệu nhị phân, không phải văn bản CSV.",
                          "The file holds binary data, not CSV text.")
        }
        return .success(start)
    }

    /// The refusal of an `.xls` (Excel 97–2003) or other OLE file.
    static let oldExcel = LocalizedText(
        vi: "Đây là tệp Excel kiểu cũ (.xls, Excel 97–2003), chương trình không đọc được. Mở tệp trong Excel, chọn Tệp › Lưu thành › “Sổ làm việc Excel (.xlsx)” và gửi tệp .xlsx đó (hoặc lưu thành “CSV UTF-8”).",
        en: "This is an old-style Excel file (.xls, Excel 97–2003), which is not read. Open it in Excel, choose File › Save As › “Excel Workbook (.xlsx)” and send that .xlsx file (or save it as “CSV UTF-8”).")

    /// Offset of the first byte that does not begin a well-formed UTF-8 sequence, if any
    /// (the sequences of the Unicode Standard's table 3-7: no overlong forms, no surrogates,
    /// nothing past U+10FFFF). ASCII runs are skipped eight bytes at a time: every file
    /// received is checked whole, and most of a Vietnamese file is ASCII digits and commas.
    package static func firstInvalidUTF8Offset(_ bytes: [UInt8], from start: Int) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            let count = buffer.count
            var index = start
            /// True when the byte at `offset` exists and is in `range`.
            func continues(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
                offset < count && range.contains(buffer[offset])
            }
            while index < count {
                while index + 8 <= count,
                      UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                }
                guard index < count else { return nil }
                let lead = buffer[index]
                let length: Int
                switch lead {
                case 0x00...0x7F: length = 1
                case 0xC2...0xDF where continues(index + 1): length = 2
                case 0xE0 where continues(index + 1, 0xA0...0xBF) && continues(index + 2),
                     0xE1...0xEC where continues(index + 1) && continues(index + 2),
                     0xED where continues(index + 1, 0x80...0x9F) && continues(index + 2),
                     0xEE...0xEF where continues(index + 1) && continues(index + 2):
                    length = 3
                case 0xF0 where continues(index + 1, 0x90...0xBF) && continues(index + 2) && continues(index + 3),
                     0xF1...0xF3 where continues(index + 1) && continues(index + 2) && continues(index + 3),
                     0xF4 where continues(index + 1, 0x80...0x8F) && continues(index + 2) && continues(index + 3):
                    length = 4
                default: return index
                }
                index += length
            }
            return nil
        }
    }
}
