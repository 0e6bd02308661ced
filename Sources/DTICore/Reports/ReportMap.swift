import Foundation

/// The department's map of its communes (`[map] geojson` in the config): a GeoJSON
/// FeatureCollection whose features carry the commune code (`properties.code`,
/// `commune_code`, `ma_xa`, or the feature's `id`) and a Polygon or MultiPolygon. Nothing is
/// bundled: the polygons are the department's. Read once per run; a file that cannot be read
/// is not an error of the run: the reports say why and draw the tile grid instead.
public struct ReportMap: Sendable {
    /// One feature: its commune code (nil when it has none) and its rings, each a list of
    /// (longitude, latitude).
    public struct Feature: Sendable {
        public var code: String?
        public var rings: [[(lon: Double, lat: Double)]]
    }

    public var features: [Feature]
    /// Why the file could not be used, in the reader's language; nil when it was read.
    public var problem: LocalizedText?

    /// The largest file read: a map of a province's communes is a few megabytes.
    static let largestFile = 64 << 20

    public init(features: [Feature], problem: LocalizedText? = nil) {
        self.features = features
        self.problem = problem
    }

    /// Reads `path`; never throws: a problem is kept and said in the reports.
    public static func load(path: String) -> ReportMap {
        let failure = { (vi: String, en: String) in ReportMap(features: [], problem: LocalizedText(vi: vi, en: en)) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return failure("Không mở được tệp bản đồ \(path).", "Cannot open the map file \(path).")
        }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: largestFile + 1) ?? Data(), data.count <= largestFile else {
            return failure("Tệp bản đồ \(path) lớn hơn 64 MB.", "The map file \(path) is larger than 64 MB.")
        }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let list = root["features"] as? [Any] else {
            return failure("Tệp bản đồ \(path) không phải GeoJSON FeatureCollection.", "The map file \(path) is not a GeoJSON FeatureCollection.")
        }
        return ReportMap(features: list.compactMap { ($0 as? [String: Any]).flatMap(feature) })
    }

    private static func feature(_ object: [String: Any]) -> Feature? {
        guard let geometry = object["geometry"] as? [String: Any], let type = geometry["type"] as? String,
              let coordinates = geometry["coordinates"] as? [Any] else { return nil }
        let polygons: [Any] = type == "Polygon" ? [coordinates] : type == "MultiPolygon" ? coordinates : []
        var rings: [[(lon: Double, lat: Double)]] = []
        for polygon in polygons {
            for ring in (polygon as? [Any]) ?? [] {
                let points = ((ring as? [Any]) ?? []).compactMap { point -> (lon: Double, lat: Double)? in
                    guard let pair = point as? [Any], pair.count >= 2, let lon = number(pair[0]), let lat = number(pair[1]),
                          lon.isFinite, lat.isFinite, abs(lon) <= 180, abs(lat) <= 90 else { return nil }
                    return (lon, lat)
                }
                if points.count >= 3 { rings.append(points) }
            }
        }
        guard !rings.isEmpty else { return nil }
        let properties = object["properties"] as? [String: Any] ?? [:]
        let raw = ["code", "commune_code", "ma_xa", "MA_XA", "maXa"].lazy.compactMap { properties[$0] }.first ?? object["id"]
        return Feature(code: code(raw), rings: rings)
    }

    private static func number(_ value: Any) -> Double? {
        (value as? NSNumber)?.doubleValue
    }

    /// A code as written (“3390”, 3390, “03390”) as the register writes it; nil when not one.
    private static func code(_ value: Any?) -> String? {
        let text: String
        if let string = value as? String { text = string.trimmingCharacters(in: .whitespaces) }
        else if let number = value as? NSNumber, number.doubleValue == number.doubleValue.rounded() { text = String(number.intValue) }
        else { return nil }
        guard !text.isEmpty, text.count <= 5, text.allSatisfy(\.isASCIIDigit) else { return nil }
        return AdministrativeUnit.communeCode(text)
    }
}

/// The map of a province's communes coloured by tier, as inline SVG projected and simplified
/// here, or, without a map (or with one that has none of the province's communes), a tile
/// grid of the communes in code order; with a legend and, under the map, the features that
/// match no commune and the communes without a feature.
struct ReportMapDrawing {
    var result: ProvinceResult
    var indicatorSet: IndicatorSet
    var map: ReportMap?
    var language: Language

    static let width = 400.0
    static let unrankedColour = "#e4e4e4"

    private var vi: Bool { language == .vi }

    /// Every commune of the province with its fill: its tier's tint, grey when unranked.
    private func units() -> [(unit: AdministrativeUnit, fill: String, dti: Double?)] {
        var all = result.communes.map { commune in
            (unit: commune.unit, fill: commune.rank == nil ? Self.unrankedColour
                : indicatorSet.tier(of: commune.score.dti).map { ReportCharts.tint($0.colour) } ?? Self.unrankedColour,
             dti: commune.rank == nil ? nil : commune.score.dti)
        }
        all += result.missing.map { (unit: $0, fill: Self.unrankedColour, dti: nil) }
        all += result.insufficient.map { (unit: $0.unit, fill: Self.unrankedColour, dti: nil) }
        return all.sorted { $0.unit.communeCode < $1.unit.communeCode }
    }

    func html() -> String {
        let units = units()
        guard !units.isEmpty else { return "" }
        let codes = Set(units.map(\.unit.communeCode))
        var html = ""
        var notes: [String] = []
        if let problem = map?.problem { notes.append(problem(language)) }
        if let map, map.features.contains(where: { $0.code.map(codes.contains) ?? false }) {
            html += HTMLPage.figure("map", svgMap(map, units: units),
                                    caption: vi ? "Xếp loại các xã, phường trên bản đồ của Sở" : "Tiers on the department's map")
            let stray = map.features.filter { !($0.code.map(codes.contains) ?? false) }
            if !stray.isEmpty {
                let named = stray.map { $0.code ?? (vi ? "không mã" : "no code") }
                notes.append((vi ? "\(stray.count) vùng trên bản đồ không ứng với xã, phường nào của tỉnh: "
                                 : "\(stray.count) map features match no commune of the province: ")
                             + HTMLReport.list(named, shown: 10, language: language) + ".")
            }
            let drawn = Set(map.features.compactMap(\.code))
            let without = units.filter { !drawn.contains($0.unit.communeCode) }
            if !without.isEmpty {
                notes.append((vi ? "\(without.count) xã, phường không có trên bản đồ: " : "\(without.count) communes are not on the map: ")
                             + HTMLReport.list(without.map { "\($0.unit.fullName) (\($0.unit.communeCode))" }, shown: 10, language: language) + ".")
            }
        } else {
            html += HTMLPage.figure("tiles", tiles(units),
                                    caption: vi ? "Xếp loại các xã, phường (theo thứ tự mã)" : "Communes by tier (in code order)")
        }
        html += "<p class=\"legend\">" + indicatorSet.tiers.map { tier in
            let count = result.ranked.count { indicatorSet.tier(of: $0.score.dti) == tier }
            return "<span style=\"background:\(ReportCharts.tint(tier.colour))\">\(ReportCharts.escape("\(tier.label(language)) (≥ \(ReportNumber.plain(tier.minimum, language))): \(count)"))</span>"
        }.joined(separator: " ") + " <span style=\"background:\(Self.unrankedColour)\">\(ReportCharts.escape(vi ? "Không xếp hạng" : "Not ranked"))</span></p>\n"
        return html + notes.map { "<p class=\"meta\">\(ReportCharts.escape($0))</p>\n" }.joined()
    }

    /// The communes as tiles, name and DTI on the tier's colour: five a row, or eight (the
    /// name cut shorter) for a province of more than 60 communes, so that the grid stays
    /// within a printed page.
    private func tiles(_ units: [(unit: AdministrativeUnit, fill: String, dti: Double?)]) -> String {
        let perRow = units.count > 60 ? 8 : 5, tileWidth = Self.width / Double(perRow), tileHeight = 34.0
        let longest = perRow == 5 ? 10 : 6
        let rows = (units.count + perRow - 1) / perRow
        var svg = ReportCharts.open(width: Self.width, height: tileHeight * Double(rows), title: vi ? "Xếp loại các xã, phường" : "Communes by tier")
        for (index, entry) in units.enumerated() {
            let x = tileWidth * Double(index % perRow), y = tileHeight * Double(index / perRow)
            svg += "<rect x=\"\(ReportCharts.f(x + 1))\" y=\"\(ReportCharts.f(y + 1))\" width=\"\(ReportCharts.f(tileWidth - 2))\" height=\"\(ReportCharts.f(tileHeight - 2))\" fill=\"\(entry.fill)\"><title>\(ReportCharts.escape(entry.unit.fullName))</title></rect>"
            let name = entry.unit.communeName.count > longest ? String(entry.unit.communeName.prefix(longest - 1)) + "…" : entry.unit.communeName
            svg += ReportCharts.text(x: x + tileWidth / 2, y: y + 15, name, anchor: "middle")
            svg += ReportCharts.text(x: x + tileWidth / 2, y: y + 29, ReportNumber.score(entry.dti, language), anchor: "middle")
        }
        return svg + "</svg>"
    }

    /// The features of the province's communes, projected equirectangularly about the
    /// province's middle latitude, fitted to the width, and simplified by dropping points
    /// closer than 0.6 units to the last one kept.
    private func svgMap(_ map: ReportMap, units: [(unit: AdministrativeUnit, fill: String, dti: Double?)]) -> String {
        let fills = Dictionary(units.map { ($0.unit.communeCode, ($0.fill, $0.unit.fullName, $0.dti)) }, uniquingKeysWith: { first, _ in first })
        let features = map.features.filter { $0.code.map { fills[$0] != nil } ?? false }
        let points = features.flatMap { $0.rings.flatMap { $0 } }
        let west = points.map(\.lon).min()!, east = points.map(\.lon).max()!
        let south = points.map(\.lat).min()!, north = points.map(\.lat).max()!
        let squeeze = cos((south + north) / 2 * .pi / 180)
        let spanX = max((east - west) * squeeze, 1e-9), spanY = max(north - south, 1e-9)
        let margin = 4.0
        let scale = min((Self.width - 2 * margin) / spanX, 560 / spanY)
        let height = spanY * scale + 2 * margin
        var svg = ReportCharts.open(width: Self.width, height: height, title: vi ? "Bản đồ xếp loại" : "Map of tiers")
        for feature in features {
            let (fill, name, dti) = fills[feature.code!]!
            var path = ""
            for ring in feature.rings {
                var kept: [(Double, Double)] = []
                for point in ring {
                    let x = margin + (point.lon - west) * squeeze * scale, y = margin + (north - point.lat) * scale
                    if let last = kept.last, abs(last.0 - x) < 0.6 && abs(last.1 - y) < 0.6 { continue }
                    kept.append((x, y))
                }
                guard kept.count >= 3 else { continue }
                path += "M" + kept.map { "\(ReportCharts.f($0.0)) \(ReportCharts.f($0.1))" }.joined(separator: "L") + "Z"
            }
            guard !path.isEmpty else { continue }
            svg += "<path d=\"\(path)\" fill=\"\(fill)\" stroke=\"#555\" stroke-width=\"0.5\"><title>\(ReportCharts.escape("\(name): \(ReportNumber.score(dti, language))"))</title></path>"
        }
        return svg + "</svg>"
    }
}
