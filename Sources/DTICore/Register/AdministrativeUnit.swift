/// A commune (xã, phường, thị trấn, đặc khu) in one version of the unit register, with the
/// province and — before the July 2025 reform — the district it belongs to.
public struct AdministrativeUnit: Hashable, Sendable, Codable {
    public var provinceCode: String
    public var provinceName: String
    /// Nil in registers from 1 July 2025 on: districts no longer exist.
    public var districtCode: String?
    public var districtName: String?
    public var communeCode: String
    public var communeName: String
    public var communeType: String

    public init(
        provinceCode: String, provinceName: String, districtCode: String? = nil, districtName: String? = nil,
        communeCode: String, communeName: String, communeType: String
    ) {
        self.provinceCode = provinceCode
        self.provinceName = provinceName
        self.districtCode = districtCode
        self.districtName = districtName
        self.communeCode = communeCode
        self.communeName = communeName
        self.communeType = communeType
    }
}

extension AdministrativeUnit {
    /// True when `other` (a unit of another register version, perhaps) is this place: the same
    /// commune code, type, province and name, spelt either way. After the 2025 reform a code
    /// can name another place; what stands for a unit (a key, a contact) reaches only this one.
    public func isSamePlace(as other: AdministrativeUnit) -> Bool {
        communeCode == other.communeCode && communeType == other.communeType && provinceCode == other.provinceCode
            && Self.sameName(communeName, other.communeName)
    }

    /// True when two spellings of a name are the same name: the same letters in any Unicode
    /// normalisation, case and spacing, whichever vowel of a syllable carries its tone mark —
    /// “Hòa” and “Hoà”, “Thanh Hóa” and “Thanh Hoá” (435 names of the registers use the old
    /// placement, and the 2026-04 register respelled 202).
    public static func sameName(_ a: String, _ b: String) -> Bool {
        a == b || nameKey(a) == nameKey(b)
    }

    /// `name` with each word's tone mark moved to the word's end, lower-cased, NFD.
    static func nameKey(_ name: String) -> String {
        let tones: Set<Unicode.Scalar> = ["\u{0300}", "\u{0301}", "\u{0303}", "\u{0309}", "\u{0323}"]
        return name.lowercased().decomposedStringWithCanonicalMapping.split(whereSeparator: \.isWhitespace).map { word in
            var letters = String.UnicodeScalarView(), tone = String.UnicodeScalarView()
            for scalar in word.unicodeScalars { if tones.contains(scalar) { tone.append(scalar) } else { letters.append(scalar) } }
            return String(letters) + "|" + String(tone)
        }.joined(separator: " ")
    }
}

/// One version of the register, in force from its first month until the next version.
///
/// A figure belongs to a code *and* a register version: after the 2025 mergers a new commune
/// reuses a predecessor's code, so the same code can mean different places in different years.
///
/// Immutable, and shared rather than copied: every row of every file asks its version whether
/// it has the row's code, and a copy of a value with five tables retained each of them and
/// released it again, some 400 instructions a row.
public final class RegisterVersion: Sendable {
    /// The first month the version is in force; also its name (`2025-07`).
    public let inForce: Period
    public let units: [AdministrativeUnit]
    /// Province codes, sorted.
    public let provinceCodes: [String]
    /// The units' codes, numbered; `positions[number]` is where in `units` the code is.
    private let codes: CommuneIndex
    private let positions: [Int]
    private let unitsByProvince: [String: [AdministrativeUnit]]

    public init(inForce: Period, units: [AdministrativeUnit]) {
        self.inForce = inForce
        self.units = units.sorted { $0.communeCode < $1.communeCode }
        var codes = CommuneIndex(capacity: units.count), positions: [Int] = []
        positions.reserveCapacity(units.count)
        for (position, unit) in self.units.enumerated() where codes.insert(unit.communeCode).inserted {
            positions.append(position)
        }
        (self.codes, self.positions) = (codes, positions)
        self.unitsByProvince = Dictionary(grouping: self.units, by: \.provinceCode)
        self.provinceCodes = unitsByProvince.keys.sorted()
    }

    public var name: String { inForce.description }

    public func unit(code: String) -> AdministrativeUnit? {
        codes.number(of: code).map { units[positions[$0]] }
    }

    /// Whether the register has a unit of this code (the unit is not copied out).
    public func hasUnit(code: String) -> Bool {
        codes.number(of: code) != nil
    }

    /// The province's communes, by code.
    public func units(inProvince provinceCode: String) -> [AdministrativeUnit] {
        unitsByProvince[provinceCode] ?? []
    }
}

/// All register versions known to the database, answering "which register governs period P".
public struct UnitDirectory: Sendable {
    public let versions: [RegisterVersion]

    public init(versions: [RegisterVersion]) {
        self.versions = versions.sorted { $0.inForce < $1.inForce }
    }

    /// The latest version in force on or before `period`.
    public func version(for period: Period) -> RegisterVersion? {
        versionIndex(for: period).map { versions[$0] }
    }

    /// Where in `versions` the version in force for `period` is.
    public func versionIndex(for period: Period) -> Int? {
        var index = versions.endIndex
        while index > versions.startIndex {
            index -= 1
            if versions[index].inForce <= period { return index }
        }
        return nil
    }

    /// The unit of `code` in the version in force for `period`.
    public func unit(code: String, for period: Period) -> AdministrativeUnit? {
        guard let index = versionIndex(for: period) else { return nil }
        return versions[index].unit(code: code)
    }

    public var isEmpty: Bool { versions.isEmpty }

    /// True when two versions hold the same communes by code (2025-07 and 2026-04: names and
    /// types changed, units did not), so figures under one are figures under the other. Not
    /// so across the July 2025 reform, where a code may name a different, larger commune.
    public func sameUnits(_ a: RegisterVersion, _ b: RegisterVersion) -> Bool {
        a.inForce == b.inForce || (a.units.count == b.units.count && a.units.elementsEqual(b.units) { $0.communeCode == $1.communeCode })
    }
}

extension AdministrativeUnit {
    /// A commune code as people type it, with its leading zeros put back: 3390 → 03390.
    public static func communeCode(_ typed: String) -> String {
        String(repeating: "0", count: max(0, 5 - typed.count)) + typed
    }

    /// The commune as people name it: its type and name (“Phường 1”, “Xã Bình Lư”); the
    /// register's bare name of a numbered ward (“1”) means nothing on its own.
    public var fullName: String { "\(communeType) \(communeName)" }
}
