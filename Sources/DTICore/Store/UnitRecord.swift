import GRDB

/// A row of `unit`: a commune in one register version.
struct UnitRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "unit"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var inForce: String
    var communeCode: String
    var communeName: String
    var communeType: String
    var provinceCode: String
    var provinceName: String
    var districtCode: String?
    var districtName: String?

    init(inForce: Period, unit: AdministrativeUnit) {
        self.inForce = inForce.description
        communeCode = unit.communeCode
        communeName = unit.communeName
        communeType = unit.communeType
        provinceCode = unit.provinceCode
        provinceName = unit.provinceName
        districtCode = unit.districtCode
        districtName = unit.districtName
    }

    var unit: AdministrativeUnit {
        AdministrativeUnit(provinceCode: provinceCode, provinceName: provinceName, districtCode: districtCode,
                           districtName: districtName, communeCode: communeCode, communeName: communeName,
                           communeType: communeType)
    }
}
