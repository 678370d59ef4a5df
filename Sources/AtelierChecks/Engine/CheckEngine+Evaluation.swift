import AtelierCluster
import AtelierContent

extension CheckEngine {
    /// One run: fetch once (namespaced snapshot, cluster-scoped lists, then execs in parallel),
    /// judge every compiled check against that, render the messages.
    func evaluate(_ checks: StepChecks, target: ClusterTarget, timeline: Timeline? = nil, revision: Int? = nil) async -> [CheckResult] {
        let deadline = runner.makeDeadline()
        var merged = CheckRequirements()
        for check in checks.checks { merged.merge(check.requirements) }
        let needs = merged

        var context = CheckContext(namespace: target.namespace)
        context.timeline = timeline
        async let snapshot = needs.kinds.isEmpty ? nil
            : sharedSnapshot(kinds: needs.kinds, target: target, deadline: deadline, revision: revision)
        async let storageClasses = needs.storageClasses
            ? loadItems(["get", "storageclasses", "-o", "json"], scope: .cluster, target: target, deadline: deadline) : nil
        async let systemPods = loadSystemPods(needs.systemPods, target: target, deadline: deadline)
        context.snapshot = await snapshot
        context.storageClasses = await storageClasses
        context.systemPods = await systemPods

        let commands = Set(checks.checks.compactMap { $0.execCommand(context) })
        if !commands.isEmpty {
            context.execResults = await withTaskGroup(of: (ExecCommand, Result<ExecResult, KubectlError>).self) { group in
                for command in commands {
                    group.addTask { [runner] in
                        (command, await runner.exec(pod: command.pod, container: command.container, command: command.command,
                                                    target: target, deadline: deadline))
                    }
                }
                var results: [ExecCommand: Result<ExecResult, KubectlError>] = [:]
                for await (command, result) in group { results[command] = result }
                return results
            }
        }
        let judged = context
        return Self.applyPrerequisites(checks.checks.map { $0.judge(judged) }, checks.prerequisites)
    }

    /// A check whose prerequisite failed (or was itself skipped) is `skipped`, with a message
    /// naming the prerequisite and no hint: its own verdict would contradict the prerequisite's.
    /// An `error` prerequisite leaves the dependent as judged — the cluster could not be asked, and
    /// the dependent says so itself.
    static func applyPrerequisites(_ results: [CheckResult], _ prerequisites: [[Int]]) -> [CheckResult] {
        var final = results
        for (index, required) in prerequisites.enumerated() where final[index].status != .error {
            guard let blocking = required.first(where: { final[$0].status == .failed || final[$0].status == .skipped }) else { continue }
            let result = final[index]
            final[index] = CheckResult(id: result.id, title: result.title, status: .skipped,
                message: "Non vérifié\u{00A0}: «\u{202F}\(final[blocking].title)\u{202F}» n'est pas encore satisfait.")
        }
        return final
    }

    /// `kubectl get <kinds> -o json` in the learner's namespace. A partial Forbidden answer
    /// (exit 1 with the readable kinds on stdout) keeps what was readable and marks the rest
    /// unavailable, so only the checks that need the forbidden kind report it.
    func loadSnapshot(kinds: Set<ResourceKind>, target: ClusterTarget, deadline: ContinuousClock.Instant)
        async -> Result<ClusterSnapshot, KubectlError>
    {
        let arguments = ["get", kinds.sorted().map(\.plural).joined(separator: ","), "-o", "json"]
        let output: KubectlOutput
        switch await runner.execute(arguments, scope: .target, target: target, deadline: deadline) {
        case .failure(let error): return .failure(error)
        case .success(let result): output = result
        }
        if output.exitStatus == 0 {
            return KubectlRunner.decodeJSON(output).flatMap { list in
                Result { () throws(KubectlError) -> ClusterSnapshot in
                    try ClusterSnapshot(namespace: target.namespace, list: list, kinds: kinds)
                }
            }
        }
        let whole = KubectlError.classify(exitStatus: output.exitStatus, stderr: output.stderr)
        var forbidden: [ResourceKind: KubectlError] = [:]
        for line in output.stderr.split(whereSeparator: \.isNewline) where !line.hasPrefix("Warning:") {
            let error = KubectlError.classify(exitStatus: output.exitStatus, stderr: String(line))
            guard error.code == .forbidden, let resource = error.detail?.split(separator: " ").last,
                  let kind = ResourceKind(userName: String(resource)), kinds.contains(kind) else { return .failure(whole) }
            forbidden[kind] = error
        }
        guard !forbidden.isEmpty else { return .failure(whole) }
        var snapshot = ClusterSnapshot(namespace: target.namespace)
        if case .success(let list) = KubectlRunner.decodeJSON(output),
           let parsed = try? ClusterSnapshot(namespace: target.namespace, list: list, kinds: kinds) {
            snapshot = parsed
        }
        for (kind, error) in forbidden { snapshot.markUnavailable(kind, because: error) }
        return .success(snapshot)
    }

    /// A `kubectl get … -o json` list, reduced to its items.
    func loadItems(_ arguments: [String], scope: KubectlScope, target: ClusterTarget, deadline: ContinuousClock.Instant)
        async -> Result<[JSONValue], KubectlError>
    {
        await runner.run(arguments, scope: scope, target: target, deadline: deadline)
            .flatMap(KubectlRunner.decodeJSON)
            .flatMap { list in
                guard let items = list["items"]?.arrayValue else {
                    return .failure(KubectlError(.unparsableOutput, message: "La réponse de kubectl n'est pas une liste d'objets (champ items absent)."))
                }
                return .success(items)
            }
    }

    func loadSystemPods(_ queries: Set<SystemPodQuery>, target: ClusterTarget, deadline: ContinuousClock.Instant)
        async -> [SystemPodQuery: Result<[JSONValue], KubectlError>]
    {
        var results: [SystemPodQuery: Result<[JSONValue], KubectlError>] = [:]
        for query in queries {
            results[query] = await loadItems(["get", "pods", "-l", query.selector, "-o", "json"],
                                             scope: .namespace(query.namespace), target: target, deadline: deadline)
        }
        return results
    }
}
