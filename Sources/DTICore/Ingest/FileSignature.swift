/// What a file's first bytes say it is when it is not text: the files officers send by
/// mistake instead of a CSV. Read by validation (`TextEncodingCheck`) and by `dti serve`'s
/// door, which turns such bodies away before storing anything.
public enum FileSignature: Sendable, CaseIterable {
    case zip, legacyOffice, pdf, png, jpeg, gif, gzip, rar, sevenZip

    /// The signature `bytes` start with, if any. An empty zip archive (`PK\5\6`) and a
    /// spanned one (`PK\7\8`) are zip archives too.
    public static func of(_ bytes: [UInt8]) -> FileSignature? {
        if bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) || bytes.starts(with: [0x50, 0x4B, 0x07, 0x08]) { return .zip }
        return magics.first { bytes.starts(with: $0.magic) }?.signature
    }

    /// Each signature and its first bytes, made once: every file received is looked at
    /// (making the nine arrays on each look cost some 2,000 instructions a file).
    private static let magics = allCases.map { (signature: $0, magic: $0.magic) }

    /// An `.xlsx` is a zip archive and an `.xls` an OLE compound file.
    public var isWorkbook: Bool { self == .zip || self == .legacyOffice }

    var magic: [UInt8] {
        switch self {
        case .zip: [0x50, 0x4B, 0x03, 0x04]
        case .legacyOffice: [0xD0, 0xCF, 0x11, 0xE0]
        case .pdf: Array("%PDF".utf8)
        case .png: [0x89, 0x50, 0x4E, 0x47]
        case .jpeg: [0xFF, 0xD8, 0xFF]
        case .gif: Array("GIF8".utf8)
        case .gzip: [0x1F, 0x8B]
        case .rar: Array("Rar!".utf8)
        case .sevenZip: [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]
        }
    }

    /// What the file is, in words for its sender.
    public var kind: LocalizedText {
        switch self {
        case .zip: LocalizedText(vi: "tệp Excel (.xlsx) hoặc tệp nén", en: "an Excel workbook (.xlsx) or a zip archive")
        case .legacyOffice: LocalizedText(vi: "tệp Excel cũ (.xls) hoặc Word (.doc)", en: "an old Excel (.xls) or Word (.doc) file")
        case .pdf: LocalizedText(vi: "tệp PDF", en: "a PDF document")
        case .png: LocalizedText(vi: "ảnh PNG", en: "a PNG image")
        case .jpeg: LocalizedText(vi: "ảnh JPEG", en: "a JPEG image")
        case .gif: LocalizedText(vi: "ảnh GIF", en: "a GIF image")
        case .gzip: LocalizedText(vi: "tệp nén gzip (.gz)", en: "a gzip archive (.gz)")
        case .rar: LocalizedText(vi: "tệp nén RAR", en: "a RAR archive")
        case .sevenZip: LocalizedText(vi: "tệp nén 7-Zip", en: "a 7-Zip archive")
        }
    }
}
