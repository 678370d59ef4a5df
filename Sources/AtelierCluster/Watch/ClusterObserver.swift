import AtelierContent
import Foundation
import Logging

/// Watches the cluster targets of the learners at work and keeps what it sees as their timelines.
///
/// kubectl is still the only client: per observed target, one `kubectl get TYPE --watch` process
/// per resource type (kubectl watches one type per process), each preceded by a plain list so a
/// change made while nobody watched is still recorded (as inferred). A watch that ends is
/// restarted with a fresh list; `410 Gone` likewise; failures back off up to 30 s. A learner not
/// seen for `idleAfter` stops being watched (the processes end, the timeline stays on disk) and is
/// watched again on their next request.
///
/// Every change is written through `TimelinePersistence` before the actor moves on, so a verdict
/// computed from the timeline never rests on something a crash could take back.
package actor ClusterObserver {
    package let runner: KubectlRunner
    private let persistence: any TimelinePersistence
    private let logger: Logger
    private let idleAfter: Duration
    private let now: @Sendable () -> Date

    private struct Watched {
        var target: ClusterTarget
        var task: Task<Void, Never>
        var lastUse: ContinuousClock.Instant
    }

    private var watched: [String: Watched] = [:]
    private var recorders: [String: TimelineRecorder] = [:]
    private var sweeper: Task<Void, Never>?
    private var changeCounts: [String: Int] = [:]

    package init(runner: KubectlRunner, persistence: any TimelinePersistence, logger: Logger,
                 idleAfter: Duration = .seconds(30 * 60), now: @escaping @Sendable () -> Date = Date.init) {
        self.runner = runner
        self.persistence = persistence
        self.logger = logger
        self.idleAfter = idleAfter
        self.now = now
    }

    /// Starts watching `key`'s target, or notes that the learner is still active.
    package func observe(key: String, target: ClusterTarget) {
        if let current = watched[key], current.target == target {
            watched[key]?.lastUse = .now
            return
        }
        watched[key]?.task.cancel()
        loadRecorder(key)
        let task = Task { [weak self] in
            await withTaskGroup(of: Void.self) { group in
                for resource in TimelineRecorder.resources {
                    group.addTask { await self?.follow(resource, key: key, target: target) }
                }
            }
        }
        watched[key] = Watched(target: target, task: task, lastUse: .now)
        logger.info("observation du cluster", metadata: ["learner": "\(key)", "namespace": "\(target.namespace)"])
        startSweeper()
    }

    /// What was seen of `key`'s target so far (from disk when not watched right now).
    package func timeline(key: String) -> Timeline? {
        loadRecorder(key)
        return recorders[key]?.timeline
    }

    /// How many changes were recorded for `key` since start-up: a cheap « something happened »
    /// for whoever polls (the live panel).
    package func changeCount(key: String) -> Int { changeCounts[key] ?? 0 }

    /// Whether `key`'s target is being watched right now.
    package func isWatching(key: String) -> Bool { watched[key] != nil }

    /// Stops watching `key` (the timeline stays on disk).
    package func stop(key: String) {
        watched.removeValue(forKey: key)?.task.cancel()
    }

    /// Stops every watch and waits for the processes to be gone.
    package func shutdown() async {
        sweeper?.cancel()
        let tasks = watched.values.map(\.task)
        watched.removeAll()
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    /// Forgets `key` entirely (the learner's data is erased): watches stopped, memory dropped.
    package func forget(key: String) {
        stop(key: key)
        recorders[key] = nil
        changeCounts[key] = nil
    }

    // MARK: - Watch loops (one per resource type and target)

    private func follow(_ resource: String, key: String, target: ClusterTarget) async {
        var backoff: Duration = .milliseconds(500)
        while !Task.isCancelled {
            let listed = await runner.run(["get", resource, "-o", "json"], scope: .target, target: target, deadline: runner.makeDeadline())
                .flatMap(KubectlRunner.decodeJSON)
            switch listed {
            case .success(let list):
                relist(key, resource, list["items"]?.arrayValue ?? [])
            case .failure(let error):
                if Task.isCancelled { return }
                logger.info("liste impossible, nouvel essai", metadata: [
                    "learner": "\(key)", "resource": "\(resource)", "code": "\(error.code.rawValue)", "retryMs": "\(backoff.milliseconds)",
                ])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(30))
                continue
            }
            let started = ContinuousClock.now
            let end = await runner.watch(resource, target: target) { [weak self] event in
                await self?.apply(key, resource, event)
            }
            stopped(key, resource)
            if end == .cancelled || Task.isCancelled { return }
            logger.info("fin d'un suivi, relance", metadata: ["learner": "\(key)", "resource": "\(resource)", "end": "\(end)"])
            if ContinuousClock.now - started < .seconds(10) {
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(30))
            } else {
                backoff = .milliseconds(500)
            }
        }
    }

    private func relist(_ key: String, _ resource: String, _ objects: [JSONValue]) {
        guard watched[key] != nil else { return }
        record(key) { $0.relist(resource, objects: objects, at: now()) }
    }

    private func apply(_ key: String, _ resource: String, _ event: WatchEvent) {
        guard watched[key] != nil else { return }
        record(key) { $0.apply(event, resource: resource, at: now()) }
    }

    private func stopped(_ key: String, _ resource: String) {
        record(key) { $0.stopped(resource, at: now()) }
    }

    /// Applies a change to `key`'s recorder and makes it durable when the timeline changed.
    private func record(_ key: String, _ change: (inout TimelineRecorder) -> Void) {
        loadRecorder(key)
        guard var recorder = recorders[key] else { return }
        let before = recorder.timeline.entries.count
        let beforeLast = recorder.timeline.entries.last
        change(&recorder)
        recorders[key] = recorder
        guard recorder.timeline.entries.count != before || recorder.timeline.entries.last != beforeLast else { return }
        changeCounts[key, default: 0] += 1
        do {
            try persistence.saveTimeline(try JSONEncoder().encode(recorder).bytes, key: key)
        } catch {
            logger.error("chronologie non enregistrée", metadata: ["learner": "\(key)", "error": "\(error)"])
        }
    }

    private func loadRecorder(_ key: String) {
        guard recorders[key] == nil else { return }
        do {
            if let bytes = try persistence.loadTimeline(key: key) {
                recorders[key] = try JSONDecoder().decode(TimelineRecorder.self, from: Data(bytes))
                return
            }
        } catch {
            logger.error("chronologie illisible : nouvelle chronologie", metadata: ["learner": "\(key)", "error": "\(error)"])
        }
        recorders[key] = TimelineRecorder()
    }

    // MARK: - Idle learners

    private func startSweeper() {
        guard sweeper == nil else { return }
        let period = min(idleAfter, .seconds(60))
        sweeper = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: period)
                await self?.sweep()
            }
        }
    }

    private func sweep() {
        let limit = ContinuousClock.now - idleAfter
        for (key, entry) in watched where entry.lastUse < limit {
            logger.info("apprenant inactif : fin de l'observation", metadata: ["learner": "\(key)"])
            stop(key: key)
        }
    }
}

private extension Data {
    var bytes: [UInt8] { [UInt8](self) }
}

private extension Duration {
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
