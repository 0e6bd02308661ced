import Foundation

/// What importing a register did.
public struct RegisterImport: Sendable {
    public var inForce: Period
    public var unitCount: Int
    public var provinceCount: Int
    public var replaced: Bool
    public var unchanged: Bool

    public init(inForce: Period, unitCount: Int, provinceCount: Int, replaced: Bool, unchanged: Bool) {
        self.inForce = inForce
        self.unitCount = unitCount
        self.provinceCount = provinceCount
        self.replaced = replaced
        self.unchanged = unchanged
    }
}

/// What importing a succession table did.
public struct SuccessionImport: Sendable {
    public var links: Int
    public var replaced: Bool
    public var unchanged: Bool

    public init(links: Int, replaced: Bool, unchanged: Bool) {
        self.links = links
        self.replaced = replaced
        self.unchanged = unchanged
    }
}
