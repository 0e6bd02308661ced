import ArgumentParser
import DTICore
import DTIServer
import Foundation
import Logging
import Synchronization

extension DTICommand {
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Receive communes' monthly files over HTTP, with an upload page at / and the department's status page at /status.",
            discussion: """
                Uploads are validated and stored exactly as `dti ingest` does; each needs a key from \
                `dti keys issue`. The department's page at /status shows, with a province key or an \
                administrator key (`dti keys issue --admin`), every commune's status for a month. Runs until SIGINT or SIGTERM, finishing the requests in flight. \
                A `dti run` from cron may run at the same time. One line per request goes to stderr. The HTTP \
                interface is described by openapi.json (installed with the docs: /usr/share/doc/dti/docs or \
                PREFIX/share/doc/dti/docs). It refuses to start on a database it cannot write (exit 73).
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var language: LanguageOption

        @Option(help: "The address to listen on; 0.0.0.0 for every interface (put TLS in front).")
        var host = "127.0.0.1"

        @Option(help: "The port; 0 picks a free one, printed at start.")
        var port = 8080

        @Option(help: "The largest upload in KiB; larger ones get 413.")
        var maxUploadKib = 5 * 1024

        @Option(help: "Seconds a request may take to send its file, and a connection may stay idle.")
        var requestTimeout = 30

        @Option(help: "Requests per key and minute before 429; 0 turns the limit off.")
        var requestsPerMinute = 30

        @Option(help: "The latest period accepted (YYYY-MM); default: the current month at each upload.")
        var period: Period?

        @Option(help: "The reports folder the status page offers downloads from (default: $DTI_REPORTS, the config file, else reports).")
        var reports: String?

        @Option(help: "KiB of refused files one key may leave in the database in 24 hours; past it a refused upload gets 429 and is not stored.")
        var refusedKibPerDay = UploadDesk.defaultRefusedBytesPerDay >> 10

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
            guard maxUploadKib > 0, requestTimeout > 0, requestsPerMinute >= 0, refusedKibPerDay > 0 else {
                throw ValidationError("--max-upload-kib, --request-timeout and --refused-kib-per-day must be positive, --requests-per-minute 0 or more")
            }
        }

        func run() throws {
            try Console.guarded(language.language) {
                let location = try global.databasePath
                if !DatabaseLocation.isServer(location), FileManager.default.fileExists(atPath: location) {
                    try DatabaseAccess.requireWritable(location)  // not 503 to every upload
                }
                let store = try global.openStore()
                try store.quickCheck()  // refuse to start on a damaged file
                let directory = try store.unitDirectory()
                guard !directory.isEmpty else { throw Pipeline.NoRegister() }
                var settings = ServerSettings()
                settings.host = host
                settings.port = port
                settings.maximumUploadBytes = maxUploadKib * 1024
                settings.requestTimeout = .seconds(requestTimeout)
                settings.requestsPerMinute = requestsPerMinute
                settings.refusedBytesPerDay = refusedKibPerDay << 10
                settings.latestPeriod = period
                let indicatorSet = try global.indicatorSet()
                settings.deadlineDay = indicatorSet.deadlineDay
                settings.carryForwardMonths = indicatorSet.carryForwardMonths
                settings.form = indicatorSet.form
                settings.reportsFolder = try global.locations(reports: reports)[.reports]
                settings.publicURL = try global.locations().publicURL
                let server = try UploadServer(store: store, directory: directory, settings: settings)
                LoggingSystem.bootstrap(StreamLogHandler.standardError)
                var logger = Logger(label: "dti.serve")
                logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
                let limit = requestsPerMinute == 0 ? "no rate limit" : "\(requestsPerMinute) requests per key and minute"
                let serverLogger = logger
                try Self.waiting {
                    try await server.run(logger: serverLogger) { address in
                        // Unbuffered: a supervisor or test waits for this line on a pipe.
                        FileHandle.standardOutput.write(Data(
                            "dti serve: listening on \(address) (uploads up to \(maxUploadKib) KiB, \(limit))\n".utf8))
                    }
                }
                return .ok
            }
        }

        /// Runs `operation` to its end on the concurrency pool while this (main) thread waits.
        static func waiting(_ operation: @escaping @Sendable () async throws -> Void) throws {
            let outcome = Mutex<Result<Void, any Error>?>(nil)
            let finished = DispatchSemaphore(value: 0)
            Task.detached {
                let result = await Result(catching: operation)
                outcome.withLock { $0 = result }
                finished.signal()
            }
            finished.wait()
            try outcome.withLock { $0! }.get()
        }
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
