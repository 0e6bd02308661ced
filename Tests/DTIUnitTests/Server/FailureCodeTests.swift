@testable import DTIServer
import DTITestSupport
import Foundation
import Testing

/// The codes of failure answers are one list, in the source (`FailureCode`) and in the
/// contract clients read (`docs/openapi.json`).
struct FailureCodeTests {
    static func openAPI() throws -> [String: Any] {
        let data = try Data(contentsOf: TestData.packageRoot.appendingPathComponent("docs/openapi.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func theFailureSchemaListsEveryCodeTheServerSends() throws {
        let document = try Self.openAPI()
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let failure = try #require(schemas["Failure"] as? [String: Any])
        let error = try #require((failure["properties"] as? [String: Any])?["error"] as? [String: Any])
        let code = try #require((error["properties"] as? [String: Any])?["code"] as? [String: Any])
        let documented = try #require(code["enum"] as? [String])
        #expect(documented.sorted() == FailureCode.allCases.map(\.rawValue).sorted())
    }

    /// Each code is named in the description of a response of its own status, so a client
    /// reading one answer learns which codes it may carry.
    @Test func everyCodeIsDescribedUnderItsStatus() throws {
        let paths = try #require(try Self.openAPI()["paths"] as? [String: [String: Any]])
        var described: [String: Set<Int>] = [:]
        for operations in paths.values {
            for case let operation as [String: Any] in operations.values {
                for (status, response) in operation["responses"] as? [String: [String: Any]] ?? [:] {
                    let text = response["description"] as? String ?? ""
                    for match in text.matches(of: /`([a-z]+(?:-[a-z]+)+)`/) {
                        described[String(match.output.1), default: []].insert(Int(status) ?? 0)
                    }
                }
            }
        }
        for code in FailureCode.allCases {
            #expect(described[code.rawValue]?.contains(code.status.code) == true,
                    "\(code.rawValue) is not described under \(code.status.code) in docs/openapi.json")
        }
    }

    /// The server's source sends codes only through the enum: no code as a bare string.
    @Test func theServerNamesNoCodeOutsideTheEnum() throws {
        let folder = TestData.packageRoot.appendingPathComponent("Sources/DTIServer")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".swift") {
            guard name != "FailureCode.swift" else { continue }
            let source = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for code in FailureCode.allCases {
                #expect(!source.contains("\"\(code.rawValue)\""), "\(name) spells \(code.rawValue) as a string")
            }
        }
    }
}
