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

    public var isRequired: Bool {
        switch self {
        case .communeName, .notes: false
        default: true
        }
    }

    /// Finds the column a header cell names: either vocabulary, any case, surrounding spaces
    /// ignored, Vietnamese compared in NFC so decomposed (NFD) headers match too.
    public init?(header: String) {
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

    static func headerKey(_ text: String) -> String {
        String(text.trimmingWhitespace()).precomposedStringWithCanonicalMapping.lowercased()
    }

    private static let byHeaderKey: [String: SubmissionColumn] = {
        var keys: [String: SubmissionColumn] = [:]
        for column in all {
            for name in [column.canonicalName, column.vietnameseLabel] {
                keys[name] = column
                keys[headerKey(name)] = column
            }
        }
        return keys
    }()
}
