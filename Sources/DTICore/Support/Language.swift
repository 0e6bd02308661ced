/// The languages reports and messages are written in. Vietnamese is the default: commune
/// officers and the provincial committee read it.
public enum Language: String, CaseIterable, Sendable, Codable {
    case vi
    case en
}

/// A text in both languages; messages carry both so any output can pick one.
public struct LocalizedText: Hashable, Sendable, Codable {
    public var vi: String
    public var en: String

    public init(vi: String, en: String) {
        self.vi = vi
        self.en = en
    }

    public func callAsFunction(_ language: Language) -> String {
        switch language {
        case .vi: vi
        case .en: en
        }
    }
}
