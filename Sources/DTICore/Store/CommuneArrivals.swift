import Foundation

/// What the database knows of one commune's month, for the state of the month.
public struct CommuneArrivals: Sendable {
    /// The first accepted revision: when its file reached the department, and its name.
    public var firstAccepted: (at: Date, file: String)?
    /// The current revision's file.
    public var lastAccepted: (at: Date, file: String)?
    /// Refused files whose rows spoke for the commune and month, oldest first: when, name,
    /// errors, the first error, and the file's id (for `issues(ofFile:)`).
    public var refused: [(at: Date, file: String, errors: Int, firstError: LocalizedText?, id: Int64)] = []

    package init() {}
}
