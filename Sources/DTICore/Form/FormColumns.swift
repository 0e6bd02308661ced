import Synchronization

/// The columns of a file under one form, and every heading each answers to, folded once.
///
/// Built with the form (a handful per run), so looking a heading up costs a dictionary probe:
/// most headings are written exactly as the template has them.
final class FormColumns: Sendable {
    /// Every column, in template order: code, period, the fields, name, notes.
    let all: [SubmissionColumn]
    /// By `SubmissionColumn.ordinal`: the headings a column answers to (canonical name, label,
    /// aliases) and whether a file must have it.
    private let names: [[String]]
    private let required: [Bool]
    private let byHeaderKey: [String: SubmissionColumn]
    /// Every name of every column, folded once, when the first unknown heading asks for a
    /// suggestion (folding them cost every run some 7 million instructions; most runs meet no
    /// unknown heading): (column, key, words).
    private let folded = Mutex<[Candidate]?>(nil)
    private typealias Candidate = (column: SubmissionColumn, key: [Unicode.Scalar], words: Set<String>)

    /// One past the largest ordinal: the size of a table indexed by it.
    var ordinalCount: Int { names.count }

    init(fields: [FormField]) {
        let fieldColumns = fields.enumerated().map { index, field -> SubmissionColumn in
            field.figure.map(SubmissionColumn.figure)
                ?? .extra(.init(index: index, name: field.name, label: field.label.vi))
        }
        all = [.communeCode, .period] + fieldColumns + [.communeName, .notes]
        var names = [[String]](repeating: [], count: 4 + fields.count)
        var required = [Bool](repeating: false, count: 4 + fields.count)
        for column in all {
            let field = column.fieldIndex.map { fields[$0] }
            names[column.ordinal] = [column.canonicalName, field?.label.vi ?? column.vietnameseLabel]
                + (field?.aliases ?? column.fixedAliases)
            // A field that comes in later is required of its months only (checked by row).
            required[column.ordinal] = field.map { $0.isRequired && $0.since == nil }
                ?? (column == .communeCode || column == .period)
        }
        self.names = names
        self.required = required
        var keys: [String: SubmissionColumn] = [:]
        for column in all {
            for name in names[column.ordinal] {
                keys[name] = column
                keys[SubmissionColumn.headerKey(name)] = column
            }
        }
        byHeaderKey = keys
    }

    private var candidates: [Candidate] {
        folded.withLock { folded in
            if let folded { return folded }
            let made = all.flatMap { column in
                names[column.ordinal].map {
                    (column, Array(SubmissionColumn.headerKey($0).unicodeScalars), Set(SubmissionColumn.words($0)))
                }
            }
            folded = made
            return made
        }
    }

    /// The columns every file must have.
    var requiredColumns: [SubmissionColumn] { all.filter { required[$0.ordinal] } }

    /// The column a header cell names: any of its headings, any case, surrounding spaces
    /// ignored, Vietnamese compared in NFC so decomposed (NFD) headers match too.
    func column(header: String) -> SubmissionColumn? {
        // No heading of any column is this long: not worth folding.
        guard header.utf8.count <= 160 else { return nil }
        // Most headers are written exactly as the template has them: skip normalising those.
        if let column = byHeaderKey[header] { return column }
        return byHeaderKey[SubmissionColumn.headerKey(header)]
    }

    /// The column an unknown heading most likely meant, when one is close: its words are
    /// nearly all words of the column's label or name (`so_ho_cap_quang` → households_fibre),
    /// or it is one or two letters from one (`villages_fibr`). Headings over 80 characters
    /// are not headings anyone typed: no suggestion.
    func suggestion(for heading: String) -> SubmissionColumn? {
        guard heading.unicodeScalars.count <= 80 else { return nil }
        let given = Set(SubmissionColumn.words(heading))
        let key = Array(SubmissionColumn.headerKey(heading).unicodeScalars)
        guard !given.isEmpty else { return nil }
        var best: (score: Double, column: SubmissionColumn)?
        for candidate in candidates {
            let common = Double(given.intersection(candidate.words).count)
            let containment = common / Double(given.count)
            let jaccard = common / Double(given.union(candidate.words).count)
            let typo = abs(key.count - candidate.key.count) <= 2 && SubmissionColumn.editDistance(key, candidate.key) <= 2
            guard typo || (common >= 2 && containment >= 0.75) else { continue }
            let score = typo ? 2 : containment + jaccard
            if best == nil || score > best!.score { best = (score, candidate.column) }
        }
        return best?.column
    }
}
