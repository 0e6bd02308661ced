import DTICore

/// What the server lets through its door: the Excel template (`.xlsx`) or CSV text, whatever
/// the file was called.
enum BodyContent {
    static let workbookType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// Media types an upload arrives with. Browsers on Windows label `.csv` files
    /// `application/vnd.ms-excel`; the bytes decide in the end (`binaryFormat`).
    static let acceptedTypes: Set<String> = ["text/csv", "text/plain", "application/csv", "application/vnd.ms-excel",
                                             workbookType, "application/octet-stream"]

    /// The media type without parameters, lower-cased: `Text/CSV; charset=utf-8` → `text/csv`.
    static func mediaType(_ header: String) -> String {
        String(header.split(separator: ";", maxSplits: 1).first ?? "")
            .trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// The kind of binary file `bytes` are, or nil when they may be text. Text in a wrong
    /// encoding (UTF-16, Windows-1258) is text: validation refuses it with advice, and the
    /// original is kept like any refused file.
    /// A zip archive is let through: validation reads it as a workbook, or refuses it (422)
    /// and keeps it like any refused file.
    static func binaryFormat(of bytes: [UInt8]) -> LocalizedText? {
        if let signature = FileSignature.of(bytes) { return signature == .zip ? nil : signature.kind }
        let utf16 = bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
        if !utf16, bytes.contains(0) {
            return LocalizedText(vi: "tệp nhị phân", en: "a binary file")
        }
        return nil
    }
}
