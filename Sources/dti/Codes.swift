import ArgumentParser
import DTICore
import Foundation

extension DTICommand {
    struct Codes: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every issue code dti can report, with its severity and meaning.",
            discussion: "The table of docs/files.md and docs/openapi.json's list are this command's output; a test keeps them equal.")

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case markdown, json
        }

        @Option(help: "markdown (the table of docs/files.md) or json (the OpenAPI list).")
        var format: Format = .markdown

        @OptionGroup var language: LanguageOption

        func run() throws {
            switch format {
            case .markdown:
                print(IssueCode.markdownTable(language.language), terminator: "")
            case .json:
                let data = try JSONSerialization.data(withJSONObject: IssueCode.allCases.map(\.rawValue))
                print(String(decoding: data, as: UTF8.self))
            }
        }
    }
}
