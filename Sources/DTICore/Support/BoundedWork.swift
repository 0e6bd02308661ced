import Dispatch
import Synchronization

/// Runs jobs on background threads, at most `width` at a time; `submit` waits for a free slot,
/// so a producer never runs far ahead of the writers (memory stays bounded).
///
/// The first error stops further submissions and is thrown by `submit` or `finish`.
final class BoundedWork: Sendable {
    private let slots: DispatchSemaphore
    private let group = DispatchGroup()
    private let failure = Mutex<(any Error)?>(nil)

    init(width: Int) {
        slots = DispatchSemaphore(value: max(1, width))
    }

    func submit(_ job: @escaping @Sendable () throws -> Void) throws {
        try rethrowFailure()
        slots.wait()
        DispatchQueue.global().async(group: group) { [self] in
            defer { slots.signal() }
            do {
                try job()
            } catch {
                failure.withLock { if $0 == nil { $0 = error } }
            }
        }
    }

    /// Waits for every job submitted.
    func finish() throws {
        group.wait()
        try rethrowFailure()
    }

    private func rethrowFailure() throws {
        if let error = failure.withLock({ $0 }) { throw error }
    }
}
