/// Exit statuses of `dti` (BSD sysexits, so cron wrappers and scripts can tell them apart).
public enum ExitStatus: Int32, Sendable {
    /// Everything read was accepted and every requested output written.
    case ok = 0
    /// Bad command line.
    case usage = 64
    /// At least one input file was refused (the others still loaded).
    case dataRefused = 65
    /// A named input, database or register does not exist.
    case noInput = 66
    /// A service dti relies on refused: the system's mail did not take a reminder (the
    /// others were still sent).
    case unavailable = 69
    /// An internal error; please report it.
    case software = 70
    /// An output could not be written (disk full, read-only folder).
    case cannotWrite = 73
    /// The database file is damaged, or its disk failed: restore it from a backup.
    case damaged = 74
    /// Another run holds the lock; try again later.
    case busy = 75
    /// Not permitted: root on a database another user owns (run it as that user).
    case permission = 77
    /// The indicator file or the database is not usable as configured.
    case configuration = 78
}

/// An error that knows which exit status it means; the command line prints it and exits so.
public protocol ExitStatusError: Error, CustomStringConvertible {
    var exitStatus: ExitStatus { get }
    /// The message in both languages (default: the description in both).
    var message: LocalizedText { get }
}

extension ExitStatusError {
    /// What went wrong and what to do, in both languages; the command line prints the
    /// run's language. By default the English description twice.
    public var message: LocalizedText { LocalizedText(vi: description, en: description) }
}
