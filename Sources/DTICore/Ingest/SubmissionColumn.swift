import Foundation

/// A column a submission file may carry, recognised by its canonical name or Vietnamese label.
public enum SubmissionColumn: Hashable, Sendable {
    case communeCode
    case period
    case figure(Figure)
    case communeName
    case notes

    public static let all: [SubmissionColumn] = [.communeCode, .period] + Figure.allCases.map(SubmissionColumn.figure) + [.communeName, .notes]

    public var canonicalName: String {
        switch self {
        case .communeCode: "commune_code"
        case .period: "period"
        case .figure(let figure): figure.rawValue
        case .communeName: "commune_name"
        case .notes: "notes"
        }
    }

    public var vietnameseLabel: String {
        switch self {
        case .communeCode: "Mã xã"
        case .period: "Kỳ báo cáo"
        case .figure(let figure): figure.vietnameseLabel
        case .communeName: "Tên xã"
        case .notes: "Ghi chú"
        }
    }

    /// Other headings real sheets use for the column (folded like any heading, so `thang`,
    /// `Mã xã, phường` and `So thon` match too).
    public var aliases: [String] {
        switch self {
        case .communeCode: ["Mã xã, phường", "Mã đơn vị", "Mã ĐVHC"]
        case .period: ["Tháng", "Tháng báo cáo", "Kỳ"]
        case .communeName: ["Tên xã, phường", "Tên đơn vị", "Xã, phường"]
        case .figure(.villagesTotal): ["Tổng số thôn", "Số thôn"]
        case .figure(.householdsTotal): ["Tổng số hộ", "Số hộ"]
        case .figure(.btsStations): ["Trạm BTS"]
        case .figure(.dossiersTotal): ["Tổng số hồ sơ"]
        default: []
        }
    }

    public var isRequired: Bool {
        switch self {
        case .communeName, .notes: false
        default: true
        }
    }

    /// Finds the column a header cell names: either vocabulary, any case, surrounding spaces
    /// ignored, Vietnamese compared in NFC so decomposed (NFD) headers match too.
    public init?(header: String) {
        // No heading of any column is this long: not worth folding.
        guard header.utf8.count <= 160 else { return nil }
        // Most headers are written exactly as the template has them: skip normalising those.
        if let column = SubmissionColumn.byHeaderKey[header] {
            self = column
            return
        }
        guard let column = SubmissionColumn.byHeaderKey[SubmissionColumn.headerKey(header)] else { return nil }
        self = column
    }

    /// Position in `all`, for table lookups.
    var ordinal: Int {
        switch self {
        case .communeCode: 0
        case .period: 1
        case .figure(let figure): 2 + figure.index
        case .communeName: 2 + Figure.allCases.count
        case .notes: 3 + Figure.allCases.count
        }
    }

    /// A heading folded the way people mistype it: case, diacritics (đ as d), spaces,
    /// underscores and punctuation do not count. `Mã xã`, `ma_xa` and `MA XA` are one key.
    /// The heading of a sequence-number column (STT, TT, Số TT, Số thứ tự), the first column of
    /// nearly every Vietnamese form: read and ignored, its values never checked.
    public static func isSequenceNumber(_ header: String) -> Bool {
        guard header.utf8.count <= 40 else { return false }
        return ["stt", "tt", "sott", "sothutu", "no"].contains(headerKey(header))
    }

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

    /// Every heading the column answers to.
    var names: [String] { [canonicalName, vietnameseLabel] + aliases }

    private static let byHeaderKey: [String: SubmissionColumn] = {
        var keys: [String: SubmissionColumn] = [:]
        for column in all {
            for name in column.names {
                keys[name] = column
                keys[headerKey(name)] = column
            }
        }
        return keys
    }()

    /// Every name of every column, folded once: (column, key, words).
    private static let candidates: [(column: SubmissionColumn, key: [Unicode.Scalar], words: Set<String>)] =
        all.flatMap { column in column.names.map { (column, Array(headerKey($0).unicodeScalars), Set(words($0))) } }

    /// The column an unknown heading most likely meant, when one is close: its words are
    /// nearly all words of the column's label or name (`so_ho_cap_quang` → households_fibre),
    /// or it is one or two letters from one (`villages_fibr`). Headings over 80 characters
    /// are not headings anyone typed: no suggestion.
    public static func suggestion(for heading: String) -> SubmissionColumn? {
        guard heading.unicodeScalars.count <= 80 else { return nil }
        let given = Set(words(heading))
        let key = Array(headerKey(heading).unicodeScalars)
        guard !given.isEmpty else { return nil }
        var best: (score: Double, column: SubmissionColumn)?
        for candidate in candidates {
            let common = Double(given.intersection(candidate.words).count)
            let containment = common / Double(given.count)
            let jaccard = common / Double(given.union(candidate.words).count)
            let typo = abs(key.count - candidate.key.count) <= 2 && editDistance(key, candidate.key) <= 2
            guard typo || (common >= 2 && containment >= 0.75) else { continue }
            let score = typo ? 2 : containment + jaccard
            if best == nil || score > best!.score { best = (score, candidate.column) }
        }
        return best?.column
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
