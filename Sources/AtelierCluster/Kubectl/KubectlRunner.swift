import AtelierContent
import AtelierProcess
import Foundation
import Logging

/// Runs kubectl as a child process: argv arrays only, never a shell.
///
/// Every call gets `--request-timeout`, the configured kubeconfig/context and an explicit
/// namespace, an overall deadline of our own (SIGTERM, then SIGKILL), capped output, and a slot
/// in a shared concurrency limit. Learner input never reaches argv except names that passed
/// DNS-1123 validation.
public final class KubectlRunner: Sendable {
    package let settings: ClusterSettings
    package let environment: [String: String]
    package let limits: Limits
    package let logger: Logger
    private let semaphore: AsyncSemaphore

    /// - Parameter environment: passed to kubectl as is (PATH, HOME, KUBECONFIG…); also the PATH
    ///   searched for the kubectl command.
    public init(
        settings: ClusterSettings, environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger, limits: Limits = Limits()
    ) {
        self.settings = settings
        self.environment = environment
        self.limits = limits
        self.logger = logger
        self.semaphore = AsyncSemaphore(permits: settings.maxConcurrentKubectl)
    }

    /// The resolved path of the kubectl command (first argv element), or nil when not found.
    package var executablePath: String? {
        settings.kubectl.first.flatMap { ExecutableLocator.locate($0, environment: environment) }
    }

    /// The error when the kubectl command cannot be found, naming the command and the fix.
    package var notFoundError: KubectlError {
        let command = settings.kubectl.first ?? "kubectl"
        return KubectlError(.kubectlNotFound,
            message: "kubectl est introuvable : la commande « \(command) » n'est pas dans le PATH du serveur. Installez kubectl ou réglez cluster.kubectl (MicroK8s : [\"microk8s\", \"kubectl\"]).")
    }

    /// A fresh deadline for one check run.
    /// Clamped, so settings that skipped `validate()` cannot trap or wait forever.
    package func makeDeadline() -> ContinuousClock.Instant {
        .now + .milliseconds(Int64(timeoutSeconds * 1000))
    }

    private var timeoutSeconds: Double {
        let seconds = settings.checkTimeoutSeconds
        return seconds.isFinite ? min(max(seconds, 0.1), 600) : 20
    }

    /// Full argv for a call: the configured prefix, our global flags, then the sub-command.
    package func argv(_ arguments: [String], scope: KubectlScope, target: ClusterTarget, requestTimeout: String? = nil) -> [String] {
        var argv = settings.kubectl
        argv.append("--request-timeout=\(requestTimeout ?? "\(settings.requestTimeoutSeconds)s")")
        if let kubeconfig = target.kubeconfig ?? settings.kubeconfig { argv.append("--kubeconfig=\(kubeconfig)") }
        if let context = target.context { argv.append("--context=\(context)") }
        switch scope {
        case .target: argv.append("--namespace=\(target.namespace)")
        case .namespace(let namespace): argv.append("--namespace=\(namespace)")
        case .cluster: break
        }
        return argv + arguments
    }

    /// Runs kubectl and returns what it printed, whatever its exit status; fails only when it
    /// could not run or had to be stopped (not found, deadline, output cap, cancellation).
    package func execute(_ arguments: [String], scope: KubectlScope, target: ClusterTarget, deadline: ContinuousClock.Instant)
        async -> Result<KubectlOutput, KubectlError>
    {
        await execute(argv: argv(arguments, scope: scope, target: target), deadline: deadline)
    }

    /// Runs a full argv (the configured prefix first). `quiet`: kubectl's stderr is kept out of the
    /// log, for a command whose errors may quote a learner's secrets (`config view` of an upload).
    package func execute(argv: [String], deadline: ContinuousClock.Instant, quiet: Bool = false)
        async -> Result<KubectlOutput, KubectlError>
    {
        guard let path = executablePath else {
            logger.warning("kubectl introuvable", metadata: ["command": "\(settings.kubectl.first ?? "")"])
            return .failure(notFoundError)
        }
        var acquired = await semaphore.acquire(deadline: deadline)
        if acquired && ContinuousClock.now >= deadline {
            // Past the deadline after queueing, spawning would only start a process to kill at once.
            await semaphore.release()
            acquired = false
        }
        guard acquired else {
            if Task.isCancelled {
                return .failure(KubectlError(.cancelled, message: "La vérification a été annulée."))
            }
            return .failure(KubectlError(.deadlineExceeded,
                message: "Trop de vérifications sont en cours : le délai de \(secondsText) a expiré avant que kubectl puisse être lancé. Réessayez dans un instant."))
        }
        let request = SpawnRequest(
            executablePath: path, arguments: argv,
            environment: environment.map { "\($0.key)=\($0.value)" },
            stdoutLimit: limits.stdoutBytes, stderrLimit: limits.stderrBytes,
            deadline: deadline, terminationGrace: limits.terminationGrace)
        let outcome: SpawnOutcome
        do {
            outcome = try await ChildProcess.run(request, cancellation: CancellationFlag())
        } catch {
            await semaphore.release()
            logger.warning("échec du lancement de kubectl", metadata: ["path": "\(path)", "errno": "\(error.errnoName)"])
            if error.code == .notExecutable {
                return .failure(KubectlError(.kubectlNotFound,
                    message: "kubectl est introuvable ou non exécutable : « \(path) » — \(error.errnoName)."))
            }
            return .failure(KubectlError(.spawnFailed,
                message: "Impossible de lancer kubectl (\(error.errnoName)) : le serveur manque peut-être de ressources."))
        }
        await semaphore.release()

        let stderr = String(decoding: outcome.stderr, as: UTF8.self)
        let milliseconds = outcome.duration.components.seconds * 1000 + outcome.duration.components.attoseconds / 1_000_000_000_000_000
        var metadata: Logger.Metadata = [
            "argv": "\(argv.joined(separator: " "))", "pid": "\(outcome.pid)", "ms": "\(milliseconds)",
        ]
        switch outcome.termination {
        case .exited(let status): metadata["exit"] = "\(status)"
        case .signaled(let signal): metadata["signal"] = "\(signal)"
        }

        if outcome.cancelled {
            logger.debug("kubectl arrêté : requête annulée", metadata: metadata)
            return .failure(KubectlError(.cancelled, message: "La vérification a été annulée.", stderrExcerpt: KubectlError.excerpt(stderr)))
        }
        if outcome.timedOut {
            logger.warning("kubectl arrêté : délai dépassé", metadata: metadata)
            return .failure(KubectlError(.deadlineExceeded,
                message: "Le cluster n'a pas répondu en \(secondsText) : kubectl a été arrêté. MicroK8s est-il démarré ?",
                stderrExcerpt: KubectlError.excerpt(stderr)))
        }
        if let overflow = outcome.overflow {
            logger.warning("kubectl arrêté : sortie trop volumineuse", metadata: metadata)
            let limit = overflow == .stdout ? limits.stdoutBytes : limits.stderrBytes
            let stream = overflow == .stdout ? "la sortie" : "la sortie d'erreur"
            return .failure(KubectlError(.outputTooLarge,
                message: "La réponse de kubectl dépasse la taille acceptée (\(stream) dépasse \(Self.sizeText(limit))) : trop d'objets dans le namespace ?"))
        }
        switch outcome.termination {
        case .signaled(let signal):
            logger.warning("kubectl tué par un signal", metadata: metadata)
            return .failure(KubectlError(.failed, message: "kubectl s'est arrêté brutalement (signal \(signal)).",
                                         stderrExcerpt: KubectlError.excerpt(stderr)))
        case .exited(let status):
            if status == 0 {
                logger.debug("kubectl", metadata: metadata)
            } else {
                if !quiet { metadata["stderr"] = "\(KubectlError.lastLine(stderr))" }
                logger.info("kubectl en échec", metadata: metadata)
            }
            return .success(KubectlOutput(exitStatus: status, stdout: outcome.stdout, stderr: stderr, duration: outcome.duration))
        }
    }

    /// Runs kubectl and requires exit 0; any other status is classified.
    package func run(_ arguments: [String], scope: KubectlScope, target: ClusterTarget, deadline: ContinuousClock.Instant)
        async -> Result<KubectlOutput, KubectlError>
    {
        switch await execute(arguments, scope: scope, target: target, deadline: deadline) {
        case .failure(let error): return .failure(error)
        case .success(let output) where output.exitStatus == 0: return .success(output)
        case .success(let output): return .failure(KubectlError.classify(exitStatus: output.exitStatus, stderr: output.stderr))
        }
    }

    /// `kubectl exec POD -c CONTAINER -- COMMAND…`. A command that ran and exited non-zero is a
    /// result, not an error.
    package func exec(pod: String, container: String, command: [String], target: ClusterTarget, deadline: ContinuousClock.Instant)
        async -> Result<ExecResult, KubectlError>
    {
        let arguments = ["exec", pod, "-c", container, "--"] + command
        switch await execute(arguments, scope: .target, target: target, deadline: deadline) {
        case .failure(let error):
            return .failure(error)
        case .success(let output):
            let stdout = String(decoding: output.stdout, as: UTF8.self)
            if output.exitStatus == 0 {
                return .success(ExecResult(exitCode: 0, stdout: stdout, stderr: output.stderr))
            }
            let error = KubectlError.classify(exitStatus: output.exitStatus, stderr: output.stderr)
            guard error.code == .commandFailed, let code = error.commandExitCode else { return .failure(error) }
            let ownStderr = output.stderr.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.hasPrefix("command terminated with exit code") }
                .joined(separator: "\n")
            return .success(ExecResult(exitCode: code, stdout: stdout, stderr: ownStderr))
        }
    }

    /// Parses stdout as JSON, turning garbage into a precise error instead of a crash.
    package static func decodeJSON(_ output: KubectlOutput) -> Result<JSONValue, KubectlError> {
        do {
            return .success(try JSONDecoder().decode(JSONValue.self, from: Data(output.stdout)))
        } catch {
            let preview = MessageTemplate.printable(String(decoding: output.stdout.prefix(80), as: UTF8.self))
                .trimmingCharacters(in: .whitespaces)
            let shown = preview.isEmpty ? "sortie vide" : "début : « \(preview) »"
            return .failure(KubectlError(.unparsableOutput,
                message: "La réponse de kubectl n'est pas le JSON attendu (\(shown)).",
                exitStatus: output.exitStatus, stderrExcerpt: KubectlError.excerpt(output.stderr)))
        }
    }

    private var secondsText: String {
        let seconds = timeoutSeconds
        if seconds == seconds.rounded() {
            let whole = Int(seconds)
            return whole == 1 ? "1 seconde" : "\(whole) secondes"
        }
        return String(format: "%.1f", seconds).replacingOccurrences(of: ".", with: ",") + " secondes"
    }

    package static func sizeText(_ bytes: Int) -> String {
        if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) Mio" }
        if bytes >= 1 << 10 && bytes % (1 << 10) == 0 { return "\(bytes >> 10) Kio" }
        return "\(bytes) octets"
    }
}
