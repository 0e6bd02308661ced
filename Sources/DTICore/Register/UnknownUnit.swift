/// A province or commune code that no register in force for the periods asked about knows.
/// Asking for it is a mistake to say, not an empty success (exit 66).
public struct UnknownUnit: Error, CustomStringConvertible, ExitStatusError {
    public var kind: String
    public var code: String
    public var registers: [String]

    public var description: String {
        "no \(kind) with code \(code) in the unit register \(registers.joined(separator: ", ")); `dti units list` shows the codes"
    }

    public var exitStatus: ExitStatus { .noInput }

    public init(kind: String, code: String, registers: [String]) {
        self.kind = kind
        self.code = code
        self.registers = registers
    }

    /// Throws for the first code none of `registers` knows.
    public static func check(provinces: [String], communes: [String], in registers: [RegisterVersion]) throws {
        let names = registers.map(\.name)
        for code in provinces where !registers.contains(where: { !$0.units(inProvince: code).isEmpty }) {
            throw UnknownUnit(kind: "province", code: code, registers: names)
        }
        for code in communes where !registers.contains(where: { $0.unit(code: code) != nil }) {
            throw UnknownUnit(kind: "commune", code: code, registers: names)
        }
    }
}

extension UnitDirectory {
    /// The register versions in force for any of `periods`, oldest first.
    public func versions(for periods: [Period]) -> [RegisterVersion] {
        var seen: Set<String> = []
        return periods.compactMap { version(for: $0) }.filter { seen.insert($0.name).inserted }
    }
}

extension UnknownUnit {
    public var message: LocalizedText {
        let what = kind == "province" ? "tỉnh" : "xã"
        return LocalizedText(
            vi: "không có \(what) mã \(code) trong danh mục đơn vị \(registers.joined(separator: ", ")); xem các mã bằng `dti units list`",
            en: description)
    }
}
