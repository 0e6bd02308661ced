import Foundation

/// Reads a unit register CSV (the `data/registers` format:
/// `province_code,province_name,district_code,district_name,commune_code,commune_name,commune_type`).
public enum RegisterFile {
    public struct Problem: Error, CustomStringConvertible, Sendable {
        public var file: String
        public var line: Int?
        public var reason: String
        public var description: String {
            "\(file)\(line.map { ":\($0)" } ?? ""): \(reason)"
        }
    }

    static let columns = ["province_code", "province_name", "district_code", "district_name",
                          "commune_code", "commune_name", "commune_type"]

    public static func parse(_ bytes: [UInt8], file: String) throws(Problem) -> [AdministrativeUnit] {
        let start: Int
        switch TextEncodingCheck.textStart(of: bytes) {
        case .success(let offset): start = offset
        case .failure(let issue): throw Problem(file: file, line: issue.line, reason: issue.message.en)
        }
        var reader = CSVReader(bytes: bytes, delimiter: UInt8(ascii: ","), startingAt: start)
        var fields: [CSVReader.Field] = []
        var units: [AdministrativeUnit] = []
        var seen = Set<String>()
        do {
            guard try reader.next(into: &fields) != nil,
                  fields.map({ reader.string($0).trimmingCharacters(in: .whitespaces).lowercased() }) == columns
            else {
                throw Problem(file: file, line: 1, reason: "the header must be \(columns.joined(separator: ","))")
            }
            while let line = try reader.next(into: &fields) {
                if fields.count == 1 && reader.isBlank(fields[0]) { continue }
                guard fields.count == columns.count else {
                    throw Problem(file: file, line: line, reason: "expected \(columns.count) columns, found \(fields.count)")
                }
                let value = { (index: Int) in
                    reader.string(fields[index]).trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping
                }
                let province = value(0), district = value(2), commune = value(4)
                guard province.count == 2, province.allSatisfy(\.isASCIIDigit) else {
                    throw Problem(file: file, line: line, reason: "province_code must be 2 digits, found \"\(province)\"")
                }
                guard commune.count == 5, commune.allSatisfy(\.isASCIIDigit) else {
                    throw Problem(file: file, line: line, reason: "commune_code must be 5 digits, found \"\(commune)\"")
                }
                guard district.isEmpty || (district.count == 3 && district.allSatisfy(\.isASCIIDigit)) else {
                    throw Problem(file: file, line: line, reason: "district_code must be empty or 3 digits, found \"\(district)\"")
                }
                guard seen.insert(commune).inserted else {
                    throw Problem(file: file, line: line, reason: "commune_code \(commune) appears twice")
                }
                units.append(AdministrativeUnit(
                    provinceCode: province, provinceName: value(1),
                    districtCode: district.isEmpty ? nil : district,
                    districtName: district.isEmpty ? nil : value(3),
                    communeCode: commune, communeName: value(5), communeType: value(6)))
            }
        } catch let error as CSVReader.QuoteError {
            throw Problem(file: file, line: error.line, reason: "unbalanced quotes")
        } catch let problem as Problem {
            throw problem
        } catch {
            throw Problem(file: file, reason: "\(error)")
        }
        guard !units.isEmpty else { throw Problem(file: file, reason: "the register holds no communes") }
        return units
    }

    /// The month a register comes into force, read from a name like `vn_units_2025-07.csv`.
    public static func inForce(fromFileName name: String) -> Period? {
        let stem = (name as NSString).lastPathComponent
        guard let range = stem.range(of: #"\d{4}-\d{2}"#, options: .regularExpression) else { return nil }
        return Period(stem[range])
    }
}
