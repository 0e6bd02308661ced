/// Parses the whole counts of a submission as Excel and LibreOffice write them.
///
/// Thousands separators (`.`, `,`, space, no-break space) are accepted only where they split
/// the digits into groups of exactly three (`1.240`, `1 240`); `0,71` or `12.34` is refused
/// rather than guessed at, because every figure is a whole count.
public enum WholeNumber {
    public enum Problem: Error, Equatable, Sendable {
        case blank
        case notWhole
        case tooLarge
    }

    /// Largest value accepted: larger figures are typing errors, and this keeps sums safe.
    public static let maximum = 999_999_999_999

    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Int, Problem> {
        // Most cells are a few digits and nothing else: read at once.
        if (1...12).contains(bytes.count) {
            var value = 0
            for byte in bytes {
                let digit = byte &- UInt8(ascii: "0")
                guard digit < 10 else { return parseWritten(bytes) }
                value = value &* 10 &+ Int(digit)
            }
            return value > maximum ? .failure(.tooLarge) : .success(value)
        }
        return parseWritten(bytes)
    }

    /// A number as people write it: spaces around it, a sign, thousands separators.
    private static func parseWritten(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Int, Problem> {
        var start = 0
        var end = bytes.count
        while start < end, let width = spaceWidth(bytes, at: start) { start += width }
        while end > start, let width = spaceWidthEnding(bytes, at: end) { end -= width }
        guard start < end else { return .failure(.blank) }

        var negative = false
        if bytes[start] == UInt8(ascii: "-") {
            negative = true
            start += 1
        }
        var value = 0
        var digitsInGroup = 0
        var groups = 0
        var separator: [UInt8]? = nil
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                value = value &* 10 &+ Int(byte - UInt8(ascii: "0"))
                digitsInGroup += 1
                if value > maximum || digitsInGroup > 15 { return .failure(.tooLarge) }
                index += 1
                continue
            }
            // A separator: must follow a group of 1-3 digits (first) or exactly 3 (later),
            // and be the same kind throughout.
            let width = byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: " ")
                ? 1 : (spaceWidth(bytes, at: index) ?? 0)
            guard width > 0 else { return .failure(.notWhole) }
            let mark = Array(bytes[index..<index + width])
            if let separator, separator != mark { return .failure(.notWhole) }
            separator = mark
            let groupOK = groups == 0 ? (1...3).contains(digitsInGroup) : digitsInGroup == 3
            guard groupOK else { return .failure(.notWhole) }
            groups += 1
            digitsInGroup = 0
            index += width
        }
        guard digitsInGroup > 0, separator == nil || digitsInGroup == 3 else { return .failure(.notWhole) }
        return .success(negative ? -value : value)
    }

    public static func parse(_ text: String) -> Result<Int, Problem> {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    /// Width of a space-like byte sequence at `index`: ASCII space or tab, no-break space
    /// (U+00A0) or narrow no-break space (U+202F), both of which Excel writes as separators.
    private static func spaceWidth(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let byte = bytes[index]
        if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { return 1 }
        if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xA0 { return 2 }
        if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xAF { return 3 }
        return nil
    }

    private static func spaceWidthEnding(_ bytes: UnsafeBufferPointer<UInt8>, at end: Int) -> Int? {
        if end >= 1, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") { return 1 }
        if end >= 2, bytes[end - 2] == 0xC2, bytes[end - 1] == 0xA0 { return 2 }
        if end >= 3, bytes[end - 3] == 0xE2, bytes[end - 2] == 0x80, bytes[end - 1] == 0xAF { return 3 }
        return nil
    }
}
