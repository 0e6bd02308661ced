import GRDB

/// A row of `submission`: one revision of one commune's figures for one period.
struct SubmissionRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "submission"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id: Int64?
    var fileId: Int64
    var line: Int
    var communeCode: String
    var period: String
    var revision: Int
    var villagesTotal: Int
    var villagesMobileBroadband: Int
    var villagesFibre: Int
    var btsStations: Int
    var householdsTotal: Int
    var householdsFibre: Int
    var adultPopulation: Int
    var adultsSmartphone: Int
    var servicesTotal: Int
    var servicesOnlinePartial: Int
    var servicesOnlineFull: Int
    var dossiersTotal: Int
    var dossiersOnline: Int
    var communeName: String?
    var notes: String?

    init(fileId: Int64, revision: Int, row: SubmissionRow) {
        let figures = row.figures
        id = nil
        self.fileId = fileId
        line = row.line
        communeCode = row.communeCode
        period = row.period.description
        self.revision = revision
        villagesTotal = figures[.villagesTotal]
        villagesMobileBroadband = figures[.villagesMobileBroadband]
        villagesFibre = figures[.villagesFibre]
        btsStations = figures[.btsStations]
        householdsTotal = figures[.householdsTotal]
        householdsFibre = figures[.householdsFibre]
        adultPopulation = figures[.adultPopulation]
        adultsSmartphone = figures[.adultsSmartphone]
        servicesTotal = figures[.servicesTotal]
        servicesOnlinePartial = figures[.servicesOnlinePartial]
        servicesOnlineFull = figures[.servicesOnlineFull]
        dossiersTotal = figures[.dossiersTotal]
        dossiersOnline = figures[.dossiersOnline]
        communeName = row.communeName
        notes = row.notes
    }

    var figures: Figures {
        Figures([
            .villagesTotal: villagesTotal, .villagesMobileBroadband: villagesMobileBroadband,
            .villagesFibre: villagesFibre, .btsStations: btsStations, .householdsTotal: householdsTotal,
            .householdsFibre: householdsFibre, .adultPopulation: adultPopulation,
            .adultsSmartphone: adultsSmartphone, .servicesTotal: servicesTotal,
            .servicesOnlinePartial: servicesOnlinePartial, .servicesOnlineFull: servicesOnlineFull,
            .dossiersTotal: dossiersTotal, .dossiersOnline: dossiersOnline,
        ])
    }

    /// True when a new row says exactly what this revision says (so it is not a new revision).
    func says(_ row: SubmissionRow) -> Bool {
        figures == row.figures && communeName == row.communeName && notes == row.notes
    }
}
