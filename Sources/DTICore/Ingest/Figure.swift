/// A whole-number figure a commune reports each month (the numeric columns of the template).
///
/// The raw value is the canonical ASCII column name; indicator formulas refer to figures by it.
public enum Figure: String, CaseIterable, Sendable, Codable {
    case villagesTotal = "villages_total"
    case villagesMobileBroadband = "villages_mobile_broadband"
    case villagesFibre = "villages_fibre"
    case btsStations = "bts_stations"
    case householdsTotal = "households_total"
    case householdsFibre = "households_fibre"
    case adultPopulation = "adult_population"
    case adultsSmartphone = "adults_smartphone"
    case servicesTotal = "services_total"
    case servicesOnlinePartial = "services_online_partial"
    case servicesOnlineFull = "services_online_full"
    case dossiersTotal = "dossiers_total"
    case dossiersOnline = "dossiers_online"

    /// The header of the Excel template commune officers fill in.
    public var vietnameseLabel: String {
        switch self {
        case .villagesTotal: "Tổng số thôn, tổ dân phố"
        case .villagesMobileBroadband: "Số thôn có sóng 3G/4G"
        case .villagesFibre: "Số thôn có cáp quang"
        case .btsStations: "Số trạm BTS"
        case .householdsTotal: "Tổng số hộ gia đình"
        case .householdsFibre: "Số hộ có internet cáp quang"
        case .adultPopulation: "Dân số trưởng thành"
        case .adultsSmartphone: "Số người trưởng thành có điện thoại thông minh"
        case .servicesTotal: "Tổng số thủ tục hành chính"
        case .servicesOnlinePartial: "Số dịch vụ công trực tuyến một phần"
        case .servicesOnlineFull: "Số dịch vụ công trực tuyến toàn trình"
        case .dossiersTotal: "Tổng số hồ sơ tiếp nhận"
        case .dossiersOnline: "Số hồ sơ nộp trực tuyến"
        }
    }

    /// The smallest value the contract allows: totals that divide must be at least 1.
    public var minimum: Int {
        switch self {
        case .villagesTotal, .householdsTotal, .adultPopulation: 1
        default: 0
        }
    }

    /// The total this figure counts a part of, and so must not exceed.
    public var total: Figure? {
        switch self {
        case .villagesMobileBroadband, .villagesFibre: .villagesTotal
        case .householdsFibre: .householdsTotal
        case .adultsSmartphone: .adultPopulation
        case .dossiersOnline: .dossiersTotal
        default: nil
        }
    }

    /// Position in `Figures` storage (and in `allCases`). A switch, not a dictionary: it runs
    /// for every figure of every row.
    var index: Int {
        switch self {
        case .villagesTotal: 0
        case .villagesMobileBroadband: 1
        case .villagesFibre: 2
        case .btsStations: 3
        case .householdsTotal: 4
        case .householdsFibre: 5
        case .adultPopulation: 6
        case .adultsSmartphone: 7
        case .servicesTotal: 8
        case .servicesOnlinePartial: 9
        case .servicesOnlineFull: 10
        case .dossiersTotal: 11
        case .dossiersOnline: 12
        }
    }
}

/// The thirteen figures of one submission, in `Figure.allCases` order.
public struct Figures: Hashable, Sendable {
    public private(set) var values: [Int]

    public init(values: [Int]) {
        precondition(values.count == Figure.allCases.count, "one value per figure")
        self.values = values
    }

    public init(_ pairs: KeyValuePairs<Figure, Int>) {
        var values = [Int](repeating: 0, count: Figure.allCases.count)
        for (figure, value) in pairs { values[figure.index] = value }
        self.values = values
    }

    /// Each figure by its canonical column name, as the API's documents give them.
    public var byName: [String: Int] {
        Dictionary(uniqueKeysWithValues: zip(Figure.allCases.map(\.rawValue), values))
    }

    public subscript(figure: Figure) -> Int {
        get { values[figure.index] }
        set { values[figure.index] = newValue }
    }
}
