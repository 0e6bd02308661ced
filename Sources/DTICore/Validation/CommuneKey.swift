/// A commune code as a key of its own, hashed as `CommuneCode.hash` does.
public struct CommuneKey: Hashable, Sendable {
    public let code: String

    @inlinable public init(_ code: String) {
        self.code = code
    }

    @inlinable public func hash(into hasher: inout Hasher) {
        CommuneCode.hash(code, into: &hasher)
    }
}
