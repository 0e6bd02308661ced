import Foundation

/// A made-up but plausible commune: its size, and how its coverage grows month by month.
///
/// The profile comes from the commune code and the seed only, and a month's figures from the
/// profile and the month only, so a commune's October does not change when the generator is
/// asked for a different range of months, and every figure satisfies the contract's rules.
struct SampleCommune {
    let code: String
    let seed: UInt64

    private let villages: Int
    private let households: Int
    private let adults: Int
    private let services: Int
    private let firstBTS: Int
    private let monthsPerNewBTS: Int
    private let dossierVolume: Int
    /// Share at the 2021-01 epoch and monthly growth rate of each coverage share.
    private let mobile, villageFibre, householdFibre, smartphone, servicesFull, dossiersOnline: Growth
    private let servicesPartialShare: Double

    /// A share that starts at `start` and closes a fixed fraction of its gap to `ceiling` each month.
    struct Growth {
        var start: Double
        var rate: Double
        var ceiling: Double

        func share(atMonth month: Int) -> Double {
            let value = ceiling - (ceiling - start) * exp(-rate * Double(month))
            return min(ceiling, max(0, value))
        }
    }

    static let epoch = Period(year: 2021, month: 1)!

    init(code: String, seed: UInt64) {
        self.code = code
        self.seed = seed
        var random = SplitMix64(seed: seed, key: code)
        func growth(_ start: ClosedRange<Double>, rate: ClosedRange<Double>, ceiling: Double = 1) -> Growth {
            Growth(start: .random(in: start, using: &random), rate: .random(in: rate, using: &random), ceiling: ceiling)
        }
        villages = .random(in: 6...48, using: &random)
        households = .random(in: 1_200...16_000, using: &random)
        adults = Int(Double(households) * .random(in: 2.1...2.9, using: &random))
        services = .random(in: 120...420, using: &random)
        firstBTS = .random(in: 2...30, using: &random)
        monthsPerNewBTS = .random(in: 4...18, using: &random)
        dossierVolume = .random(in: 60...1_200, using: &random)
        mobile = growth(0.55...0.95, rate: 0.02...0.08)
        villageFibre = growth(0.20...0.80, rate: 0.01...0.05)
        householdFibre = growth(0.15...0.65, rate: 0.01...0.04, ceiling: 0.97)
        smartphone = growth(0.40...0.75, rate: 0.01...0.03, ceiling: 0.96)
        servicesFull = growth(0.05...0.40, rate: 0.02...0.06, ceiling: 0.90)
        dossiersOnline = growth(0.05...0.45, rate: 0.02...0.06, ceiling: 0.95)
        servicesPartialShare = .random(in: 0.02...0.10, using: &random)
    }

    /// The figures the commune reports for `period`.
    func figures(for period: Period) -> Figures {
        let month = period.ordinal - Self.epoch.ordinal
        var random = SplitMix64(seed: seed, key: code, salt: UInt64(bitPattern: Int64(period.ordinal)))
        func part(_ total: Int, _ growth: Growth) -> Int {
            min(total, Int((Double(total) * growth.share(atMonth: month)).rounded()))
        }
        let full = part(services, servicesFull)
        let partial = min(services - full, Int(Double(services) * servicesPartialShare))
        let dossiers = max(0, Int(Double(dossierVolume) * .random(in: 0.7...1.3, using: &random)))
        return Figures([
            .villagesTotal: villages,
            .villagesMobileBroadband: part(villages, mobile),
            .villagesFibre: part(villages, villageFibre),
            .btsStations: firstBTS + max(0, month) / monthsPerNewBTS,
            .householdsTotal: households,
            .householdsFibre: part(households, householdFibre),
            .adultPopulation: adults,
            .adultsSmartphone: part(adults, smartphone),
            .servicesTotal: services,
            .servicesOnlinePartial: partial,
            .servicesOnlineFull: full,
            .dossiersTotal: dossiers,
            .dossiersOnline: part(dossiers, dossiersOnline),
        ])
    }
}

extension SampleCommune {
    /// The values of a province's own fields for `period` (those in force then), beside the
    /// contract's `figures`. Each commune has its own level for each field, drawn once:
    /// - a count or a score is `low + (high − low) × level × this month's draw` over its
    ///   `sample` range (a score from min to max when it has none; a count 0…10), so some
    ///   communes report much and most little (a 0..1 count is 1 in about one month in seven);
    /// - a yes/no task is done from a month of its own within 30 months of the field's start;
    /// - a text field says the month it was written for;
    /// - an optional field is left blank one month in ten;
    /// then held within each one-part check's total, so every row passes the form's checks.
    func extras(for period: Period, figures: Figures, form: Form) -> (values: [String: Int], texts: [String: String]) {
        var values: [String: Int] = [:]
        var texts: [String: String] = [:]
        for field in form.extras where field.isInForce(period) {
            var profile = SplitMix64(seed: seed, key: code + "/" + field.name)
            let level = Double.random(in: 0...1, using: &profile)
            var month = SplitMix64(seed: seed, key: code + "/" + field.name, salt: UInt64(bitPattern: Int64(period.ordinal)))
            if !field.isRequired, Double.random(in: 0..<1, using: &month) < 0.1 { continue }
            switch field.kind {
            case .text:
                texts[field.name] = "Ghi nhận \(period.monthName(.vi))"
            case .yesNo:
                let start = field.since ?? Self.epoch
                values[field.name] = period.ordinal >= start.ordinal + Int(level * 30) ? 1 : 0
            case .count, .score:
                let range = field.sample ?? (field.kind == .score ? field.minimum...(field.maximum ?? 100) : field.minimum...10)
                let draw = field.kind == .score ? 0.6 + 0.4 * level * Double.random(in: 0.8...1, using: &month)
                                                : level * Double.random(in: 0...1, using: &month)
                values[field.name] = range.lowerBound + Int((Double(range.count - 1) * draw).rounded())
            }
        }
        for (check, fields) in zip(form.checks, form.checkFields) where check.parts.count == 1 {
            let part = form.fields[fields.parts[0]].name
            let total = fields.total < figures.values.count ? figures.values[fields.total] : values[form.fields[fields.total].name]
            guard let value = values[part], let total else { continue }
            values[part] = min(value, total)
        }
        return (values, texts)
    }
}
