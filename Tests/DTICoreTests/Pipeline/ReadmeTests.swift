import DTICore
import DTISQLite
import Foundation
import Testing

/// The README's walk-through is true: every command of its “A session” block, run in order in
/// a fresh copy of the repository's data, prints what the README shows, line for line.
struct ReadmeTests {
    typealias T = TestData

    struct Step {
        var command: String
        var expected: [String]
    }

    /// The commands (`$ …`) of the first `console` block after `## A session`, each with the
    /// lines the README shows under it.
    static func sessionSteps() throws -> [Step] {
        let readme = try String(contentsOf: T.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## A session").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```console\n").dropFirst().first?.components(separatedBy: "```").first)
        var steps: [Step] = []
        for line in block.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) where !line.isEmpty {
            if line.hasPrefix("$ ") {
                steps.append(Step(command: String(line.dropFirst(2)), expected: []))
            } else {
                steps[steps.count - 1].expected.append(line)
            }
        }
        return steps
    }

    @Test func theSessionTheREADMEShowsIsWhatDtiPrints() throws {
        let steps = try Self.sessionSteps()
        #expect(steps.count >= 3)
        // A fresh working folder with the repository's data and indicators, as after a clone.
        let folder = T.temporaryFolder()
        for item in ["data/registers", "data/sample", "indicators"] {
            let target = folder.appendingPathComponent(item)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: T.packageRoot.appendingPathComponent(item), to: target)
        }
        try T.giveSampleItsArrivalTimes(folder.appendingPathComponent("data/sample"))
        var lastStatus: Int32 = 0
        for step in steps {
            let printed: [String]
            if step.command == "echo $?" {
                printed = ["\(lastStatus)"]
            } else {
                let words = step.command.split(separator: " ").map(String.init)
                #expect(words.first == "dti", "\(step.command)")
                let process = Process()
                process.executableURL = EndToEndTests.binary
                process.arguments = Array(words.dropFirst())
                process.currentDirectoryURL = folder
                // The checkout's defaults, whatever a server installation left in /etc/dti.
                process.environment = ProcessInfo.processInfo.environment.merging(["DTI_CONFIG": "/dev/null"]) { $1 }
                let out = Pipe()
                process.standardOutput = out
                process.standardError = out
                try process.run()
                let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                lastStatus = process.terminationStatus
                printed = text.split(separator: "\n").map(String.init)
            }
            #expect(printed == step.expected, "\(step.command)")
        }
    }
}
