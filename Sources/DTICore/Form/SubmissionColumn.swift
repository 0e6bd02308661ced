import Foundation

/// A column a submission file may carry, recognised by its canonical name, its label or an
/// alias (`FormColumns`: which columns a form has and what each answers to).
public enum SubmissionColumn: Hashable, Sendable {
    case communeCode
    case period
    case figure(Figure)
    /// A field the province's form adds: its position in `Form.fields`, and its names.
    case extra(ExtraField)
    case communeName
    case notes

    /// A province's field as a column: where it sits in the form and what it is called.
    public struct ExtraField: Hashable, Sendable {
        public var index: Int
        public var name: String
        public var label: String
    }

    public var canonicalName: String {
        switch self {
        case .communeCode: "commune_code"
        case .period: "period"
        case .figure(let figure): figure.rawValue
        case .extra(let field): field.name
        case .communeName: "commune_name"
        case .notes: "notes"
        }
    }

    public var vietnameseLabel: String {
        switch self {
        case .communeCode: "Mã xã"
        case .period: "Kỳ báo cáo"
        case .figure(let figure): figure.vietnameseLabel
        case .extra(let field): field.label
        case .communeName: "Tên xã"
        case .notes: "Ghi chú"
        }
    }

    /// Other headings real sheets use for the columns that are not fields (a field's aliases
    /// are the form's).
    var fixedAliases: [String] {
        switch self {
        case .communeCode: ["Mã xã, phường", "Mã đơn vị", "Mã ĐVHC"]
        case .period: ["Tháng", "Tháng báo cáo", "Kỳ"]
        case .communeName: ["Tên xã, phường", "Tên đơn vị", "Xã, phường"]
        default: []
        }
    }

    /// Position in a form's table of columns: the four columns that are not fields first, then
    /// each field at its position in `Form.fields` (so the contract's are the same in every form).
    var ordinal: Int {
        switch self {
        case .communeCode: 0
        case .period: 1
        case .communeName: 2
        case .notes: 3
        case .figure(let figure): 4 + figure.index
        case .extra(let field): 4 + field.index
        }
    }

    /// The field a column holds, if it holds one: its position in `Form.fields`.
    var fieldIndex: Int? {
        switch self {
        case .figure(let figure): figure.index
        case .extra(let field): field.index
        default: nil
        }
    }

    /// Finds the column of the national contract a header cell names (any form has these).
    public init?(header: String) {
        guard let column = Form.contract.columns.column(header: header) else { return nil }
        self = column
    }

    /// The heading of a sequence-number column (STT, TT, Số TT, Số thứ tự), the first column of
    /// nearly every Vietnamese form: read and ignored, its values never checked.
    public static func isSequenceNumber(_ header: String) -> Bool {
        guard header.utf8.count <= 40 else { return false }
        return ["stt", "tt", "sott", "sothutu", "no"].contains(headerKey(header))
    }

    /// A heading folded the way people mistype it: case, diacritics (đ as d), spaces,
    /// underscores and punctuation do not count. `Mã xã`, `ma_xa` and `MA XA` are one key.
    static func headerKey(_ text: String) -> String {
        // Most headings are ASCII (`villages_fibre`, `ma_xa`): folded byte by byte.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: text.utf8.compactMap { byte -> UInt8? in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): byte
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte + 32
                default: nil
                }
            }, as: UTF8.self)
        }
        return String(String.UnicodeScalarView(folded(text).filter { CharacterSet.alphanumerics.contains($0) }))
    }

    /// The heading's words, folded: `Số hộ có internet cáp quang` → so, ho, co, internet, cap, quang.
    static func words(_ text: String) -> [String] {
        let scalars = folded(text)
        return String(String.UnicodeScalarView(scalars.map { CharacterSet.alphanumerics.contains($0) ? $0 : " " }))
            .split(separator: " ").map(String.init)
    }

    private static func folded(_ text: String) -> [Unicode.Scalar] {
        text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars
            .filter { !CharacterSet.nonBaseCharacters.contains($0) }
            .map { $0 == "đ" ? "d" : $0 }
    }

    /// Levenshtein distance, for short headings only (two rows of `b.count + 1` integers).
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
