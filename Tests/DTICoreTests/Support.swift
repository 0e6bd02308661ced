import DTICore
import Foundation

/// Helpers shared by the tests: a tiny register, canonical rows, fixture paths.
enum TestData {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func fixture(_ name: String) -> [UInt8] {
        [UInt8](FileManager.default.contents(atPath: fixtures.appendingPathComponent(name).path)!)
    }

    static let register = RegisterVersion(inForce: Period("2025-07")!, units: [
        unit("03388", "Đoàn Kết"), unit("03390", "Bình Lư"), unit("03394", "Sin Suối Hồ"), unit("03405", "Hòa Bình"),
        AdministrativeUnit(provinceCode: "01", provinceName: "Thành phố Hà Nội", communeCode: "00004",
                           communeName: "Ba Đình", communeType: "Phường"),
    ])

    static func unit(_ code: String, _ name: String) -> AdministrativeUnit {
        AdministrativeUnit(provinceCode: "12", provinceName: "Tỉnh Lai Châu", communeCode: code, communeName: name,
                           communeType: "Xã")
    }

    static let context = ValidationContext(directory: UnitDirectory(versions: [register]), latestPeriod: Period("2026-10")!)

    static let canonicalHeader = "commune_code,period," + Figure.allCases.map(\.rawValue).joined(separator: ",")

    /// A canonical CSV row; figures in `Figure.allCases` order.
    static func row(_ code: String, _ period: String, _ figures: [Int]) -> String {
        ([code, period] + figures.map(String.init)).joined(separator: ",")
    }

    /// A plausible, valid set of figures.
    static let goodFigures = [12, 12, 9, 5, 2400, 1800, 5000, 3000, 200, 10, 120, 300, 100]

    static func csv(_ lines: [String]) -> [UInt8] {
        Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    static func validate(_ bytes: [UInt8], name: String = "test.csv") -> FileValidation {
        FileValidator(context: context).validate(bytes, fileName: name)
    }

    static func temporaryFolder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dti-test-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
