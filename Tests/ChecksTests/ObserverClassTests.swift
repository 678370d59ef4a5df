import Foundation
import Testing
import TestSupport
@testable import AtelierCluster
@testable import AtelierContent

/// The class-wide feed: learners who each have a namespace on one cluster are watched by one
/// `kubectl get TYPE --watch --all-namespaces` per type for the whole class, each object routed to
/// the learner whose namespace holds it. Played on the stand-in's class mode
/// (KUBECTL_STANDIN_CLASS: a state file per namespace).
@Suite("Observation : une classe, un suivi par type", .serialized)
struct ObserverClassTests {
    /// Timelines kept in memory, as the store keeps them on disk.
    final class MemoryTimelines: TimelinePersistence, @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [String: [UInt8]] = [:]
        func loadTimeline(key: String) throws -> [UInt8]? { lock.withLock { stored[key] } }
        func saveTimeline(_ bytes: [UInt8], key: String) throws { lock.withLock { stored[key] = bytes } }
        /// What is written for `key`, decoded.
        func timeline(_ key: String) -> Timeline? {
            lock.withLock { stored[key] }.flatMap { try? JSONDecoder().decode(TimelineRecorder.self, from: Data($0)).timeline }
        }
    }

    struct Classroom {
        let standin: Standin
        let room: URL
        let observer: ClusterObserver
        let timelines = MemoryTimelines()

        init(namespaces: [String]) async throws {
            standin = try Standin(scenario: "empty")
            room = standin.directory.appendingPathComponent("class")
            try FileManager.default.createDirectory(at: room, withIntermediateDirectories: true)
            for namespace in namespaces { try Data("sts-ready\n".utf8).write(to: room.appendingPathComponent(namespace)) }
            let settings = try standin.settings()
            let runner = KubectlRunner(settings: settings, environment: standin.environment(extra: ["KUBECTL_STANDIN_CLASS": room.path]),
                                       logger: Standin.quietLogger, limits: .init(terminationGrace: .milliseconds(300)))
            observer = ClusterObserver(runner: runner, persistence: timelines, logger: Standin.quietLogger,
                                       resources: TimelineRecorder.resources)
        }

        /// Moves one namespace of the class to its next state (its watches replay it).
        func append(_ scenario: String, to namespace: String) throws {
            let handle = try FileHandle(forWritingTo: room.appendingPathComponent(namespace))
            defer { try? handle.close() }
            handle.seekToEndOfFile()
            handle.write(Data((scenario + "\n").utf8))
        }

        /// The stand-in's log lines of watches that have read their state.
        func watchesReady() -> Int {
            ((try? String(contentsOfFile: standin.logPath, encoding: .utf8)) ?? "").components(separatedBy: "\"watchingFrom\"").count - 1
        }

        func deletions(_ key: String) async -> [String] {
            (await observer.timeline(key: key)?.entries ?? []).filter { $0.kind == .podDeleted }.compactMap(\.object)
        }
    }

    /// Reads `key`'s change stream until `condition` holds (each change is the signal to look
    /// again); false after a generous deadline.
    static func waitForChange(_ observer: ClusterObserver, _ key: String, seconds: Double = 60,
                              until condition: @escaping @Sendable () async -> Bool) async -> Bool {
        let changes = await observer.changes(key: key)
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await _ in changes where await condition() { return true }
                return false
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))  // the deadline, not a synchronisation
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    @Test("deux apprenants, un seul suivi par type, chaque changement chez son apprenant")
    func oneFeedForTheClass() async throws {
        let a = "atelier-aaaaaaaaaaaa", b = "atelier-bbbbbbbbbbbb"
        let classroom = try await Classroom(namespaces: [a, b])
        let observer = classroom.observer
        await observer.observe(key: "a", target: ClusterTarget(namespace: a), classWide: true)
        await observer.observe(key: "b", target: ClusterTarget(namespace: b), classWide: true)
        #expect(await observer.watchProcessCount == 4)
        #expect(await FileWatch.waitUntil(in: classroom.standin.directory) { classroom.watchesReady() >= 4 })
        // (a watch logs its start, then once more when it has read its state: counted by pid)
        let watches = classroom.standin.invocations().filter { $0.argv.contains("--watch") }
        #expect(Set(watches.map(\.pid)).count == 4, "\(watches.map(\.argv))")
        #expect(watches.allSatisfy { $0.argv.contains("--all-namespaces") && !$0.argv.contains("-n") && !$0.argv.contains("--namespace") })
        // Both learners got their own pods from the class-wide lists (one per type).
        for key in ["a", "b"] {
            #expect(await Self.waitForChange(observer, key) {
                let entries = await observer.timeline(key: key)?.entries ?? []
                return Set(entries.filter { $0.kind == .watchStarted }.compactMap(\.object)).count == 4
                    && entries.contains { $0.kind == .podCreated && $0.object == "postgres-2" }
            })
        }
        // The watches re-announce what the lists returned: no change for anyone.
        let revisionOfA = await observer.revision(key: "a")

        // b scales down to 1: only b's timeline and b's change stream move.
        try classroom.append("scale-1-a", to: b)
        try classroom.append("scale-1-b", to: b)
        #expect(await Self.waitForChange(observer, "b") { await classroom.deletions("b").count == 2 })
        #expect(await classroom.deletions("b") == ["postgres-2", "postgres-1"])
        // Writes are grouped, but a timeline is on disk before anyone reads it: what a verdict sees
        // is what a crash would leave.
        let read = await observer.timeline(key: "b")
        #expect(read != nil && classroom.timelines.timeline("b") == read)
        #expect(await classroom.deletions("a").isEmpty)
        #expect(await observer.revision(key: "a") == revisionOfA)
        await observer.shutdown()
    }

    @Test("un apprenant qui arrive pendant le suivi : ses objets sans nouveau kubectl")
    func joiningARunningFeedSpawnsNothing() async throws {
        let a = "atelier-aaaaaaaaaaaa", c = "atelier-cccccccccccc"
        let classroom = try await Classroom(namespaces: [a, c])
        let observer = classroom.observer
        await observer.observe(key: "a", target: ClusterTarget(namespace: a), classWide: true)
        #expect(await FileWatch.waitUntil(in: classroom.standin.directory) { classroom.watchesReady() >= 4 })
        let spawned = classroom.standin.invocations().count
        await observer.observe(key: "c", target: ClusterTarget(namespace: c), classWide: true)
        let timeline = await observer.timeline(key: "c")
        #expect(timeline?.entries.contains { $0.kind == .podCreated && $0.object == "postgres-0" } == true)
        #expect(await observer.watchProcessCount == 4)
        #expect(classroom.standin.invocations().count == spawned)
        // The last learner leaving ends the feed; the change streams end with the observer.
        await observer.stop(key: "a")
        #expect(await observer.watchProcessCount == 4)
        await observer.stop(key: "c")
        #expect(await observer.watchProcessCount == 0)
        let changes = await observer.changes(key: "c")
        await observer.shutdown()
        var seen = 0
        for await _ in changes { seen += 1 }
        #expect(seen == 1)  // the current revision, then the end
    }

    @Test("hors mode classe : les apprenants d'une même cible partagent un suivi")
    func sharedTargetSharesAFeed() async throws {
        let classroom = try await Classroom(namespaces: [])
        try classroom.standin.setScenario("sts-ready")
        let observer = classroom.observer
        let target = ClusterTarget(namespace: classroom.standin.namespace)
        await observer.observe(key: "a", target: target)
        await observer.observe(key: "b", target: target)
        #expect(await observer.watchProcessCount == 4)
        #expect(await FileWatch.waitUntil(in: classroom.standin.directory) { classroom.watchesReady() >= 4 })
        #expect(Set(classroom.standin.invocations().filter { $0.argv.contains("--watch") }.map(\.pid)).count == 4)
        #expect(await Self.waitForChange(observer, "b") {
            (await observer.timeline(key: "b")?.entries ?? []).contains { $0.kind == .podCreated && $0.object == "postgres-2" }
        })
        await observer.shutdown()
    }
}
