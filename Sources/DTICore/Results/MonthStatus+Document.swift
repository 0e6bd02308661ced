import Foundation

extension MonthStatus {
    /// The state of the month as JSON: what `dti status --format json` prints and what
    /// `GET /api/v1/provinces/{code}/status` answers (with that one province). Times are ISO 8601
    /// in UTC; rates are fractions (0.92, not 92).
    public struct Document: Encodable, Sendable {
        public struct Message: Encodable, Sendable {
            var vi: String
            var en: String
        }

        public struct Commune: Encodable, Sendable {
            var code: String
            var name: String
            var status: String
            var receivedAt: String?
            var file: String?
            var errors: Int?
            var firstError: Message?
            var imputedFrom: String?
            var returned: Review?
            var afterClosing: AfterClosing?
        }

        /// A department's action: why (a return), by whom, when.
        public struct Review: Encodable, Sendable {
            var reason: String?
            var by: String
            var at: String
        }

        /// A file accepted after the month was closed, which does not count yet.
        public struct AfterClosing: Encodable, Sendable {
            var receivedAt: String
            var file: String
            var changesFigures: Bool
        }

        public struct Province: Encodable, Sendable {
            var code: String
            var name: String
            var expected: Int
            var accepted: Int
            var onTime: Int
            var reportingRate: Double
            var timelinessRate: Double
            var closed: Review?
            var pendingChanges: Int?
            var communes: [Commune]
        }

        var period: String
        var deadline: String
        var register: String
        var provinces: [Province]
    }

    /// The document of the given provinces (all when nil).
    public func document(provinces wanted: Set<String>? = nil) -> Document {
        let iso = ISO8601DateFormatter()
        return Document(
            period: period.description, deadline: iso.string(from: deadline), register: registerVersion,
            provinces: provinces.filter { wanted?.contains($0.code) ?? true }.map { province in
                Document.Province(
                    code: province.code, name: province.name, expected: province.expected, accepted: province.accepted,
                    onTime: province.onTime, reportingRate: province.reportingRate, timelinessRate: province.timelinessRate,
                    closed: province.closing.map { Document.Review(reason: nil, by: $0.author, at: iso.string(from: $0.at)) },
                    pendingChanges: province.closing == nil ? nil : province.pendingChanges,
                    communes: province.communes.map { commune in
                        let refused = commune.kind == .refusedWaiting
                        return Document.Commune(
                            code: commune.unit.communeCode, name: commune.unit.fullName, status: commune.kind.rawValue,
                            receivedAt: commune.lastFile.map { iso.string(from: $0.at) }, file: commune.lastFile?.name,
                            errors: refused ? commune.errors : nil,
                            firstError: refused ? commune.firstError.map { Document.Message(vi: $0.vi, en: $0.en) } : nil,
                            imputedFrom: commune.imputedFrom?.description,
                            returned: commune.returned.map { Document.Review(reason: $0.reason, by: $0.author, at: iso.string(from: $0.at)) },
                            afterClosing: commune.afterClosing.map {
                                Document.AfterClosing(receivedAt: iso.string(from: $0.at), file: $0.file, changesFigures: $0.changes)
                            })
                    })
            })
    }

    /// The document as JSON text: keys sorted, indented, absent values left out.
    public static func json(_ document: Document) -> String { prettyJSON(document) }

    /// Any value as the JSON `dti` prints: keys sorted, indented, slashes as they are.
    public static func prettyJSON(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self) + "\n"
    }
}
