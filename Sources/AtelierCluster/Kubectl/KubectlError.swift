import AtelierContent

/// Why a kubectl invocation did not give a usable answer.
///
/// Classified from kubectl's exit status and stderr so that a learner sees « le cluster ne répond
/// pas » rather than five lines of Go logs, and so that the engine can tell an unreachable cluster
/// (every check is `error`) from an object that does not exist (a check `failed`).
public struct KubectlError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The kubectl command is not on the PATH (or not executable).
        case kubectlNotFound
        /// The process could not be started for another reason (no file descriptors…).
        case spawnFailed
        /// The kubeconfig is missing, unreadable or names a context that does not exist.
        case configurationInvalid
        /// Connection refused, DNS failure, TLS failure, handshake timeout: no answer from the API.
        case clusterUnreachable
        /// kubectl has no kubeconfig at all and fell back to `http://localhost:8080`, where nothing answers.
        case noConfiguration
        /// Something answered that is not a Kubernetes API server (kubectl's `localhost:8080`
        /// fallback reaching another HTTP server — Atelier itself on that port, for instance).
        case notKubernetes
        /// The API server rejected the credentials.
        case unauthorized
        /// The credentials are valid but lack a permission (verb and resource are in `detail`).
        case forbidden
        /// The API server does not know the resource type (a CRD not installed, a typo).
        case unknownResourceType
        /// The named object does not exist.
        case notFound
        /// exec: the container exists but is not running (waiting, crashed).
        case containerNotRunning
        /// exec: the pod has completed (Succeeded or Failed).
        case podCompleted
        /// exec: the pod has no container of that name.
        case invalidContainer
        /// exec: the pod is not scheduled / started yet.
        case podNotRunning
        /// exec: the command ran and exited non-zero (`commandExitCode`).
        case commandFailed
        /// exec: the command does not exist in the image.
        case commandNotFound
        /// Our own deadline passed; the process was terminated.
        case deadlineExceeded
        /// stdout or stderr went over its cap; the process was terminated.
        case outputTooLarge
        /// kubectl said it succeeded but its output is not what `-o json` prints.
        case unparsableOutput
        /// Any other failure; `stderrExcerpt` tells more.
        case failed
        /// The waiting request was cancelled before kubectl answered.
        case cancelled
    }

    public let code: Code
    /// Learner-facing explanation, in French.
    public let message: String
    /// kubectl's exit status, when it ran and exited.
    public let exitStatus: Int32?
    /// The last lines of stderr (at most 2 KiB), for logs and trainers.
    public let stderrExcerpt: String
    /// For `commandFailed`: the exit code of the command run by `kubectl exec`.
    public let commandExitCode: Int?
    /// For `forbidden`: the verb and resource (« list secrets »); for `notFound`: the object;
    /// for `unknownResourceType`: the type; for `commandNotFound`: the executable.
    public let detail: String?

    public init(
        _ code: Code, message: String, exitStatus: Int32? = nil, stderrExcerpt: String = "",
        commandExitCode: Int? = nil, detail: String? = nil
    ) {
        self.code = code
        self.message = message
        self.exitStatus = exitStatus
        self.stderrExcerpt = stderrExcerpt
        self.commandExitCode = commandExitCode
        self.detail = detail
    }

    /// True when the cluster itself could not be asked (as opposed to an answer about an object).
    public var isInfrastructureFailure: Bool {
        switch code {
        case .kubectlNotFound, .spawnFailed, .configurationInvalid, .clusterUnreachable, .noConfiguration, .notKubernetes, .unauthorized,
             .deadlineExceeded, .outputTooLarge, .unparsableOutput, .failed, .cancelled:
            return true
        case .forbidden, .unknownResourceType, .notFound, .containerNotRunning, .podCompleted,
             .invalidContainer, .podNotRunning, .commandFailed, .commandNotFound:
            return false
        }
    }

    /// snake_case code for the REST API's `{"error": {"code": …}}`.
    public var apiCode: String {
        var result = ""
        for character in code.rawValue {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }

    public var description: String {
        var text = "\(code.rawValue): \(message)"
        if let exitStatus { text += " (exit \(exitStatus))" }
        return text
    }
}
