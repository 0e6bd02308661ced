import ArgumentParser
import DTICore
import Foundation

extension DTICommand {
    struct Codes: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "codes",
            abstract: "List every issue code dti can report, with its severity and meaning; or, with --fields, the form's fields.",
            discussion: "The table of docs/files.md and docs/openapi.json's list are this command's output; a test keeps them equal. --fields lists the columns of the form the indicator file declares (--indicators), with their kinds, bounds and checks.")

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case markdown, json
        }

        @Option(help: "markdown (the table of docs/files.md) or json (the OpenAPI list).")
        var format: Format = .markdown

        @OptionGroup var language: LanguageOption
        @OptionGroup var global: GlobalOptions

        @Flag(help: "List the form's fields and checks (of the indicator file in use) instead of the issue codes.")
        var fields = false

        func run() throws {
            if fields {
                try Console.guarded(language.language) {
                    let form = try global.indicatorSet().form
                    switch format {
                    case .markdown:
                        print(form.markdownTable(language.language), terminator: "")
                    case .json:
                        let encoder = JSONEncoder()
                        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                        let data = try encoder.encode(FormDocument.fields(of: form, in: nil))
                        print(String(decoding: data, as: UTF8.self))
                    }
                    return .ok
                }
                return
            }
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
