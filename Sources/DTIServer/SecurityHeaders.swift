import DTICore
import HTTPTypes
import Hummingbird

/// Headers every answer carries so the upload page, where officers paste their key, cannot be
/// framed by another site, run a script it did not ship, or leak its address onwards.
///
/// The upload page's one inline script and the two pages' inline styles are allowed by their SHA-256, not by
/// `unsafe-inline`: an injected script would not match.
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    static var contentSecurityPolicy: String {
        let script = UploadPage.inline("script"), style = UploadPage.inline("style")
        return [
            "default-src 'none'",
            "script-src 'sha256-\(sha256Base64(Array(script.utf8)))'",
            "style-src 'sha256-\(sha256Base64(Array(style.utf8)))' 'sha256-\(sha256Base64(Array(StatusPage.style.utf8)))'",
            "connect-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
        ].joined(separator: "; ")
    }

    let policy = Self.contentSecurityPolicy

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = policy
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        return response
    }
}

extension HTTPField.Name {
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}

extension UploadPage {
    /// The text between `<tag>` and `</tag>` in the page, exactly as the browser hashes it.
    static func inline(_ tag: String) -> String {
        guard let open = html.range(of: "<\(tag)>"), let close = html.range(of: "</\(tag)>", range: open.upperBound..<html.endIndex)
        else { return "" }
        return String(html[open.upperBound..<close.lowerBound])
    }
}
