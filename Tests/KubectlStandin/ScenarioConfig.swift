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
    /// With `spawnChild`: the grandchild ignores SIGTERM (the stand-in itself dies of it), so only
    /// a SIGKILL to the group after the stand-in exited ends it.
    var childIgnoresSigterm: Bool?
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
    /// Ends a running watch once this scenario is reached: `closed` (the server ended it) or
    /// `gone` (410 Expired).
    var watchEnd: String?
    /// Whatever answers is not a Kubernetes API server (kubectl's localhost:8080 fallback
    /// reaching another HTTP server): every request gets NotFound, `version` has no server part.
    var notKubernetes: Bool?
    /// Changes to base objects, applied after `remove`: a re-created Pod or claim (new uid and
    /// creation time), a StatefulSet scaled (new `spec.replicas`)… so a sequence of states needs
    /// no copy of whole fixtures.
    var patch: [ObjectPatch]?
    /// `gitVersion` of the API server (`v1.32.3` by default).
    var serverVersion: String?
}
