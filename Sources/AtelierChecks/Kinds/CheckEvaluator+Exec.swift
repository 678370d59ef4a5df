import AtelierCluster
import AtelierContent
import Foundation

extension CheckEvaluator {
    /// For checks that look inside a pod: the command to run, or a verdict the snapshot already
    /// gives (pod missing or not running), or nil for other kinds.
    func prepareExec(_ plan: CheckPlan) -> ExecPreparation? {
        switch plan {
        case .sqlCount(let query):
            return prepared([.pod]) { snapshot in
                guard let pod = snapshot.pod(query.pod) else { return .decided(.failed("podMissing")) }
                guard pod.isRunning(container: query.container) else {
                    return .decided(.failed("podNotRunning", ["state": pod.stateText]))
                }
                return .run(ExecCommand(pod: query.pod, container: query.container, command: query.command))
            }
        case .dnsResolvesToPod(let fromPod, let container, let hostname, let targetPod):
            return prepared([.pod]) { snapshot in
                guard let source = snapshot.pod(fromPod) else { return .decided(.failed("fromPodMissing")) }
                guard source.isRunning(container: container) else {
                    return .decided(.failed("fromPodNotRunning", ["state": source.stateText]))
                }
                guard let target = snapshot.pod(targetPod) else { return .decided(.failed("targetMissing")) }
                guard let ip = target.ip, !ip.isEmpty else { return .decided(.failed("targetNotReady")) }
                return .run(ExecCommand(pod: fromPod, container: container, command: ["getent", "hosts", hostname]))
            }
        default:
            return nil
        }
    }

    private func prepared(_ kinds: [ResourceKind], _ body: (ClusterSnapshot) -> ExecPreparation) -> ExecPreparation {
        switch context.snapshot {
        case .none:
            return .decided(.error(Self.internalError))
        case .failure(let error):
            return .decided(.error(error))
        case .success(let snapshot):
            for kind in kinds {
                if case .unavailable(let error) = snapshot.lookup(kind, "") { return .decided(.error(error)) }
            }
            return body(snapshot)
        }
    }

    /// The verdict of an exec check: decided from the snapshot, or judged from the command's
    /// output.
    func execVerdict(_ plan: CheckPlan) -> Evaluation {
        guard let preparation = prepareExec(plan) else { return .error(Self.internalError) }
        let command: ExecCommand
        switch preparation {
        case .decided(let evaluation): return evaluation
        case .run(let prepared): command = prepared
        }
        guard let result = context.execResults[command] else { return .error(Self.internalError) }
        switch (plan, result) {
        case (_, .failure(let error)):
            return execFailure(error, plan: plan)
        case (.sqlCount(let query), .success(let output)):
            return judgeSQL(query, output)
        case (.dnsResolvesToPod(_, _, _, let targetPod), .success(let output)):
            let ip = withPod(targetPod)?.ip ?? ""
            return judgeDNS(output, expectedIP: ip)
        default:
            return .error(Self.internalError)
        }
    }

    private func withPod(_ name: String) -> PodState? {
        if case .success(let snapshot) = context.snapshot { return snapshot.pod(name) }
        return nil
    }

    /// kubectl exec failures that describe the pod (it stopped between the snapshot and the exec)
    /// are the learner's business; the others mean the check could not be made.
    private func execFailure(_ error: KubectlError, plan: CheckPlan) -> Evaluation {
        let isSQL: Bool
        if case .sqlCount = plan { isSQL = true } else { isSQL = false }
        switch error.code {
        case .containerNotRunning, .podCompleted, .podNotRunning:
            let state = error.code == .containerNotRunning ? "arrêté" : error.code == .podCompleted ? "Pod terminé" : "Pod pas encore démarré"
            return .failed(isSQL ? "podNotRunning" : "fromPodNotRunning", ["state": state])
        case .notFound:
            return .failed(isSQL ? "podMissing" : "fromPodMissing")
        default:
            return .error(error)
        }
    }

    /// `psql -tA` prints the count alone; errors come on stderr as `ERROR:  relation "cours"
    /// does not exist` or `psql: error: connection to server on socket …`.
    private func judgeSQL(_ query: SQLCountQuery, _ output: ExecResult) -> Evaluation {
        if output.exitCode == 0 {
            let line = output.stdout.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .first { !$0.isEmpty } ?? ""
            guard let count = Int(line) else {
                return .failed("unparsable", ["output": String(line.prefix(80))])
            }
            let values = ["count": String(count), "rows": FrenchText.count(count, "ligne", "lignes")]
            return count >= query.atLeast ? .passed(values) : .failed("tooFew", values)
        }
        let stderr = output.stderr
        if let relation = KubectlError.quoted(in: stderr, after: "relation "), stderr.contains("does not exist") {
            return .failed("missingRelation", ["relation": relation])
        }
        if let column = KubectlError.quoted(in: stderr, after: "column "), stderr.contains("does not exist") {
            return .failed("missingColumn", ["column": column])
        }
        if stderr.contains("the database system is starting up") {
            return .failed("serverDown", ["detail": "la base est en cours de démarrage, réessayez dans quelques secondes."])
        }
        if stderr.contains("the database system is shutting down") {
            return .failed("serverDown", ["detail": "la base est en cours d'arrêt."])
        }
        if stderr.contains("connection to server") || stderr.contains("could not connect") {
            return .failed("serverDown", ["detail": "le serveur n'accepte pas de connexion."])
        }
        if let database = KubectlError.quoted(in: stderr, after: "database "), stderr.contains("does not exist") {
            return .failed("sqlError", ["detail": "la base \(database) n'existe pas."])
        }
        let line = stderr.split(whereSeparator: \.isNewline).map(String.init).first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            ?? "psql a échoué (code \(output.exitCode))."
        return .failed("sqlError", ["detail": PodState.shorten(line)])
    }

    /// `getent hosts NAME` prints `IP  canonical-name [aliases]` per address and exits 2 when
    /// the name does not resolve.
    private func judgeDNS(_ output: ExecResult, expectedIP: String) -> Evaluation {
        if output.exitCode == 2 { return .failed("notResolved") }
        guard output.exitCode == 0 else {
            let text = (output.stderr + " " + output.stdout).trimmingCharacters(in: .whitespacesAndNewlines)
            return .failed("unparsable", ["output": String(text.prefix(80)).isEmpty ? "code \(output.exitCode)" : String(text.prefix(80))])
        }
        let addresses = output.stdout.split(whereSeparator: \.isNewline).compactMap { line in
            line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init)
        }
        guard !addresses.isEmpty, addresses.allSatisfy(Self.looksLikeIP) else {
            return .failed("unparsable", ["output": String(output.stdout.prefix(80))])
        }
        let values = ["ip": expectedIP, "resolved": FrenchText.list(addresses)]
        return addresses.contains(expectedIP) ? .passed(values) : .failed("wrongIP", values)
    }

    private static func looksLikeIP(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 45 && text.allSatisfy { $0.isHexDigit || $0 == "." || $0 == ":" }
    }
}
