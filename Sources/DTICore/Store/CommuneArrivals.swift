import Foundation

/// What the database knows of one commune's month, for the state of the month and its history.
public struct CommuneArrivals: Sendable {
    /// The earliest accepted arrival, current or not: when its file reached the department,
    /// and its name. Whether the commune reported on time is decided by it.
    public var firstAccepted: (at: Date, file: String)?
    /// The current revision's file: the latest arrival that changed the figures.
    public var lastAccepted: (at: Date, file: String)?
    /// When the latest accepted file reached the department, current or not (a refusal before
    /// it is answered).
    public var latestAccepted: Date?
    /// The last stored of the accepted files, current or not (a return before it is answered).
    public var latestAcceptedFile: Int64?
    /// Accepted arrivals that did not become current, oldest first: when, the file, its line,
    /// and why (`unchanged`: the same figures again; `older`: it arrived before the current ones).
    public var kept: [(at: Date, file: String, line: Int, kind: RowOutcome.Kind)] = []
    /// Refused files whose rows spoke for the commune and month, oldest first: when, name,
    /// errors, the first error, and the file's id (for `issues(ofFile:)`).
    public var refused: [(at: Date, file: String, errors: Int, firstError: LocalizedText?, id: Int64)] = []

    package init() {}

    /// Notes a stored revision; revisions come in revision order, which is arrival order.
    package mutating func addRevision(at: Date, file: String, id: Int64) {
        noteAccepted(at: at, file: file, id: id)
        lastAccepted = (at, file)
    }

    /// Notes an accepted row that was kept, not made current.
    package mutating func addKept(at: Date, file: String, id: Int64, line: Int, reason: String) {
        noteAccepted(at: at, file: file, id: id)
        kept.append((at, file, line, RowOutcome.Kind(rawValue: reason) ?? .older))
    }

    private mutating func noteAccepted(at: Date, file: String, id: Int64) {
        latestAcceptedFile = max(latestAcceptedFile ?? id, id)
        if firstAccepted.map({ at < $0.at }) ?? true { firstAccepted = (at, file) }
        if latestAccepted.map({ at > $0 }) ?? true { latestAccepted = at }
    }
}
