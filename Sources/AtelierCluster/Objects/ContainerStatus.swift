import AtelierContent

/// A container's runtime state, as the kubelet reports it in the pod status.
package struct ContainerStatus: Sendable {
    package var name: String
    package var ready: Bool
    package var restartCount: Int
    package var running: Bool
    /// `CrashLoopBackOff`, `ImagePullBackOff`, `ContainerCreating`…
    package var waitingReason: String?
    package var waitingMessage: String?
    package var terminatedReason: String?
    /// Why the previous run ended (`Error`, `OOMKilled`), useful behind a CrashLoopBackOff.
    package var lastTerminatedReason: String?
    package var lastExitCode: Int?

    package init(_ json: JSONValue) {
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
