import AtelierContent
import AtelierProcess
import Foundation

extension KubectlRunner {
    /// How long one watch process may live before kubectl ends it itself (`--request-timeout`):
    /// a watch is long-lived by nature, but never unbounded — a hung connection ends within this
    /// and is restarted with a fresh list.
    package static let watchRequestTimeout = "30m"

    /// `kubectl get RESOURCE --watch --output-watch-events -o json` in the target's namespace
    /// (or every namespace with `allNamespaces`), each event handed to `onEvent` as it arrives.
    ///
    /// Not counted in the checks' concurrency limit: it is one long-lived process per resource
    /// type, not a burst. Returns when the stream ends, with why.
    package func watch(_ resource: String, target: ClusterTarget, allNamespaces: Bool = false,
                       onEvent: @escaping @Sendable (WatchEvent) async -> Void) async -> WatchEnd {
        guard let path = executablePath else { return .failed(notFoundError) }
        var arguments = ["get", resource, "--watch", "--output-watch-events", "-o", "json"]
        if allNamespaces { arguments.append("--all-namespaces") }
        let argv = argv(arguments, scope: allNamespaces ? .cluster : .target, target: target,
                        requestTimeout: Self.watchRequestTimeout)
        let request = StreamRequest(executablePath: path, arguments: argv,
                                    environment: environment.map { "\($0.key)=\($0.value)" },
                                    stderrLimit: limits.stderrBytes, terminationGrace: limits.terminationGrace)
        let maximumObject = limits.stdoutBytes
        do {
            let outcome = try await ChildProcess.stream(request) { child -> WatchEnd? in
                var splitter = WatchStreamSplitter(maximumObjectBytes: maximumObject)
                for try await chunk in child.chunks {
                    let objects: [[UInt8]]
                    do {
                        objects = try splitter.feed(chunk)
                    } catch {
                        child.stop()
                        return .unreadable("\(error)")
                    }
                    for object in objects {
                        guard let event = WatchEvent(bytes: object) else {
                            child.stop()
                            return .unreadable("objet illisible")
                        }
                        if event.isExpired {
                            child.stop()
                            return .expired
                        }
                        await onEvent(event)
                    }
                }
                return Task.isCancelled ? .cancelled : nil
            }
            if let end = outcome.result { return end }
            let status: Int32? = if case .exited(let code) = outcome.termination { code } else { nil }
            return .ended(exitStatus: status, lastLine: KubectlError.lastLine(String(decoding: outcome.stderr, as: UTF8.self)))
        } catch is CancellationError {
            return .cancelled
        } catch let error as SpawnError {
            logger.warning("échec du lancement de kubectl (watch)", metadata: ["path": "\(path)", "errno": "\(error.errno)"])
            return .failed(KubectlError(error.code == .notExecutable ? .kubectlNotFound : .spawnFailed,
                                        message: "Impossible de lancer kubectl pour suivre le cluster (errno \(error.errno))."))
        } catch {
            return Task.isCancelled ? .cancelled : .unreadable("\(error)")
        }
    }
}
