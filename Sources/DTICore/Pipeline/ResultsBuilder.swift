/// Scores and ranks every province for a period from the store, with each commune's change
/// against the last earlier period in which it was ranked.
public struct ResultsBuilder: Sendable {
    public let store: DTIStore
    public let indicatorSet: IndicatorSet
    public let directory: UnitDirectory

    public init(store: DTIStore, indicatorSet: IndicatorSet, directory: UnitDirectory) {
        self.store = store
        self.indicatorSet = indicatorSet
        self.directory = directory
    }

    public enum BuildError: Error, CustomStringConvertible {
        case noRegister(Period)
        public var description: String {
            switch self {
            case .noRegister(let period):
                "no unit register is in force for \(period); import one with: dti units import FILE"
            }
        }
    }

    /// The provinces of the period's register that have at least one submission (or all of
    /// `provinces` when given), ranked.
    public func results(for period: Period, provinces: Set<String>? = nil) throws -> [ProvinceResult] {
        var current = try rankings(for: period)
        let previousPeriods = try store.previousPeriods(before: period)
        var standings: [Period: [String: Standing]] = [:]
        for earlier in Set(previousPeriods.values).sorted() {
            let results = try rankings(for: earlier)
            standings[earlier] = Dictionary(uniqueKeysWithValues: results.flatMap(\.communes).compactMap { result in
                guard let rank = result.rank, let dti = result.score.dti else { return nil }
                return (result.unit.communeCode, Standing(period: earlier, rank: rank, dti: dti))
            })
        }
        for provinceIndex in current.indices {
            for communeIndex in current[provinceIndex].communes.indices {
                let code = current[provinceIndex].communes[communeIndex].unit.communeCode
                if let earlier = previousPeriods[code] {
                    current[provinceIndex].communes[communeIndex].previous = standings[earlier]?[code]
                }
            }
        }
        if let provinces {
            return current.filter { provinces.contains($0.provinceCode) }
        }
        return current.filter { !$0.communes.isEmpty }
    }

    /// Rankings of every province of the period's register, without movement.
    func rankings(for period: Period) throws -> [ProvinceResult] {
        guard let register = directory.version(for: period) else { throw BuildError.noRegister(period) }
        let submissions = try store.currentSubmissions(for: period)
        return register.provinceCodes.map { province in
            ProvinceResult.rank(period: period, register: register, provinceCode: province,
                                submissions: submissions, indicatorSet: indicatorSet)
        }
    }
}
