import DTICore
import DTITestSupport
import DTISQLite
import Foundation
import Testing

/// What the README and the pages of `docs/` show is true: the README's walk-through, run in
/// order in a fresh copy of the repository's data, prints what the README shows, line for
/// line; so do the sessions of `docs/` marked as replayed (`…` standing for lines left out);
/// every `dti` command they show is one `dti --help` knows, with options it takes; every
/// relative link leads to a file.
struct DocumentationTests {
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
        return steps(block.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    }

    /// The commands (`$ …`) of a console block, each with the lines shown under it.
    static func steps(_ lines: [String]) -> [Step] {
        var steps: [Step] = []
        for line in lines where !line.isEmpty {
            if line.hasPrefix("$ ") {
                steps.append(Step(command: String(line.dropFirst(2)), expected: []))
            } else if !steps.isEmpty {
                steps[steps.count - 1].expected.append(line)
            }
        }
        return steps
    }

    /// Runs `steps` in order in a fresh folder: what each printed (`echo $?`: the status of
    /// the command before).
    static func replay(_ steps: [Step]) throws -> [(step: Step, printed: [String])] {
        let folder = try freshFolder()
        var lastStatus: Int32 = 0
        return try steps.map { step in
            if step.command == "echo $?" { return (step, ["\(lastStatus)"]) }
            let result = try run(step.command, in: folder)
            lastStatus = result.status
            return (step, result.lines)
        }
    }

    @Test func theSessionTheREADMEShowsIsWhatDtiPrints() throws {
        let steps = try Self.sessionSteps()
        #expect(steps.count >= 3)
        for (step, printed) in try Self.replay(steps) {
            #expect(printed == step.expected, "\(step.command)")
        }
    }

    /// A fresh working folder with the repository's data and indicators, as after a clone,
    /// the sample files carrying their arrival times.
    static func freshFolder() throws -> URL {
        let folder = T.temporaryFolder()
        for item in ["data/registers", "data/sample", "indicators"] {
            let target = folder.appendingPathComponent(item)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: T.packageRoot.appendingPathComponent(item), to: target)
        }
        try T.giveSampleItsArrivalTimes(folder.appendingPathComponent("data/sample"))
        return folder
    }

    /// Runs a `dti …` command line as a shell would split it in `folder`; its status and its
    /// output, stdout and stderr together.
    static func run(_ command: String, in folder: URL) throws -> (status: Int32, lines: [String]) {
        // Words as a shell splits them: on spaces, a "quoted text" one word.
        var words: [String] = [], word = "", quoted = false
        for character in command {
            if character == "\"" { quoted.toggle() } else if character == " " && !quoted {
                if !word.isEmpty { words.append(word) }
                word = ""
            } else { word.append(character) }
        }
        if !word.isEmpty { words.append(word) }
        #expect(words.first == "dti", "\(command)")
        let output = folder.appendingPathComponent(".output-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        let process = Process()
        process.executableURL = EndToEndTests.binary
        process.arguments = Array(words.dropFirst())
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(["DTI_CONFIG": "/dev/null"]) { $1 }
        // One file for both streams, as a terminal shows them: no pipe to fill, no order lost.
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let text = try String(contentsOf: output, encoding: .utf8)
        try FileManager.default.removeItem(at: output)
        return (process.terminationStatus, text.split(separator: "\n").map(String.init))
    }

    /// Whether `printed` is what `expected` shows: line for line, where a line `…` stands for
    /// any number of lines and a line ending in ` …` for any line that starts so.
    static func shows(_ expected: [String], _ printed: [String]) -> Bool {
        guard let first = expected.first else { return printed.isEmpty }
        if first == "…" {
            let rest = Array(expected.dropFirst())
            return (0...printed.count).contains { shows(rest, Array(printed.dropFirst($0))) }
        }
        // A line ending in “ …” shows the start of one (the rest: a time, a name that varies).
        let matches = first.hasSuffix(" …") ? printed.first?.hasPrefix(String(first.dropLast(2))) ?? false : printed.first == first
        return matches && shows(Array(expected.dropFirst()), Array(printed.dropFirst()))
    }

    /// The markdown files users read: the README and every page of `docs/`.
    static func pages() throws -> [URL] {
        let docs = T.packageRoot.appendingPathComponent("docs")
        let names = try FileManager.default.contentsOfDirectory(atPath: docs.path).filter { $0.hasSuffix(".md") }.sorted()
        return [T.packageRoot.appendingPathComponent("README.md")] + names.map { docs.appendingPathComponent($0) }
    }

    /// The code blocks of a markdown text: their info string, their lines, and whether the
    /// line before the opening fence marks them as replayed.
    static func codeBlocks(_ text: String) -> [(info: String, lines: [String], replayed: Bool)] {
        var blocks: [(info: String, lines: [String], replayed: Bool)] = []
        var current: (info: String, lines: [String], replayed: Bool)?
        var previous = ""
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("```") {
                if let block = current {
                    blocks.append(block)
                    current = nil
                } else {
                    current = (String(line.dropFirst(3)), [], previous == "<!-- replayed by DocumentationTests -->")
                }
            } else if current != nil {
                current!.lines.append(line)
            }
            previous = line
        }
        return blocks
    }

    @Test func theSessionsOfTheDocsAreWhatDtiPrints() throws {
        var replayed = 0
        for page in try Self.pages() where page.lastPathComponent != "README.md" {
            let text = try String(contentsOf: page, encoding: .utf8)
            for block in Self.codeBlocks(text) where block.replayed {
                #expect(block.info == "console", "\(page.lastPathComponent): a replayed block is a console block")
                replayed += 1
                for (step, printed) in try Self.replay(Self.steps(block.lines)) {
                    let printed = printed.filter { !$0.isEmpty }
                    let expected = step.expected.filter { !$0.isEmpty }
                    #expect(Self.shows(expected, printed), "\(page.lastPathComponent): \(step.command)\nprinted:\n\(printed.joined(separator: "\n"))")
                }
            }
        }
        #expect(replayed >= 2, "the Vietnamese guide's and the status page's sessions are replayed")
    }

    /// Each `dti` command a page shows (in a code block: `$ dti …` in a console block, a line
    /// starting with `dti ` elsewhere) names commands dti has and options they take.
    @Test func everyCommandShownIsOneDtiKnows() throws {
        var helps: [String: (status: Int32, text: String)] = [:]
        func help(_ chain: [String]) throws -> (status: Int32, text: String) {
            let key = chain.joined(separator: " ")
            if let known = helps[key] { return known }
            let result = try EndToEndTests.run(EndToEndTests.binary, chain + ["--help"])
            helps[key] = (result.status, result.stdout + result.stderr)
            return helps[key]!
        }
        /// The commands `dti <chain> --help` lists under SUBCOMMANDS.
        func subcommands(of chain: [String]) throws -> Set<String> {
            let text = try help(chain).text
            guard let section = text.components(separatedBy: "SUBCOMMANDS:").dropFirst().first else { return [] }
            return Set(section.split(separator: "\n").compactMap { line in
                line.hasPrefix("  ") && !line.hasPrefix("   ") ? line.split(separator: " ").first.map(String.init) : nil
            })
        }
        var checked = 0
        for page in try Self.pages() {
            let text = try String(contentsOf: page, encoding: .utf8)
            for block in Self.codeBlocks(text) {
                for raw in block.lines {
                    var line = raw.hasPrefix("$ ") ? String(raw.dropFirst(2)) : (block.info == "console" ? "" : raw)
                    if line.hasPrefix("sudo ") { line.removeFirst(5) }
                    guard line.hasPrefix("dti ") else { continue }
                    if let comment = line.range(of: "  #") { line = String(line[..<comment.lowerBound]) }
                    let words = line.split(separator: " ").map(String.init).dropFirst()
                    var chain: [String] = []
                    for word in words {
                        guard !word.hasPrefix("-"), try subcommands(of: chain).contains(word) else { break }
                        chain.append(word)
                    }
                    if let first = words.first, !first.hasPrefix("-"), !first.hasPrefix("<"), !first.hasPrefix("["), chain.isEmpty {
                        Issue.record("\(page.lastPathComponent): “\(raw)”: dti has no command “\(first)”")
                        continue
                    }
                    // The synopsis of every command (`dti [--db …] <command>`): the options
                    // every command takes, as `run` lists them.
                    let usage = try help(line.contains("<command>") ? ["run"] : chain)
                    #expect(usage.status == 0, "\(page.lastPathComponent): dti \(chain.joined(separator: " ")) --help")
                    for match in line.matches(of: /--[a-z][a-z0-9-]*/) where !usage.text.contains(String(match.output)) {
                        Issue.record("\(page.lastPathComponent): “\(raw)”: dti \(chain.joined(separator: " ")) takes no \(match.output)")
                    }
                    checked += 1
                }
            }
        }
        #expect(checked >= 40)
    }

    /// Every relative link and image of the README and of `docs/` leads to a file.
    @Test func everyRelativeLinkLeadsToAFile() throws {
        for page in try Self.pages() {
            let text = try String(contentsOf: page, encoding: .utf8)
            let targets = text.matches(of: /\]\(([^)\s#]+)(#[^)\s]*)?\)/).map { String($0.output.1) }
                + text.matches(of: /src="([^"]+)"/).map { String($0.output.1) }
            for target in targets where !target.contains("://") && !target.hasPrefix("mailto:") {
                let resolved = page.deletingLastPathComponent().appendingPathComponent(target).standardizedFileURL
                #expect(FileManager.default.fileExists(atPath: resolved.path), "\(page.lastPathComponent) links to \(target), which does not exist")
            }
        }
    }
}
