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
    /// An internal error; please report it.
    case software = 70
    /// An output could not be written (disk full, read-only folder).
    case cannotWrite = 73
    /// Another run holds the lock; try again later.
    case busy = 75
    /// The indicator file or the database is not usable as configured.
    case configuration = 78
}

/// An error that knows which exit status it means; the command line prints it and exits so.
public protocol ExitStatusError: Error, CustomStringConvertible {
    var exitStatus: ExitStatus { get }
}

extension IndicatorFile.Problems: ExitStatusError {
    public var exitStatus: ExitStatus { .configuration }
}

extension DTIStore.OpenError: ExitStatusError {
    public var exitStatus: ExitStatus {
        if case .missing = self { .noInput } else { .configuration }
    }
}

extension RunLock.Busy: ExitStatusError {
    public var exitStatus: ExitStatus { .busy }
}

extension RunLock.Unusable: ExitStatusError {
    public var exitStatus: ExitStatus { .cannotWrite }
}

extension Ingestor.MissingInput: ExitStatusError {
    public var exitStatus: ExitStatus { .noInput }
}

extension Pipeline.NoRegister: ExitStatusError {
    public var exitStatus: ExitStatus { .noInput }
}

extension ResultsBuilder.BuildError: ExitStatusError {
    public var exitStatus: ExitStatus { .noInput }
}

extension XLSXError: ExitStatusError {
    public var exitStatus: ExitStatus { .cannotWrite }
}
