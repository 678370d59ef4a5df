import AtelierChecks
import AtelierCluster
import AtelierContent
import AtelierHTTP
import AtelierLessons
import AtelierProgress
import Foundation
import Logging

/// What handlers share: loaded once at start-up, immutable or internally synchronized.
public struct AppServices: Sendable {
    public let config: AppConfig
    public let catalog: LessonCatalog
    public let staticFiles: StaticFiles
    public let metrics: HTTPMetrics
    public let logger: Logger
    public let store: any ProgressStore
    public let engine: CheckEngine
    /// Watches the targets of the learners at work; nil when `cluster.observeIdleMinutes` is 0.
    let observer: ClusterObserver?
    public let cluster: ClusterSettings
    public let thresholds: StuckThresholds
    /// The trainer token in force (configured, or generated at start-up).
    let trainerToken: String
    /// True when `trainerToken` was generated: it is then printed once, with the dashboard URL.
    let trainerTokenGenerated: Bool
    /// Every step's checks, compiled at start-up, keyed `lesson/step`: what the engine runs.
    let checks: [String: StepChecks]
    /// Lesson outlines for the progress rules, built once.
    let outlines: [String: LessonOutline]
    /// The clock of recorded times; tests inject their own.
    let now: @Sendable () -> Date
    /// Encoded step and solution bodies.
    let stepCache = StepResponseCache()
    /// `GET /api/progress` rows, kept per learner revision.
    let classProgress = ClassProgressRenderer()
    /// Check clicks in flight, so that repeated clicks of one learner count once.
    let checkClicks = CheckClicks()
    /// Live streams open now (per-learner cap, metrics).
    let liveStreams = LiveStreams()
    /// Per-address throttles of failed authentications and registrations, and the origin check.
    let guards: RequestGuard
    /// Learners' uploaded kubeconfigs: opened when `cluster.learnerKubeconfig` is on or the folder
    /// exists (so that an erasure removes a file kept from a time the feature was on).
    let kubeconfigFiles: KubeconfigFiles?
    /// The observer's timelines: opened when observation is on or the folder exists (same reason).
    let timelineFiles: TimelineFiles?
    /// Test hook (`ATELIER_TEST_KILL_DURING_ERASURE` in the environment): the erasure step after
    /// which the process kills itself with SIGKILL, to prove each crash point leaves all or nothing.
    let erasureKillPoint: String?
    /// `kubeconfigFiles` when `cluster.learnerKubeconfig` is on, nil otherwise.
    var kubeconfigs: KubeconfigFiles? { cluster.learnerKubeconfig ? kubeconfigFiles : nil }

    static func make(config: AppConfig, logger: Logger, environment: [String: String],
                     now: @escaping @Sendable () -> Date) async throws -> AppServices {
        // A token set in code (tests, embedding) is held to the same strength rule as config.json's.
        if let token = config.trainerToken, let weakness = AppConfig.tokenWeakness(token) {
            throw ConfigError(.invalidValue, key: "trainerToken", "is too weak: \(weakness)")
        }
        let catalog = try LessonCatalog.load(from: config.contentDir)
        var checks: [String: StepChecks] = [:]
        for lesson in catalog.lessons {
            for step in lesson.steps {
                do throws(CheckSpecError) {
                    checks[lesson.id + "/" + step.id] = try StepChecks(step.checks, step: step.id)
                } catch {
                    throw LessonLoadError(.invalidChecks, file: "\(lesson.folder)/checks.json", "\(error)")
                }
            }
        }
        let staticFiles: StaticFiles
        do {
            staticFiles = try StaticFiles(directory: config.publicDir,
                                          aliases: ["/": "index.html", "/trainer": "trainer.html",
                                                    "/donnees-personnelles": "donnees-personnelles.html"])
        } catch {
            throw StartupError(.publicDirectory, "public directory \(config.publicDir.path) is unreadable: \(error.localizedDescription)")
        }
        // Settings built in code (tests) are validated by the same rules as config.json's.
        let cluster = config.cluster
        do throws(ClusterSettingsError) { try cluster.validate() } catch {
            throw ConfigError(error)
        }
        let store: FileProgressStore
        do {
            store = try await FileProgressStore(directory: config.dataDir, logger: logger)
        } catch {
            throw StartupError(.dataDirectory, "data directory \(config.dataDir.path) is unusable: \(error)")
        }
        // Opened when the feature is on, or when a folder left from a time it was on exists (an erasure
        // must remove those files too); a server that never used them keeps its data folder as it was.
        func exists(_ folder: String) -> Bool {
            FileManager.default.fileExists(atPath: config.dataDir.appendingPathComponent(folder).path)
        }
        var timelines: TimelineFiles?
        var kubeconfigs: KubeconfigFiles?
        do {
            if cluster.observeIdleMinutes > 0 || exists("timelines") {
                timelines = try TimelineFiles(dataDirectory: config.dataDir)
            }
            if cluster.learnerKubeconfig || exists("kubeconfigs") {
                kubeconfigs = try KubeconfigFiles(dataDirectory: config.dataDir)
            }
        } catch {
            throw StartupError(.dataDirectory, "data directory \(config.dataDir.path) (timelines, kubeconfigs) is unusable: \(error)")
        }
        var observer: ClusterObserver?
        if cluster.observeIdleMinutes > 0, let timelines {
            observer = ClusterObserver(runner: KubectlRunner(settings: cluster, environment: environment, logger: logger),
                                       persistence: TimelineStorage(files: timelines), logger: logger,
                                       idleAfter: .seconds(cluster.observeIdleMinutes * 60), now: now)
        }
        let outlines = Dictionary(uniqueKeysWithValues: catalog.lessons.map { lesson in
            (lesson.id, LessonOutline(id: lesson.id, steps: lesson.steps.map {
                OutlineStep(id: $0.id, title: $0.title, checkable: $0.isCheckable)
            }))
        })
        logger.info("lessons loaded", metadata: [
            "lessons": "\(catalog.lessons.map(\.id).joined(separator: ","))",
            "steps": "\(catalog.lessons.map(\.steps.count).reduce(0, +))",
            "publicFiles": "\(staticFiles.fileCount)",
        ])
        let services = AppServices(config: config, catalog: catalog, staticFiles: staticFiles, metrics: HTTPMetrics(), logger: logger,
                           store: store, engine: CheckEngine(settings: cluster, logger: logger, environment: environment,
                                                               snapshotReuse: .milliseconds(Int(config.live.snapshotReuseSeconds * 1000))),
                           observer: observer, cluster: cluster,
                           thresholds: StuckThresholds(failedAttemptsInARow: config.stuck.failedAttemptsInARow,
                                                       minutesOnStep: config.stuck.minutesOnStep),
                           trainerToken: config.trainerToken ?? TrainerToken.generate(),
                           trainerTokenGenerated: config.trainerToken == nil,
                           checks: checks, outlines: outlines, now: now,
                           guards: RequestGuard(limits: config.rateLimits, host: config.host, port: config.port, logger: logger),
                           kubeconfigFiles: kubeconfigs, timelineFiles: timelines,
                           erasureKillPoint: environment["ATELIER_TEST_KILL_DURING_ERASURE"])
        let clicks = services.checkClicks
        services.metrics.registerGauge("atelier_check_clicks_joined") { Double(clicks.waiting) }
        let live = services.liveStreams
        services.metrics.registerGauge("atelier_live_streams") { Double(live.total) }
        services.metrics.registerGauge("atelier_live_refreshes") { Double(live.refreshes) }
        return services
    }

    func lesson(_ id: String) throws -> Lesson {
        guard let lesson = catalog.lesson(id) else {
            throw HTTPError.notFound("lesson_not_found", "Leçon « \(AppServices.clip(id)) » introuvable.")
        }
        return lesson
    }

    func step(_ id: String, in lesson: Lesson) throws -> LessonStep {
        guard let step = lesson.step(id) else {
            throw HTTPError.notFound("step_not_found", "Étape « \(AppServices.clip(id)) » introuvable dans la leçon « \(lesson.id) ».")
        }
        return step
    }

    /// The compiled checks of a step (none for a step without checks).
    func checks(of step: LessonStep, in lesson: Lesson) throws -> StepChecks {
        if let compiled = checks[lesson.id + "/" + step.id] { return compiled }
        return try StepChecks([], step: step.id)
    }

    /// Starts (or keeps) watching the learner's target: from the start of a lesson, a step view or
    /// a check on, what happens in their namespace is recorded.
    func observe(_ learnerID: String) async {
        guard let observer, let target = try? target(for: learnerID) else { return }
        // A learner with a target of their own (their own context or kubeconfig) is watched on
        // that target alone; learners who each have a namespace on one cluster share one feed.
        await observer.observe(key: learnerID, target: target,
                               classWide: cluster.watchesClassWide && target.kubeconfig == nil)
    }

    /// Where `learnerID`'s checks, environment indicator and watches run: the configured target, or
    /// the learner's own kubeconfig when they uploaded one (`cluster.learnerKubeconfig`). The one
    /// place a target is resolved for a learner.
    func target(for learnerID: String?) throws(ClusterSettingsError) -> ClusterTarget {
        let own = learnerID.flatMap { kubeconfigs?.path(learnerId: $0) }
        return try cluster.target(learnerId: learnerID, learnerKubeconfig: own)
    }

    /// What Atelier saw of the learner's target, for the order checks.
    func timeline(of learnerID: String) async -> Timeline? {
        await observer?.timeline(key: learnerID)
    }

    func outline(_ lesson: Lesson) -> LessonOutline {
        outlines[lesson.id] ?? LessonOutline(id: lesson.id, steps: [])
    }

    /// Echoes of client input in messages stay short.
    static func clip(_ text: String) -> String {
        text.count > 60 ? String(text.prefix(60)) + "…" : text
    }
}
