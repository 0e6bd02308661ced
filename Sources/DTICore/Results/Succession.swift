/// A month's figures expressed in the units of a later register across a reform (contract,
/// “History across the July 2025 reform”): a new commune's figures are the sums of its `full`
/// predecessors', all of which must have reported; with `partial` predecessors as well the
/// value is approximate; with only partial ones there is none.
public struct Succession: Sendable {
    public let table: SuccessionTable
    /// Per new commune, its full and partial predecessors.
    private let predecessors: [String: (full: [String], partial: [String])]

    public init(_ table: SuccessionTable) {
        self.table = table
        var predecessors: [String: (full: [String], partial: [String])] = [:]
        for entry in table.entries {
            switch entry.link {
            case .full: predecessors[entry.newCode, default: ([], [])].full.append(entry.oldCode)
            case .partial: predecessors[entry.newCode, default: ([], [])].partial.append(entry.oldCode)
            }
        }
        self.predecessors = predecessors
    }

    /// The old month's `submissions` (by old code) as submissions of the new communes (by new
    /// code): each the sum of its full predecessors', when all of them reported
    /// (`approximation(of:)` says which sums leave partial predecessors out).
    public func convert(_ submissions: [String: StoredSubmission]) -> [String: StoredSubmission] {
        var converted: [String: StoredSubmission] = [:]
        for (newCode, links) in predecessors where !links.full.isEmpty {
            let reports = links.full.compactMap { submissions[$0] }
            guard reports.count == links.full.count else { continue }
            var values = [Int](repeating: 0, count: Figure.allCases.count)
            for report in reports {
                for index in values.indices { values[index] += report.figures.values[index] }
            }
            let latest = reports.max { ($0.fileName, $0.line) < ($1.fileName, $1.line) }!
            converted[newCode] = StoredSubmission(
                communeCode: newCode, period: latest.period, revision: reports.map(\.revision).max()!, figures: Figures(values: values),
                fileName: latest.fileName, fileSHA256: latest.fileSHA256, line: latest.line)
        }
        return converted
    }

    /// For a new commune summed over its full predecessors while it also has partial ones:
    /// how many predecessors its value covers, and how many it has.
    public func approximation(of newCode: String) -> Approximation? {
        guard let links = predecessors[newCode], !links.partial.isEmpty, !links.full.isEmpty else { return nil }
        return Approximation(predecessorsSummed: links.full.count, predecessors: links.full.count + links.partial.count)
    }
}

/// A value made of some predecessors only (“4 of 6 predecessors”): comparable, not exact.
public struct Approximation: Sendable, Equatable {
    public var predecessorsSummed: Int
    public var predecessors: Int

    public init(predecessorsSummed: Int, predecessors: Int) {
        self.predecessorsSummed = predecessorsSummed
        self.predecessors = predecessors
    }
}
