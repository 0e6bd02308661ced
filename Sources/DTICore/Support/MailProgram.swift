import Foundation

/// The system's mail, through the `sendmail` interface that msmtp, exim and postfix all
/// provide: the message on standard input, the recipients as arguments, success as exit 0.
/// `dti` never speaks SMTP itself; the server's own mail set-up (relay, credentials, queue)
/// is the administrator's.
public struct MailProgram: Sendable {
    public var path: String
    /// Work on one message stops after this long (a relay that does not answer).
    public var timeout: TimeInterval

    public static let defaultPath = "/usr/sbin/sendmail"

    public init(path: String = MailProgram.defaultPath, timeout: TimeInterval = 60) {
        self.path = path
        self.timeout = timeout
    }

    /// Why a message was not handed over: the program's exit status (nil when it could not be
    /// started or was stopped) and what it said.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var status: Int32?
        public var reason: String
        public var description: String { status.map { "exit \($0): \(reason)" } ?? reason }
    }

    /// Hands `message` to the program for `recipients` (envelope sender `from`, when given).
    public func send(_ message: [UInt8], from: String?, to recipients: [String]) -> Result<Void, Failure> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        // -i: a line holding only "." does not end the message; "--": no address is an option.
        process.arguments = ["-i"] + (from.map { ["-f", $0] } ?? []) + ["--"] + recipients
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            return .failure(Failure(status: nil, reason: "cannot run \(path): \((error as NSError).localizedDescription)"))
        }
        let stopped = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: stopped)
        defer { stopped.cancel() }
        // A reminder is a few KB: it fits the pipe, so writing cannot wait on the program's output.
        try? input.fileHandleForWriting.write(contentsOf: Data(message))
        try? input.fileHandleForWriting.close()
        let said = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let words = String(decoding: said, as: UTF8.self).split(whereSeparator: \.isNewline).joined(separator: " ")
        if process.terminationReason == .uncaughtSignal {
            let signal = process.terminationStatus
            return .failure(Failure(status: nil, reason: signal == SIGTERM
                ? "\(path) did not finish within \(Int(timeout)) s and was stopped" : "\(path) was killed by signal \(signal)"))
        }
        guard process.terminationStatus == 0 else {
            return .failure(Failure(status: process.terminationStatus,
                                    reason: words.isEmpty ? "\(path) refused the message" : String(words.prefix(300))))
        }
        return .success(())
    }
}
