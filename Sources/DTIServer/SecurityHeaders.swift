import DTICore
import HTTPTypes
import Hummingbird

/// Headers every answer carries so the upload page, where officers paste their key, cannot be
/// framed by another site, run a script it did not ship, or leak its address onwards.
///
/// The two pages' inline scripts and styles are allowed by their SHA-256, not by
/// `unsafe-inline`: an injected script would not match.
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    /// The policy for an upload page `page` (its script holds the form's labels).
    static func contentSecurityPolicy(page: String) -> String {
        let script = UploadPage.inline("script", in: page), style = UploadPage.inline("style", in: page)
        return [
            "default-src 'none'",
            "script-src 'sha256-\(sha256Base64(Array(script.utf8)))' 'sha256-\(sha256Base64(Array(StatusPage.script.utf8)))'",
            "style-src 'sha256-\(sha256Base64(Array(style.utf8)))' 'sha256-\(sha256Base64(Array(StatusPage.style.utf8)))'",
            "connect-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
        ].joined(separator: "; ")
    }

    let policy: String

    init(page: String) {
        policy = Self.contentSecurityPolicy(page: page)
    }

    /// The methods the service answers; any other (TRACE, PUT, …) gets 405 on every path.
    static var allowed: Set<HTTPRequest.Method> { [.get, .head, .post] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        if !Self.allowed.contains(request.method) {
            response = Response(status: .methodNotAllowed, headers: [.allow: "GET, HEAD, POST"])
        } else {
            do {
                response = try await next(request, context)
            } catch let error as any HTTPResponseError {
                // A path no route answers (404) and the router's other errors carry the
                // headers too: every answer does.
                response = try error.response(from: request, context: context)
            }
        }
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
    static func inline(_ tag: String, in html: String) -> String {
        guard let open = html.range(of: "<\(tag)>"), let close = html.range(of: "</\(tag)>", range: open.upperBound..<html.endIndex)
        else { return "" }
        return String(html[open.upperBound..<close.lowerBound])
    }
}
