import AtelierCluster
import Foundation

/// Every setting of config.json, with defaults; see the README's configuration reference.
public struct AppConfig: Sendable {
    /// The `stuck` section: when the trainer view flags a learner.
    public struct Stuck: Sendable, Equatable {
        public var failedAttemptsInARow: Int = 3
        public var minutesOnStep: Int = 10
        public init() {}
    }

    /// The `rateLimits` section: per client address, a burst then a refill per minute. A class shares
    /// one NAT address, so each default is several times what 200 learners do in a lesson (README).
    public struct RateLimits: Sendable, Equatable {
        /// Wrong learner tokens: a wiped data folder makes each of 200 browsers fail 2 or 3 times.
        public var failedLearnerAuthBurst: Int = 1000
        public var failedLearnerAuthPerMinute: Int = 600
        /// Wrong trainer tokens: one trainer mistyping; a guess per 6 s makes a 20-character token unguessable.
        public var failedTrainerAuthBurst: Int = 30
        public var failedTrainerAuthPerMinute: Int = 10
        /// Learners created: a class of 200 registering at once, twice over.
        public var registrationBurst: Int = 400
        public var registrationsPerMinute: Int = 120
        /// Wrong resume codes (`POST /api/learners/resume`): more than 10 a minute from one address is
        /// guessing, not mistyping (issue 14); with 60-bit codes, guessing is hopeless at this pace.
        public var failedResumeBurst: Int = 10
        public var failedResumePerMinute: Int = 10
        public init() {}
    }

    /// The `live` section: the live page's stream (`GET /api/lessons/{lesson}/live`).
    public struct Live: Sendable, Equatable {
        /// A `: ping` comment when nothing else was sent for this long; also how often an open
        /// stream re-checks its learner's token and keeps their cluster watched.
        public var heartbeatSeconds: Double = 15
        /// Without observation (`cluster.observeIdleMinutes` 0): each open stream refreshes this often.
        public var refreshSeconds: Double = 5
        /// Streams one learner may hold open at once (tabs); beyond, 429.
        public var streamsPerLearner: Int = 6
        /// How long one snapshot of a learner's namespace serves the live panel, the live checks and
        /// « Vérifier » while the observer reports no change for that learner.
        public var snapshotReuseSeconds: Double = 1
        public init() {}
    }

    public var host: String = "127.0.0.1"
    public var port: Int = 8088
    public var threads: Int = max(ProcessInfo.processInfo.activeProcessorCount, 1)
    public var contentDir: URL = URL(fileURLWithPath: "content", isDirectory: true)
    public var publicDir: URL = URL(fileURLWithPath: "public", isDirectory: true)
    public var dataDir: URL = URL(fileURLWithPath: "data", isDirectory: true)
    public var trainerToken: String?
    public var maxBodyBytes: Int = 65_536
    public var connectionTimeoutSeconds: Int = 30
    /// Seconds a connection may stay silent before its first complete request head.
    public var requestHeadTimeoutSeconds: Int = 10
    public var connectionLimit: Int = 2000
    /// 200 learners behind one NAT × 6 connections (a browser's maximum per server).
    public var perAddressConnectionLimit: Int = 1200
    public var shutdownGraceSeconds: Double = 10
    /// `info` logs one line per request; `warning` keeps only problems.
    public var logLevel: String = "info"
    /// `public` or `trainer` (the trainer token is then required for /metrics).
    public var metricsAccess: String = "public"
    /// The `cluster` section: how checks reach kubectl (read and validated by the cluster module).
    public var cluster = ClusterSettings()
    public var stuck = Stuck()
    public var rateLimits = RateLimits()
    /// Dates of the Excel CSV (`timeZone` in config.json, an IANA name such as `Europe/Paris`);
    /// the machine's own zone by default.
    public var timeZone: TimeZone = .current
    public var live = Live()
    /// Learners inactive for longer than this many days are erased at start-up and daily (`nil`,
    /// the default: kept until erased by hand).
    public var retentionDays: Int?

    public init() {}

    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
}
