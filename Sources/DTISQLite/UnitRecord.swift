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

    /// The columns `init(row:)` reads, in its order: read by position, not looked up by name
    /// for every cell.
    static let selection = """
        SELECT in_force, province_code, province_name, district_code, district_name, commune_code, commune_name, commune_type FROM unit
        """

    /// A row of `selection`.
    init(row: Row) throws {
        inForce = row[0]
        unit = AdministrativeUnit(
            provinceCode: row[1], provinceName: row[2], districtCode: row[3], districtName: row[4],
            communeCode: row[5], communeName: row[6], communeType: row[7])
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
