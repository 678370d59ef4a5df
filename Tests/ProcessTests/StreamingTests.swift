import AtelierProcess
import AtelierSystem
import Foundation
import TestSupport
import Testing

/// `ChildProcess.stream`: what the next round's `kubectl get pods --watch` watcher builds on.
@Suite("Processus longs en flux")
struct StreamingTests {
    private func request(_ path: String, _ arguments: [String]) -> StreamRequest {
        StreamRequest(executablePath: path, arguments: [path] + arguments, environment: [], terminationGrace: .milliseconds(300))
    }

    @Test("lignes de stdout au fil de l'eau, statut de sortie à la fin")
    func lines() async throws {
        let outcome = try await ChildProcess.stream(request("/usr/bin/printf", ["a\\nbb\\n\\nccc"])) { child in
            var lines: [String] = []
            for try await line in child.lines(maxLength: 16) { lines.append(String(decoding: line, as: UTF8.self)) }
            return lines
        }
        #expect(outcome.result == ["a", "bb", "", "ccc"])
        #expect(outcome.termination == .exited(0))
        #expect(!outcome.stopped)
    }

    @Test("une ligne au-delà du plafond lève LineTooLong")
    func lineCap() async throws {
        do {
            _ = try await ChildProcess.stream(request("/usr/bin/printf", ["court\\n" + String(repeating: "x", count: 200) + "\\n"])) { child in
                var count = 0
                for try await _ in child.lines(maxLength: 64) { count += 1 }
                return count
            }
            Issue.record("une ligne de 200 octets acceptée avec un plafond de 64")
        } catch let error as LineTooLong {
            #expect(error.limit == 64)
        }
    }

    @Test("stop() : SIGTERM au groupe, la suite se termine, l'enfant est récolté")
    func stop() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fifo = try Fifo(in: directory, name: "events")
        let writer = Task { () throws -> Int32 in
            let descriptor = try await Fifo.openWriters([fifo])[0]
            try Fifo.send("{\"type\":\"ADDED\"}\n{\"type\":\"MODIFIED\"}\n", to: descriptor)
            return descriptor
        }
        let outcome = try await ChildProcess.stream(request("/bin/cat", [fifo.path])) { child in
            var lines: [String] = []
            for try await line in child.lines(maxLength: 1024) {
                lines.append(String(decoding: line, as: UTF8.self))
                // The FIFO stays open: cat would run forever; the watcher decides to stop.
                if lines.count == 2 { child.stop() }
            }
            return lines
        }
        try closeDescriptor(try await writer.value)
        #expect(outcome.result == ["{\"type\":\"ADDED\"}", "{\"type\":\"MODIFIED\"}"])
        #expect(outcome.stopped)
        #expect(outcome.termination == .signaled(SIGTERM))
        #expect(Children.unreaped([outcome.pid]).isEmpty)
    }

    @Test("quitter le corps avant la fin de la sortie arrête l'enfant")
    func leavingTheBodyStopsTheChild() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fifo = try Fifo(in: directory, name: "events")
        let writer = Task { () throws -> Int32 in
            let descriptor = try await Fifo.openWriters([fifo])[0]
            try Fifo.send("premier\n", to: descriptor)
            return descriptor
        }
        let outcome = try await ChildProcess.stream(request("/bin/cat", [fifo.path])) { child in
            for try await line in child.lines(maxLength: 1024) { return String(decoding: line, as: UTF8.self) }
            return ""
        }
        try closeDescriptor(try await writer.value)
        #expect(outcome.result == "premier")
        #expect(outcome.stopped)
        #expect(outcome.termination == .signaled(SIGTERM))
    }
}
