/// A container's runtime state, as the kubelet reports it in the pod status.
struct ContainerStatus: Sendable {
    var name: String
    var ready: Bool
    var restartCount: Int
    var running: Bool
    /// `CrashLoopBackOff`, `ImagePullBackOff`, `ContainerCreating`…
    var waitingReason: String?
    var waitingMessage: String?
    var terminatedReason: String?
    /// Why the previous run ended (`Error`, `OOMKilled`), useful behind a CrashLoopBackOff.
    var lastTerminatedReason: String?
    var lastExitCode: Int?

    init(_ json: JSONValue) {
        name = json["name"]?.stringValue ?? ""
        ready = json["ready"]?.boolValue ?? false
        restartCount = json["restartCount"]?.intValue ?? 0
        running = json.value(at: "state", "running") != nil
        waitingReason = json.string(at: "state", "waiting", "reason")
        waitingMessage = json.string(at: "state", "waiting", "message")
        terminatedReason = json.string(at: "state", "terminated", "reason")
        lastTerminatedReason = json.string(at: "lastState", "terminated", "reason")
        lastExitCode = json.value(at: "lastState", "terminated", "exitCode")?.intValue
    }
}
