import HTTPTypes

/// Every code a failure answer of the service carries (`{"error": {"code": …}}`), with the
/// HTTP status it comes with. Clients branch on these, so they are listed once here and in
/// `docs/openapi.json` (the `Failure` schema's enum), and a test holds the two equal.
enum FailureCode: String, CaseIterable, Sendable {
    case bodyTooLarge = "body-too-large"
    case communeKeyReadsNoStatus = "commune-key-reads-no-status"
    case communeOutsideKeyScope = "commune-outside-key-scope"
    case keyMissing = "key-missing"
    case keyRevoked = "key-revoked"
    case keyUnknown = "key-unknown"
    case notCSVText = "not-csv-text"
    case periodInvalid = "period-invalid"
    case provinceOutsideKeyScope = "province-outside-key-scope"
    case provinceUnknown = "province-unknown"
    case rateLimited = "rate-limited"
    case refusedQuotaExceeded = "refused-quota-exceeded"
    case reportMissing = "report-missing"
    case requestTimeout = "request-timeout"
    case reviewInvalid = "review-invalid"
    case reviewNeedsProvinceKey = "review-needs-province-key"
    case reviewRefused = "review-refused"
    case rowsOutsideKeyScope = "rows-outside-key-scope"
    case serviceUnavailable = "service-unavailable"
    case templateUnavailable = "template-unavailable"
    case unitUnknown = "unit-unknown"
    case unsupportedMediaType = "unsupported-media-type"

    /// The status of the answer.
    var status: HTTPResponse.Status {
        switch self {
        case .bodyTooLarge: .contentTooLarge
        case .communeKeyReadsNoStatus, .communeOutsideKeyScope, .provinceOutsideKeyScope, .rowsOutsideKeyScope: .forbidden
        case .keyMissing, .keyRevoked, .keyUnknown: .unauthorized
        case .notCSVText, .unsupportedMediaType: .unsupportedMediaType
        case .periodInvalid, .reviewInvalid: .badRequest
        case .reviewNeedsProvinceKey: .forbidden
        case .reviewRefused: .conflict
        case .unitUnknown: .notFound
        case .provinceUnknown, .reportMissing, .templateUnavailable: .notFound
        case .rateLimited, .refusedQuotaExceeded: .tooManyRequests
        case .requestTimeout: .requestTimeout
        case .serviceUnavailable: .serviceUnavailable
        }
    }
}
