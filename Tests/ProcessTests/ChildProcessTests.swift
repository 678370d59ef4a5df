import AtelierProcess
import AtelierSystem
import Foundation
import TestSupport
import Testing

/// The guarantees of `ChildProcess.run` through swift-subprocess, each with a child that breaks it
/// when the guarantee is missing.
@Suite("Processus enfants (swift-subprocess)")
struct ChildProcessTests {
    @Test("argv exact (argv[0] compris) et exactement l'environnement donné")
    func argvAndEnvironment() async throws {
        let printed = try await ChildProcess.run(Children.request("/usr/bin/printf", ["[%s]\\n", "a b", "$HOME", "*"]))
        #expect(String(decoding: printed.stdout, as: UTF8.self) == "[a b]\n[$HOME]\n[*]\n")
        #expect(printed.termination == .exited(0))

        let env = try await ChildProcess.run(Children.request("/usr/bin/env", [], environment: ["A=1", "B=deux mots"]))
        #expect(String(decoding: env.stdout, as: UTF8.self) == "A=1\nB=deux mots\n")
    }

    @Test("exécutable absent ou non exécutable : SpawnError avec son errno")
    func spawnFailures() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            _ = try await ChildProcess.run(Children.request(directory.url.appendingPathComponent("absent").path, []))
            Issue.record("un exécutable absent a été lancé")
        } catch {
            #expect(error.code == .notExecutable)
            #expect(error.errno == ENOENT, "\(error.errnoName)")
        }
        try directory.write("plain.txt", "pas un programme\n")
        do {
            _ = try await ChildProcess.run(Children.request(directory.url.appendingPathComponent("plain.txt").path, []))
            Issue.record("un fichier non exécutable a été lancé")
        } catch {
            #expect(error.code == .notExecutable)
            #expect(error.errno == EACCES, "\(error.errnoName)")
        }
    }

    @Test("arrêt : SIGTERM au groupe ; le petit-enfant qui ignore SIGTERM meurt aussi")
    func groupKillReachesAStubbornGrandchild() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // The stand-in's log is a FIFO: its line arrives once the grandchild runs and the
        // stand-in's own SIGTERM disposition is back to default — then we stop it.
        let log = try Fifo(in: directory, name: "log")
        let flag = CancellationFlag()
        let run = Task {
            try await ChildProcess.run(Children.standinRequest("unreachable-hang-orphan", log: log.path, deadline: .seconds(60)),
                                       cancellation: flag)
        }
        let grandchild = try #require(try Children.childPid(inLog: try await log.readAll()), "le stand-in n'a pas lancé son enfant")
        flag.cancel()
        let outcome = try await run.value
        #expect(outcome.cancelled)
        // The stand-in dies of SIGTERM; swift-subprocess's teardown ends there. Its child ignores
        // SIGTERM: only our final SIGKILL to the group, before the reap, ends it.
        #expect(outcome.termination == .signaled(SIGTERM))
        #expect(try ProcessExit.wait(for: grandchild, timeout: .seconds(5)), "le petit-enfant \(grandchild) tourne encore")
        #expect(Children.unreaped([outcome.pid]).isEmpty)
    }

    @Test("échéance : l'enfant qui ne répond pas est arrêté après l'échéance, pas avant")
    func deadline() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fifo = try Fifo(in: directory, name: "gate")
        let started = ContinuousClock.now
        let run = Task { try await ChildProcess.run(Children.request("/bin/cat", [fifo.path], deadline: .milliseconds(500))) }
        let writers = try await Fifo.openWriters([fifo])
        defer { writers.forEach { try? closeDescriptor($0) } }
        let outcome = try await run.value
        let elapsed = ContinuousClock.now - started
        #expect(outcome.timedOut)
        #expect(outcome.termination == .signaled(SIGTERM))
        #expect(elapsed >= .milliseconds(500))
        #expect(elapsed < .seconds(30), "arrêté bien après l'échéance : \(elapsed)")
    }

    @Test("un enfant sorti dont le petit-enfant garde les tubes ne nous bloque pas")
    func pipesHeldByAGrandchild() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = directory.url.appendingPathComponent("log").path
        let started = ContinuousClock.now
        let outcome = try await ChildProcess.run(Children.standinRequest("orphan-holds-pipes", log: log, deadline: .seconds(60)))
        #expect(ContinuousClock.now - started < .seconds(30), "attendu la fin du petit-enfant (300 s)")
        #expect(outcome.termination == .exited(0))
        #expect(!outcome.timedOut)
        #expect(String(decoding: outcome.stdout, as: UTF8.self) == "{\"kind\": \"List\", \"items\": []}\n")
        let grandchild = try #require(try Children.loggedChildPid(log))
        #expect(try ProcessExit.wait(for: grandchild, timeout: .seconds(5)), "le petit-enfant \(grandchild) tourne encore")
    }

    @Test("plafonds : stdout et stderr au-delà de la limite sont signalés, l'enfant est arrêté")
    func outputCaps() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("big", String(repeating: "x", count: 1 << 20))
        let big = directory.url.appendingPathComponent("big").path
        let stdout = try await ChildProcess.run(Children.request("/bin/cat", [big, big, big, big], stdoutLimit: 64 << 10))
        #expect(stdout.overflow == .stdout)
        #expect(stdout.stdout.count == 64 << 10)
        #expect(!stdout.timedOut)

        let missing = (0..<2000).map { directory.url.appendingPathComponent("absent-\($0)").path }
        let stderr = try await ChildProcess.run(Children.request("/bin/cat", missing, stderrLimit: 4096))
        #expect(stderr.overflow == .stderr)
        #expect(stderr.stderr.count == 4096)
        #expect(Children.unreaped([stdout.pid, stderr.pid]).isEmpty)
    }

    @Test("annuler la tâche qui attend arrête l'enfant et le récolte")
    func cancellation() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fifo = try Fifo(in: directory, name: "gate")
        let started = ContinuousClock.now
        let task = Task { try await ChildProcess.run(Children.request("/bin/cat", [fifo.path], deadline: .seconds(60))) }
        let writers = try await Fifo.openWriters([fifo])
        defer { writers.forEach { try? closeDescriptor($0) } }
        // cat is running and waits on the FIFO, which stays open: only the cancellation ends it.
        task.cancel()
        let outcome = try await task.value
        #expect(outcome.cancelled)
        #expect(!outcome.timedOut)
        #expect(outcome.termination == .signaled(SIGTERM))
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(Children.unreaped([outcome.pid]).isEmpty)
    }

    @Test("CancellationFlag.cancel() arrête l'enfant comme l'annulation de la tâche")
    func cancellationFlag() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fifo = try Fifo(in: directory, name: "gate")
        let flag = CancellationFlag()
        let task = Task { try await ChildProcess.run(Children.request("/bin/cat", [fifo.path], deadline: .seconds(60)), cancellation: flag) }
        let writers = try await Fifo.openWriters([fifo])
        defer { writers.forEach { try? closeDescriptor($0) } }
        flag.cancel()
        let outcome = try await task.value
        #expect(outcome.cancelled)
        #expect(outcome.termination == .signaled(SIGTERM))
    }

    @Test("50 enfants à la fois ne font pas 50 threads ; aucun zombie ensuite")
    func fiftyChildrenNoThreadEach() async throws {
        // Counted in a process of its own (this test binary, running only `threadProbe`): in this
        // one, other suites start servers and threads at the same time.
        let binary = CommandLine.arguments[0]
        var environment = ProcessInfo.processInfo.environment
        environment["ATELIER_THREAD_PROBE"] = "1"
        let outcome = try await ChildProcess.run(Children.request(
            binary, ["--testing-library", "swift-testing", "--filter", "threadProbe"],
            environment: environment.map { "\($0.key)=\($0.value)" }, deadline: .seconds(120)))
        let text = String(decoding: outcome.stdout, as: UTF8.self)
        #expect(outcome.termination == .exited(0), "\(text)")
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("THREADS ") }, "\(text)")
        let counts = line.split(separator: " ").dropFirst().compactMap { Int($0) }
        try #require(counts.count == 2)
        print("threads : \(counts[0]) avant, \(counts[1]) avec 50 enfants en cours")
        #expect(counts[1] - counts[0] < 10, "\(counts[1] - counts[0]) threads de plus pour 50 enfants")
    }

    /// Runs only inside the process started by `fiftyChildrenNoThreadEach`.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["ATELIER_THREAD_PROBE"] == "1"))
    func threadProbe() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fifos = try (0..<50).map { try Fifo(in: directory, name: "gate-\($0)") }
        let baseline = Children.threadCount()
        let runs = Task {
            try await withThrowingTaskGroup(of: SpawnOutcome.self) { group in
                for fifo in fifos {
                    group.addTask { try await ChildProcess.run(Children.request("/bin/cat", [fifo.path], deadline: .seconds(60))) }
                }
                return try await group.reduce(into: [SpawnOutcome]()) { $0.append($1) }
            }
        }
        let writers = try await Fifo.openWriters(fifos)
        // All fifty cat processes are running now (each opened its FIFO).
        let during = Children.threadCount()
        for (index, writer) in writers.enumerated() {
            try Fifo.send("enfant \(index)\n", to: writer)
            try closeDescriptor(writer)
        }
        let outcomes = try await runs.value
        print("THREADS \(baseline) \(during)")
        #expect(outcomes.count == 50)
        #expect(outcomes.allSatisfy { $0.termination == .exited(0) && !$0.timedOut })
        #expect(Set(outcomes.map { String(decoding: $0.stdout, as: UTF8.self) }) == Set((0..<50).map { "enfant \($0)\n" }))
        #expect(Children.unreaped(outcomes.map(\.pid)).isEmpty, "zombies : \(Children.unreaped(outcomes.map(\.pid)))")
    }
}
