import DTICore
import GRDB

/// A row of `unit`: a commune in one register version.
///
/// Columns are read and written by hand, not through Codable: a directory of 10,000 communes
/// loads at every command's start, and key-strategy decoding made that a visible cost.
struct UnitRecord: Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "unit"

    var inForce: String
    var unit: AdministrativeUnit

    init(inForce: Period, unit: AdministrativeUnit) {
        self.inForce = inForce.description
        self.unit = unit
    }

    init(row: Row) throws {
        inForce = row["in_force"]
        unit = AdministrativeUnit(
            provinceCode: row["province_code"], provinceName: row["province_name"],
            districtCode: row["district_code"], districtName: row["district_name"],
            communeCode: row["commune_code"], communeName: row["commune_name"], communeType: row["commune_type"])
    }

    func encode(to container: inout PersistenceContainer) throws {
        container["in_force"] = inForce
        container["commune_code"] = unit.communeCode
        container["commune_name"] = unit.communeName
        container["commune_type"] = unit.communeType
        container["province_code"] = unit.provinceCode
        container["province_name"] = unit.provinceName
        container["district_code"] = unit.districtCode
        container["district_name"] = unit.districtName
    }
}
