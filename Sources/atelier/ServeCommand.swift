import ArgumentParser
import AtelierApp
import Dispatch
import Foundation
import Logging

/// `atelier serve`: loads the config and the lessons, serves until SIGINT/SIGTERM, then stops gracefully.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the lessons, the browser app and the REST API.",
        discussion: """
            Settings come from the JSON file given by --config (see README.md, "Configuration"); \
            ATELIER_HOST, ATELIER_PORT and ATELIER_TRAINER_TOKEN override it, and --host/--port override both.
            Stop with Ctrl-C or SIGTERM: in-flight requests finish (bounded by shutdownGraceSeconds).
            """)

    @Option(name: .long, help: "Path to config.json.")
    var config: String = "config.json"

    @Option(name: .long, help: "Address to listen on (IPv4, IPv6 or localhost).")
    var host: String?

    @Option(name: .long, help: "Port to listen on (0 picks a free port).")
    var port: Int?

    func run() async throws {
        var settings: AppConfig
        do {
            settings = try AppConfig.load(from: URL(fileURLWithPath: config))
            try settings.applyCommandLine(host: host, port: port)
        } catch {
            FileHandle.standardError.write(Data("atelier: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let logLevel = Logger.Level(rawValue: settings.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
        let logger = Logger(label: "atelier")
        // Before any server thread exists, so that a signal during start-up is not lost either.
        do {
            try SignalWaiter.install()
        } catch {
            logger.critical("cannot install the SIGINT/SIGTERM handlers: \(error)")
            throw ExitCode(1)
        }
        // Start-up can be long (thousands of progress files) or stuck on a broken file system: a
        // SIGTERM or Ctrl-C during it ends the process there rather than after a start-up that may
        // never end. Nothing is half-written: start-up only reads, and moves files aside atomically.
        let phase = StartupPhase()
        let termination = Task.detached {
            await SignalWaiter.waitForTermination()
            if phase.interruptStartup() {
                logger.notice("stopped during start-up")
                Foundation.exit(0)
            }
        }
        logger.notice("starting", metadata: ["config": "\(config)"])
        // Test hook (ATELIER_TEST_STARTUP_GATE, a named pipe): start-up waits here until someone
        // opens the pipe for writing — a start-up that cannot finish, on demand, to prove that
        // SIGTERM still stops it. Never set in production.
        if let gate = ProcessInfo.processInfo.environment["ATELIER_TEST_STARTUP_GATE"], !gate.isEmpty {
            let descriptor = open(gate, O_RDONLY | O_CLOEXEC)
            if descriptor >= 0 { close(descriptor) }
        }
        let application: Application
        do {
            application = try await buildApplication(config: settings, logger: logger, bufferedAccessLog: true)
            try application.start()
        } catch {
            // The signal itself can make start-up fail (a blocked open or read interrupted): that
            // is the stop that was asked for, not a failure.
            if SignalWaiter.terminationRequested, phase.interruptStartup() {
                logger.notice("stopped during start-up")
                Foundation.exit(0)
            }
            logger.critical("cannot start: \(error)")
            throw ExitCode(1)
        }
        phase.finishStartup()
        logger.notice("listening", metadata: ["url": "http://\(settings.host):\(application.port)/"])
        await termination.value
        logger.notice("shutting down")
        await application.shutdown()
        logger.notice("stopped")
    }
}

/// Whether a termination signal arrived while the server was still starting.
final class StartupPhase: @unchecked Sendable {  // `starting` is guarded by `lock`.
    private let lock = NSLock()
    private var starting = true

    /// True (and start-up is abandoned) if start-up has not finished.
    func interruptStartup() -> Bool { lock.withLock { starting } }

    func finishStartup() { lock.withLock { starting = false } }
}
