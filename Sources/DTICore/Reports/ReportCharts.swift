import Foundation

/// The charts of the HTML report, as SVG written here (no script, no library): they print as
/// sharply as text and need nothing from the network. Every text is XML-escaped.
///
/// Charts are drawn 400 units wide with 13-unit text: on a 390 px phone they fill the
/// screen and their labels stay at least 11 px; wider screens and A4 show them larger.
enum ReportCharts {
    static let width = 400.0
    static let barColour = "#2f6f9f"
    static let imputedColour = "#9aa7b1"

    /// The ranking as horizontal bars, every commune's name readable, `perChart` communes a
    /// chart so that no chart is taller than a printed page.
    static func ranking(_ result: ProvinceResult, language: Language, perChart: Int = 48) -> [String] {
        bars(result.ranked.map { commune in
            (label: "\(commune.rank.map(String.init) ?? "–"). \(commune.unit.fullName)" + (commune.imputedFrom == nil ? "" : " †"),
             value: commune.score.dti, muted: commune.imputedFrom != nil)
        }, title: language == .vi ? "Xếp hạng DTI" : "DTI ranking", language: language, perChart: perChart)
    }

    /// Labelled horizontal bars on the 0–100 scale, at most `perChart` a chart (about a printed
    /// page), the charts of even size: 168 communes make four charts of 42, not three of 48
    /// and one of 24 that leaves most of its page empty.
    static func bars(_ items: [(label: String, value: Double?, muted: Bool)], title: String, language: Language,
                     perChart: Int = 48) -> [String] {
        let charts = max(1, (items.count + perChart - 1) / perChart), size = max(1, (items.count + charts - 1) / charts)
        return stride(from: 0, to: items.count, by: size).map { start in
            let slice = Array(items[start..<min(items.count, start + size)])
            let row = 17.0, top = 8.0, labelWidth = 170.0, valueWidth = 40.0
            let plot = width - labelWidth - valueWidth - 10
            let height = top + row * Double(slice.count) + 26
            var svg = open(height: height, title: title)
            for (offset, item) in slice.enumerated() {
                let y = top + row * Double(offset)
                let value = max(0, min(100, item.value ?? 0))
                svg += text(x: labelWidth - 6, y: y + 12, item.label, anchor: "end")
                svg += "<rect x=\"\(f(labelWidth))\" y=\"\(f(y + 2))\" width=\"\(f(plot * value / 100))\" height=\"\(f(row - 5))\" fill=\"\(item.muted ? imputedColour : barColour)\"/>"
                svg += text(x: labelWidth + plot * value / 100 + 4, y: y + 12, ReportNumber.score(item.value, language))
            }
            svg += axis(x: labelWidth, y: top + row * Double(slice.count) + 2, length: plot)
            return svg + "</svg>"
        }
    }

    /// Each pillar's mean this month beside the month before and the same month a year
    /// earlier, when the province has them.
    static func pillars(_ result: ProvinceResult, indicatorSet: IndicatorSet, previous: ProvinceMeans?,
                        yearAgo: ProvinceMeans?, language: Language) -> String {
        let now = ProvinceMeans(result, pillarCount: indicatorSet.pillars.count)
        let series = [now, previous, yearAgo].compactMap { $0 }
        let colours = ["#2f6f9f", "#8fb8d8", "#d9a441"]
        let labelWidth = 120.0, bar = 14.0, gap = 10.0
        let plot = width - labelWidth - 50
        let groupHeight = bar * Double(series.count) + gap
        let legendHeight = 22.0
        let height = legendHeight + groupHeight * Double(indicatorSet.pillars.count) + 26
        var svg = open(height: height, title: language == .vi ? "Điểm bình quân các trụ cột" : "Pillar means")
        for (index, means) in series.enumerated() {
            let x = 10 + Double(index) * 130
            svg += "<rect x=\"\(f(x))\" y=\"4\" width=\"12\" height=\"12\" fill=\"\(colours[index])\"/>"
            svg += text(x: x + 16, y: 14, means.period.name(language))
        }
        for (pillarIndex, pillar) in indicatorSet.pillars.enumerated() {
            let y = legendHeight + groupHeight * Double(pillarIndex)
            svg += text(x: labelWidth - 6, y: y + bar * Double(series.count) / 2 + 4, pillar.label(language), anchor: "end")
            for (index, means) in series.enumerated() {
                let value = max(0, min(100, means.pillarMeans[pillarIndex] ?? 0))
                let barY = y + bar * Double(index)
                svg += "<rect x=\"\(f(labelWidth))\" y=\"\(f(barY))\" width=\"\(f(plot * value / 100))\" height=\"\(f(bar - 2))\" fill=\"\(colours[index])\"/>"
                svg += text(x: labelWidth + plot * value / 100 + 4, y: barY + 11, ReportNumber.score(means.pillarMeans[pillarIndex], language))
            }
        }
        svg += axis(x: labelWidth, y: legendHeight + groupHeight * Double(indicatorSet.pillars.count), length: plot)
        return svg + "</svg>"
    }

    /// How the DTI scores are spread: communes per band of 5 points.
    static func distribution(_ result: ProvinceResult, language: Language) -> String? {
        let scores = result.ranked.compactMap(\.score.dti)
        guard let lowest = scores.min() else { return nil }
        let first = min(95, max(0, Int((lowest / 5).rounded(.down)) * 5))
        var bands: [(low: Int, count: Int)] = []
        for low in stride(from: first, through: 95, by: 5) {
            let bottom = Double(low), top = low == 95 ? 100.000_1 : Double(low + 5)
            bands.append((low, scores.filter { $0 >= bottom && $0 < top }.count))
        }
        let most = max(1, bands.map(\.count).max() ?? 1)
        let left = 24.0, plotHeight = 150.0, top = 20.0
        let column = (width - left - 10) / Double(bands.count)
        var svg = open(height: top + plotHeight + 44, title: language == .vi ? "Phân bố điểm DTI" : "Spread of DTI scores")
        for (index, band) in bands.enumerated() {
            let x = left + column * Double(index)
            let height = plotHeight * Double(band.count) / Double(most)
            svg += "<rect x=\"\(f(x + 2))\" y=\"\(f(top + plotHeight - height))\" width=\"\(f(column - 4))\" height=\"\(f(height))\" fill=\"\(barColour)\"/>"
            if band.count > 0 { svg += text(x: x + column / 2, y: top + plotHeight - height - 3, String(band.count), anchor: "middle") }
            // Each band's lower bound under its left edge, 100 at the end: the labels never overlap.
            svg += text(x: x, y: top + plotHeight + 16, "\(band.low)", anchor: "middle")
        }
        svg += text(x: width - 10, y: top + plotHeight + 16, "100", anchor: "middle")
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(width - 10))\" y2=\"\(f(top + plotHeight))\" stroke=\"#555\"/>"
        svg += text(x: left + (width - left) / 2, y: top + plotHeight + 36,
                    language == .vi ? "điểm DTI (số xã, phường trong mỗi khoảng)" : "DTI score (communes in each band)", anchor: "middle")
        return svg + "</svg>"
    }

    // MARK: Pieces

    static func open(width: Double = width, height: Double, title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\" role=\"img\" aria-label=\"\(escape(title))\" font-family=\"sans-serif\" font-size=\"13\">"
    }

    /// A colour `#RRGGBB` mixed with white (a third of the colour): a tier's colour as a
    /// background that black text reads on, in print too.
    static func tint(_ colour: String, share: Double = 0.35) -> String {
        guard colour.count == 7, let value = UInt32(colour.dropFirst(), radix: 16) else { return colour }
        let mixed = [16, 8, 0].map { shift -> String in
            let channel = Double((value >> UInt32(shift)) & 0xFF)
            let byte = Int((255 - (255 - channel) * share).rounded())
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }
        return "#" + mixed.joined()
    }

    /// The 0–100 scale under bars that start at `x`.
    private static func axis(x: Double, y: Double, length: Double) -> String {
        var svg = "<line x1=\"\(f(x))\" y1=\"\(f(y))\" x2=\"\(f(x + length))\" y2=\"\(f(y))\" stroke=\"#555\"/>"
        for tick in stride(from: 0, through: 100, by: 20) {
            let tickX = x + length * Double(tick) / 100
            svg += "<line x1=\"\(f(tickX))\" y1=\"\(f(y))\" x2=\"\(f(tickX))\" y2=\"\(f(y + 4))\" stroke=\"#555\"/>"
            svg += text(x: tickX, y: y + 16, String(tick), anchor: "middle")
        }
        return svg
    }

    static func text(x: Double, y: Double, _ content: String, anchor: String = "start") -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\">\(escape(content))</text>"
    }

    /// Coordinates to one decimal, the same on every machine (without `String(format:)`,
    /// which costs a locale lookup each call).
    static func f(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Characters XML forbids (control characters, U+FFFE, U+FFFF) are dropped.
                if character.value < 0x20 && character != "\n" && character != "\t" { continue }
                if character.value == 0xFFFE || character.value == 0xFFFF { continue }
                out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
