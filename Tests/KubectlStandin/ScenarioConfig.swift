/// `scenario.json`: how a scenario behaves beyond the objects it holds. Every field is
/// optional; a field set here wins over the base scenario's.
struct ScenarioConfig: Decodable {
    /// What the scenario represents, for people reading the fixtures.
    var description: String?
    /// Scenario whose objects, exec rules and settings this one starts from.
    var base: String?
    /// `Kind/name` of base objects to drop (`Pod/postgres-2`).
    var remove: [String]?
    /// Kinds whose base objects are all dropped (`Event`: the events have expired).
    var removeKinds: [String]?
    /// A fixed answer for every invocation (or only `get` / `exec` ones): unreachable cluster,
    /// Unauthorized…
    var failure: FailureConfig?
    /// Never answer: sleep until killed.
    var hang: Bool?
    /// With `hang`: ignore SIGTERM, so only SIGKILL ends the process.
    var ignoreSigterm: Bool?
    /// With `hang`: start a `sleep` grandchild first, to check the whole process group is killed.
    var spawnChild: Bool?
    /// Answer after this many milliseconds.
    var delayMs: Int?
    /// Resource plurals whose list/get is Forbidden (`"*"` for all, `"pods/exec"` for exec).
    var forbidden: [String]?
    var forbiddenUser: String?
    /// Resource types the API server does not know.
    var unknownTypes: [String]?
    /// Print this many bytes of filler on stdout and exit 0 (output caps).
    var stdoutBytes: Int?
    /// Print this text on stdout and exit 0 (unparsable output).
    var rawStdout: String?
    /// Answers to `kubectl exec` commands, tried in order, before the base scenario's.
    var exec: [ExecRule]?
    /// Executables absent from every image: exec fails the way containerd says so.
    var missingExecutables: [String]?
    /// Phase of the learner's namespace: `Active` (default), `Terminating`, or `Missing`.
    var namespacePhase: String?
}
