import AtelierContent

/// The `cluster` section of config.json: how the server reaches the learners' cluster.
///
/// Kept as plain data so the App can decode, validate and log it before anything is spawned;
/// the defaults are those of a single-node MicroK8s with a kubectl on the PATH.
public struct ClusterSettings: Sendable, Hashable {
    /// argv prefix that runs kubectl, e.g. `["microk8s", "kubectl"]`: a prefix rather than a path
    /// because MicroK8s ships kubectl as a sub-command.
    public var kubectl: [String]
    /// Explicit kubeconfig; `nil` lets kubectl honour `KUBECONFIG` from the server's environment.
    public var kubeconfig: String?
    /// kubeconfig context; may contain `{learner}`.
    public var context: String?
    /// Namespace the learners work in; may contain `{learner}` for one namespace per learner.
    public var namespace: String
    /// Passed to kubectl as `--request-timeout`, so one slow API call fails instead of stalling.
    public var requestTimeoutSeconds: Int
    /// Our own deadline for a whole check run: kubectl retries discovery and can hang ~55 s
    /// without a reachable server, longer than a learner will wait.
    public var checkTimeoutSeconds: Double
    /// Cap on kubectl processes alive at once, so a class clicking « Vérifier » together cannot
    /// fork-bomb a 2-core machine.
    public var maxConcurrentKubectl: Int
    /// A learner not seen for this long stops being watched (their kubectl watch processes end
    /// when nobody else shares them; the timeline stays on disk) and is watched again on their
    /// next request; 0 turns the watching off. On by default: learners who share a namespace, or
    /// who each have one on a shared cluster, cost one set of six watch processes for the whole
    /// class; only a context or kubeconfig per learner costs six processes per watched learner.
    public var observeIdleMinutes: Int
    /// Learners may hand Atelier their own cluster's kubeconfig (`PUT /api/me/kubeconfig`); their
    /// checks, environment indicator and watches then use it. Off by default.
    public var learnerKubeconfig: Bool
    /// Where a learner's kubeconfig may point kubectl: CIDR blocks (default private ranges and
    /// loopback), so Atelier cannot be aimed at arbitrary hosts.
    public var allowedServers: [IPBlock]

    public init(
        kubectl: [String] = ["kubectl"],
        kubeconfig: String? = nil,
        context: String? = nil,
        namespace: String = "default",
        requestTimeoutSeconds: Int = 5,
        checkTimeoutSeconds: Double = 20,
        maxConcurrentKubectl: Int = 8,
        observeIdleMinutes: Int = 30,
        learnerKubeconfig: Bool = false,
        allowedServers: [IPBlock] = IPBlock.privateAndLoopback
    ) {
        self.learnerKubeconfig = learnerKubeconfig
        self.allowedServers = allowedServers
        self.observeIdleMinutes = observeIdleMinutes
        self.kubectl = kubectl
        self.kubeconfig = kubeconfig
        self.context = context
        self.namespace = namespace
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.checkTimeoutSeconds = checkTimeoutSeconds
        self.maxConcurrentKubectl = maxConcurrentKubectl
    }
}
