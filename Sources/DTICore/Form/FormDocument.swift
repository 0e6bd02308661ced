/// `GET /api/v1/form`: the form of a month (docs/openapi.json, `Form`).
public struct FormDocument: Encodable, Sendable {
    /// One field as programs read it (`dti codes --fields --format json` lists these).
    public struct Field: Encodable, Sendable {
        var name: String
        var labelVi: String
        var labelEn: String
        var kind: String
        var min: Int?
        var max: Int?
        var required: Bool
        var aggregation: String
        var since: String?

        enum CodingKeys: String, CodingKey {
            case name, labelVi = "label_vi", labelEn = "label_en", kind, min, max, required, aggregation, since
        }
    }

    public struct Check: Encodable, Sendable {
        var id: String
        var rule: String
    }

    var name: String
    var period: String
    var version: String
    var fields: [Field]
    var checks: [Check]

    public init(_ form: Form, period: Period) {
        name = form.name
        self.period = period.description
        version = form.version(for: period)
        fields = Self.fields(of: form, in: period)
        let inForce = Set(fields.map(\.name))
        checks = form.checks.filter { check in (check.parts + [check.total]).allSatisfy(inForce.contains) }
            .map { Check(id: $0.id, rule: $0.rule) }
    }

    /// The fields of `form` in force for `period` (every field when nil), as documents.
    public static func fields(of form: Form, in period: Period?) -> [Field] {
        form.fields.filter { field in period.map(field.isInForce) ?? true }.map { field in
            let numeric = field.kind == .count || field.kind == .score
            return Field(name: field.name, labelVi: field.label.vi, labelEn: field.label.en, kind: field.kind.rawValue,
                         min: numeric ? field.minimum : nil, max: numeric ? field.maximum : nil, required: field.isRequired,
                         aggregation: field.aggregation.rawValue, since: field.since?.description)
        }
    }
}
