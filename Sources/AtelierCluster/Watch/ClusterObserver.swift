import AtelierContent
import Foundation
import Logging

/// Watches the cluster targets of the learners at work and keeps what it sees as their timelines.
///
/// kubectl is still the only client, and kubectl watches one resource type per process. The
/// processes are grouped in *feeds*: one `kubectl get TYPE --watch` per resource type, each
/// preceded by a plain list so a change made while nobody watched is still recorded (as
/// inferred). When every learner has a namespace of their own on one cluster
/// (`"namespace": "atelier-{learner}"`), a single class-wide feed (`--all-namespaces`) serves the
/// whole class and routes each object to the learner whose namespace holds it: six processes for
/// the class instead of six per learner. Otherwise (a shared namespace, a context or kubeconfig
/// per learner) learners with the same target share one feed.
///
/// A watch that ends is restarted with a fresh list; `410 Gone` likewise; failures back off up to
/// 30 s. A learner not seen for `idleAfter` stops being watched (their feed ends when nobody is
/// left in it; the timeline stays on disk) and is watched again on their next request.
///
/// Timeline changes are written through `TimelinePersistence` (fsync'd) at most `writeDelay`
/// after they happen — a burst of events costs one write — and always before the timeline is read,
/// so a verdict computed from it never rests on something a crash could take back. Every
/// change of any watched object also bumps the learner's *revision*, which `changes(key:)` streams
/// to whoever wants to refresh a view only when something happened (the live page).
package actor ClusterObserver {
    /// The resource types watched: the four the timeline records, plus the Services and
    /// Deployments the lesson's checks judge, so a live view changes when they do. Secrets and
    /// ConfigMaps are deliberately not watched: their contents would stream through the server.
    package static let defaultResources = TimelineRecorder.resources + ["services", "deployments"]

    package let runner: KubectlRunner
    private let persistence: any TimelinePersistence
    private let logger: Logger
    private let idleAfter: Duration
    private let now: @Sendable () -> Date
    private let resources: [String]

    /// What one group of watch processes follows: a target, or every namespace of a context.
    private struct FeedKey: Hashable {
        var target: ClusterTarget
        var allNamespaces: Bool

        var description: String { allNamespaces ? "toutes" : target.namespace }
    }

    private struct Feed {
        var task: Task<Void, Never>
        /// learner → the namespace their objects live in.
        var members: [String: String] = [:]
        /// resource → namespace → name → object, as last listed or reported: a learner who joins a
        /// running feed is given their objects without a kubectl call.
        var objects: [String: [String: [String: JSONValue]]] = [:]
    }

    private struct Learner {
        var feed: FeedKey
        var namespace: String
        var lastUse: ContinuousClock.Instant
    }

    private var feeds: [FeedKey: Feed] = [:]
    private var learners: [String: Learner] = [:]
    private var recorders: [String: TimelineRecorder] = [:]
    private var revisions: [String: Int] = [:]
    private var subscribers: [String: [UUID: AsyncStream<Int>.Continuation]] = [:]
    private var sweeper: Task<Void, Never>?
    /// Learners whose timeline changed since it was last written, and the write that will take
    /// them: a burst of watch events (one change of the cluster is several) costs one fsync.
    private var unwritten: Set<String> = []
    private var writer: Task<Void, Never>?
    /// How long a change may wait for its write. Nothing rests on it meanwhile: a timeline is
    /// written before anyone reads it (`timeline(key:)`), so no verdict is ever built on a record
    /// a crash could take back; a crash within this delay only loses observations nobody used.
    static let writeDelay: Duration = .milliseconds(100)

    package init(runner: KubectlRunner, persistence: any TimelinePersistence, logger: Logger,
                 idleAfter: Duration = .seconds(30 * 60), resources: [String] = ClusterObserver.defaultResources,
                 now: @escaping @Sendable () -> Date = Date.init) {
        self.runner = runner
        self.persistence = persistence
        self.logger = logger
        self.idleAfter = idleAfter
        self.resources = resources
        self.now = now
    }

    /// Starts watching `key`'s target, or notes that the learner is still active.
    ///
    /// `classWide`: the target's namespace is the learner's own on a cluster the whole class
    /// shares, so one feed over every namespace serves them all.
    package func observe(key: String, target: ClusterTarget, classWide: Bool = false) {
        let feedKey = classWide
            ? FeedKey(target: ClusterTarget(namespace: "", context: target.context), allNamespaces: true)
            : FeedKey(target: target, allNamespaces: false)
        if let current = learners[key], current.feed == feedKey, current.namespace == target.namespace {
            learners[key]?.lastUse = .now
            return
        }
        if learners[key] != nil { leave(key) }
        loadRecorder(key)
        learners[key] = Learner(feed: feedKey, namespace: target.namespace, lastUse: .now)
        if feeds[feedKey] == nil {
            feeds[feedKey] = Feed(task: startFeed(feedKey))
            logger.info("suivi du cluster", metadata: [
                "namespace": "\(feedKey.description)", "resources": "\(resources.joined(separator: ","))",
            ])
        }
        feeds[feedKey]?.members[key] = target.namespace
        // A feed already running has its lists: the newcomer gets their part of them at once.
        for (resource, byNamespace) in feeds[feedKey]?.objects ?? [:] {
            relist(key, resource, Array((byNamespace[target.namespace] ?? [:]).values))
        }
        logger.info("observation du cluster", metadata: ["learner": "\(key)", "namespace": "\(target.namespace)"])
        startSweeper()
    }

    /// What was seen of `key`'s target so far (from disk when not watched right now).
    package func timeline(key: String) -> Timeline? {
        if unwritten.contains(key) { write(key) }
        loadRecorder(key)
        return recorders[key]?.timeline
    }

    /// How many changes of watched objects were seen for `key` since start-up.
    package func revision(key: String) -> Int { revisions[key] ?? 0 }

    /// `key`'s revision now, then again after each change its watches see (only the newest is
    /// kept if the reader is slower: a reader wants « something changed », not every step).
    /// Ends when the learner is forgotten or the observer shuts down.
    package func changes(key: String) -> AsyncStream<Int> {
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .bufferingNewest(1))
        let id = UUID()
        continuation.yield(revisions[key] ?? 0)
        subscribers[key, default: [:]][id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.unsubscribe(key, id) }
        }
        return stream
    }

    /// Whether `key`'s target is being watched right now.
    package func isWatching(key: String) -> Bool { learners[key] != nil }

    /// How many kubectl watch processes the observer wants running (one per type and feed).
    package var watchProcessCount: Int { feeds.count * resources.count }

    /// Stops watching `key` (the timeline stays on disk).
    package func stop(key: String) {
        guard learners[key] != nil else { return }
        leave(key)
    }

    /// Stops every watch and waits for the processes to be gone.
    package func shutdown() async {
        sweeper?.cancel()
        defer { writeAll() }
        let tasks = feeds.values.map(\.task)
        for key in learners.keys { recordStopped(key) }
        feeds.removeAll()
        learners.removeAll()
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        for continuation in subscribers.values.flatMap(\.values) { continuation.finish() }
        subscribers.removeAll()
    }

    /// Forgets `key` entirely (the learner's data is erased): watches stopped, memory dropped,
    /// change streams ended.
    package func forget(key: String) {
        stop(key: key)
        recorders[key] = nil
        revisions[key] = nil
        unwritten.remove(key)
        for continuation in (subscribers.removeValue(forKey: key) ?? [:]).values { continuation.finish() }
    }

    // MARK: - Membership

    private func leave(_ key: String) {
        guard let learner = learners.removeValue(forKey: key) else { return }
        recordStopped(key)
        feeds[learner.feed]?.members[key] = nil
        if let feed = feeds[learner.feed], feed.members.isEmpty {
            feed.task.cancel()
            feeds[learner.feed] = nil
            logger.info("fin du suivi du cluster", metadata: ["namespace": "\(learner.feed.description)"])
        }
    }

    private func recordStopped(_ key: String) {
        let resources = TimelineRecorder.resources
        record(key) { recorder in
            for resource in resources { recorder.stopped(resource, at: now()) }
        }
    }

    private func unsubscribe(_ key: String, _ id: UUID) {
        subscribers[key]?[id] = nil
        if subscribers[key]?.isEmpty == true { subscribers[key] = nil }
    }

    // MARK: - Watch loops (one per resource type and feed)

    private func startFeed(_ feed: FeedKey) -> Task<Void, Never> {
        let resources = resources
        return Task { [weak self] in
            await withTaskGroup(of: Void.self) { group in
                for resource in resources {
                    group.addTask { await self?.follow(resource, feed: feed) }
                }
            }
        }
    }

    private func follow(_ resource: String, feed: FeedKey) async {
        var backoff: Duration = .milliseconds(500)
        // Said once per kind of failure, not at every retry: a cluster down for an hour must not
        // fill the log with the same line.
        var lastFailure: KubectlError.Code?
        let listArguments = feed.allNamespaces ? ["get", resource, "--all-namespaces", "-o", "json"] : ["get", resource, "-o", "json"]
        while !Task.isCancelled {
            let listed = await runner.run(listArguments, scope: feed.allNamespaces ? .cluster : .target, target: feed.target,
                                          deadline: runner.makeDeadline())
                .flatMap(KubectlRunner.decodeJSON)
            switch listed {
            case .success(let list):
                if lastFailure != nil {
                    logger.info("suivi du cluster rétabli", metadata: ["namespace": "\(feed.description)", "resource": "\(resource)"])
                    lastFailure = nil
                }
                listedObjects(feed, resource, list["items"]?.arrayValue ?? [])
            case .failure(let error):
                if Task.isCancelled { return }
                if error.code != lastFailure {
                    logger.warning("suivi du cluster impossible, nouvel essai", metadata: [
                        "namespace": "\(feed.description)", "resource": "\(resource)", "code": "\(error.code.rawValue)",
                        "retryMs": "\(backoff.milliseconds)",
                    ])
                }
                lastFailure = error.code
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(30))
                continue
            }
            let started = ContinuousClock.now
            let end = await runner.watch(resource, target: feed.target, allNamespaces: feed.allNamespaces) { [weak self] event in
                await self?.apply(feed, resource, event)
            }
            stopped(feed, resource)
            if end == .cancelled || Task.isCancelled { return }
            logger.info("fin d'un suivi, relance", metadata: ["namespace": "\(feed.description)", "resource": "\(resource)", "end": "\(end)"])
            if ContinuousClock.now - started < .seconds(10) {
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(30))
            } else {
                backoff = .milliseconds(500)
            }
        }
    }

    /// A fresh list of `resource` for the whole feed: kept, then handed to each member.
    private func listedObjects(_ feedKey: FeedKey, _ resource: String, _ items: [JSONValue]) {
        guard var feed = feeds[feedKey] else { return }
        var byNamespace: [String: [String: JSONValue]] = [:]
        for object in items {
            guard let name = object.string(at: "metadata", "name") else { continue }
            let namespace = feedKey.allNamespaces ? (object.string(at: "metadata", "namespace") ?? "") : feedKey.target.namespace
            byNamespace[namespace, default: [:]][name] = object
        }
        let previous = feed.objects[resource]
        feed.objects[resource] = byNamespace
        feeds[feedKey] = feed
        for (key, namespace) in feed.members {
            let changed = previous == nil || previous?[namespace] != byNamespace[namespace]
            relist(key, resource, Array((byNamespace[namespace] ?? [:]).values), changed: changed)
        }
    }

    /// `changed`: a relist after a lost watch that finds everything as it was is no news for
    /// the learner's views (their revision stays).
    private func relist(_ key: String, _ resource: String, _ objects: [JSONValue], changed: Bool = true) {
        if TimelineRecorder.resources.contains(resource) {
            record(key) { $0.relist(resource, objects: objects, at: now()) }
        }
        if changed { bump(key) }
    }

    /// One change a feed's watch reported: kept, then handed to the member whose namespace holds it.
    private func apply(_ feedKey: FeedKey, _ resource: String, _ event: WatchEvent) {
        guard var feed = feeds[feedKey], let name = event.object.string(at: "metadata", "name") else { return }
        let namespace = feedKey.allNamespaces ? (event.object.string(at: "metadata", "namespace") ?? "") : feedKey.target.namespace
        switch event.change {
        case .added, .modified:
            // A watch starts by re-announcing what its list just returned: no news.
            guard feed.objects[resource]?[namespace]?[name] != event.object else { return }
            feed.objects[resource, default: [:]][namespace, default: [:]][name] = event.object
        case .deleted:
            feed.objects[resource]?[namespace]?[name] = nil
        case .bookmark, .error:
            return
        }
        feeds[feedKey] = feed
        for (key, memberNamespace) in feed.members where memberNamespace == namespace {
            if TimelineRecorder.resources.contains(resource) {
                record(key) { $0.apply(event, resource: resource, at: now()) }
            }
            bump(key)
        }
    }

    private func stopped(_ feedKey: FeedKey, _ resource: String) {
        guard TimelineRecorder.resources.contains(resource) else { return }
        for key in feeds[feedKey]?.members.keys.map({ $0 }) ?? [] {
            record(key) { $0.stopped(resource, at: now()) }
        }
    }

    private func bump(_ key: String) {
        let revision = (revisions[key] ?? 0) + 1
        revisions[key] = revision
        for continuation in (subscribers[key] ?? [:]).values { continuation.yield(revision) }
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
        unwritten.insert(key)
        guard writer == nil else { return }
        writer = Task { [weak self] in
            try? await Task.sleep(for: Self.writeDelay)
            await self?.writeAll()
        }
    }

    /// Writes every timeline changed since the last write (fsync'd by the persistence).
    private func writeAll() {
        writer = nil
        for key in unwritten { write(key) }
    }

    private func write(_ key: String) {
        unwritten.remove(key)
        guard let recorder = recorders[key] else { return }
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
        for (key, learner) in learners where learner.lastUse < limit {
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
