/// Machine-readable results: one record per submitting commune, full precision, n/a empty
/// (CSV) or null (JSON). Communes without a submission are not records.
public struct ResultsExport: Sendable {
    public enum Format: String, CaseIterable, Sendable {
        case csv
        case json
    }

    public var results: [ProvinceResult]
    public var indicatorSet: IndicatorSet

    public init(results: [ProvinceResult], indicatorSet: IndicatorSet) {
        self.results = results
        self.indicatorSet = indicatorSet
    }

    /// `period,province_code,commune_code,commune_name,rank,dti,<pillar ids>,<indicator ids>`,
    /// `imputed_from` when the indicator set carries figures forward, then `tier` (the tier's
    /// id, `tot`, empty when unranked) when it declares tiers, then `adjustment_<id>` for each
    /// bonus or penalty it declares (the points added; `dti` includes them), then
    /// `mandatory_missed` (the ids of the mandatory indicators missed, `;` between) when it
    /// declares any: new columns come last, so a script that reads the columns it knows by name
    /// or place keeps working.
    public var columns: [String] {
        ["period", "province_code", "commune_code", "commune_name", "rank", "dti"]
            + indicatorSet.pillars.map(\.id) + indicatorSet.indicators.map(\.id)
            + (indicatorSet.carryForwardMonths > 0 ? ["imputed_from"] : [])
            + (indicatorSet.tiers.isEmpty ? [] : ["tier"])
            + indicatorSet.adjustments.map { "adjustment_" + $0.id }
            + (indicatorSet.hasGates ? ["mandatory_missed"] : [])
    }

    /// A long export is written in pieces: `opening`, the `body` of each batch of results,
    /// then `closing`; `afterRecords` says whether any record was written before.
    public func opening(_ format: Format) -> String {
        switch format {
        case .csv: columns.joined(separator: ",") + "\n"
        case .json: "["
        }
    }

    public func body(_ format: Format, afterRecords: Bool) -> String {
        var text = ""
        var first = !afterRecords
        for record in records() {
            switch format {
            case .csv:
                text += record.map(\.csv).joined(separator: ",") + "\n"
            case .json:
                text += (first ? "\n" : ",\n")
                text += "  {" + zip(columns, record).map { "\(Value.text($0).json): \($1.json)" }.joined(separator: ", ") + "}"
            }
            first = false
        }
        return text
    }

    public func closing(_ format: Format, afterRecords: Bool) -> String {
        switch format {
        case .csv: ""
        case .json: afterRecords ? "\n]\n" : "]\n"
        }
    }

    enum Value {
        case text(String)
        case integer(Int?)
        case real(Double?)
        /// No value: empty in CSV, null in JSON.
        case absent

        var csv: String {
            switch self {
            case .text(let text):
                return Quoted.csvField(text)
            case .integer(let value): return value.map(String.init) ?? ""
            case .real(let value): return value.map { "\($0)" } ?? ""
            case .absent: return ""
            }
        }

        var json: String {
            switch self {
            case .text(let text):
                var out = "\""
                for scalar in text.unicodeScalars {
                    switch scalar {
                    case "\"": out += "\\\""
                    case "\\": out += "\\\\"
                    case "\n": out += "\\n"
                    case "\r": out += "\\r"
                    case "\t": out += "\\t"
                    case _ where scalar.value < 0x20:
                        let hex = String(scalar.value, radix: 16)
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    default: out.unicodeScalars.append(scalar)
                    }
                }
                return out + "\""
            case .integer(let value): return value.map(String.init) ?? "null"
            case .real(let value): return value.map { "\($0)" } ?? "null"
            case .absent: return "null"
            }
        }
    }

    func records() -> [[Value]] {
        results.flatMap { province in
            province.communes.map { commune in
                [.text(province.period.description), .text(province.provinceCode), .text(commune.unit.communeCode),
                 .text(commune.unit.communeName), .integer(commune.rank), .real(commune.score.dti)]
                    + commune.score.pillars.map(Value.real) + commune.score.raw.map(Value.real)
                    + (indicatorSet.carryForwardMonths > 0 ? [commune.imputedFrom.map { .text($0.description) } ?? .absent] : [])
                    + (indicatorSet.tiers.isEmpty ? [] : [commune.rank == nil ? .absent
                        : indicatorSet.tier(of: commune.score.dti).map { .text($0.id) } ?? .absent])
                    + commune.score.adjustments.map(Value.real)
                    + (indicatorSet.hasGates ? [.text(commune.score.failedGates.map { indicatorSet.indicators[$0].id }.joined(separator: ";"))] : [])
            }
        }
    }
}
