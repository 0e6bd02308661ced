extension String {
    /// Every occurrence of `target` replaced by `replacement`, matched as UTF-8 bytes: exact
    /// (no Unicode folding, as a report's markup needs) and fast on a long report, where
    /// Foundation's `replacingOccurrences` goes through NSString.
    func replacingBytes(_ target: String, with replacement: String) -> String {
        splitBytes(target).joined(separator: replacement)
    }

    /// The parts of the text between occurrences of `separator`, matched as UTF-8 bytes; like
    /// `components(separatedBy:)`, empty parts are kept. A match of valid UTF-8 inside valid
    /// UTF-8 always starts and ends on character boundaries, so every part is valid text.
    func splitBytes(_ separator: String) -> [String] {
        let needle = Array(separator.utf8)
        guard let first = needle.first else { return [self] }
        var text = self
        return text.withUTF8 { bytes in
            var parts: [String] = []
            var start = 0, index = 0
            let last = bytes.count - needle.count
            while index <= last {
                if bytes[index] == first && needle.indices.allSatisfy({ bytes[index + $0] == needle[$0] }) {
                    parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                    index += needle.count
                    start = index
                } else {
                    index += 1
                }
            }
            parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
            return parts
        }
    }
}
