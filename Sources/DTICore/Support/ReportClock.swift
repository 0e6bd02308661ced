import Foundation

/// The time a report says it was made. `SOURCE_DATE_EPOCH` (seconds since 1970, the
/// reproducible-builds convention) fixes it, so that two runs on the same data give
/// byte-identical reports; otherwise it is now.
public enum ReportClock {
    public static var now: Date {
        ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init).map(Date.init(timeIntervalSince1970:))
            ?? Date()
    }
}
