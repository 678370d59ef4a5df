import AtelierCluster
import AtelierContent

extension CheckEngine {
    /// The live page's refresh: one snapshot of the namespace (the panel's kinds and those of the
    /// step's checks together), the panel built from it and every check judged on it that needs
    /// nothing else. A check that must run a command in a pod (once the snapshot has not already
    /// decided it) or list outside the namespace is `pending`. Records nothing.
    ///
    /// - Parameter revision: the observer's revision of the learner, when watched (see `SnapshotCache`).
    package func live(checks: StepChecks, statefulSet: String?, target: ClusterTarget, timeline: Timeline?,
                      revision: Int?) async -> LiveState {
        var kinds: Set<ResourceKind> = statefulSet == nil ? [] : Self.viewKinds
        let eligible = checks.checks.map { !$0.requirements.storageClasses && $0.requirements.systemPods.isEmpty }
        for (check, live) in zip(checks.checks, eligible) where live { kinds.formUnion(check.requirements.kinds) }
        var snapshot: Result<ClusterSnapshot, KubectlError>?
        if !kinds.isEmpty {
            snapshot = await sharedSnapshot(kinds: kinds, target: target, deadline: runner.makeDeadline(), revision: revision)
        }
        var view: ClusterView?
        if let statefulSet, let snapshot {
            view = DNSNames.isLabel(statefulSet)
                ? makeView(snapshot, kinds: Self.viewKinds, target: target, statefulSet: statefulSet)
                : ClusterView(namespace: target.namespace, statefulset: nil, pods: [], pvcs: [], events: [],
                              error: ClusterViewError(code: "invalid_statefulset", message: "Nom de StatefulSet invalide."))
        }
        var context = CheckContext(namespace: target.namespace)
        context.timeline = timeline
        context.snapshot = snapshot
        let judged = context
        var results: [LiveCheck] = []
        var statuses: [CheckStatus?] = []
        for (index, check) in checks.checks.enumerated() {
            if !eligible[index] || check.execCommand(judged) != nil {
                results.append(LiveCheck(id: check.id, status: LiveCheck.pendingStatus, message: LiveCheck.pendingMessage))
                statuses.append(nil)
                continue
            }
            // A prerequisite not judged live leaves this one waiting: its verdict could contradict it.
            if let waiting = checks.prerequisites[index].first(where: { statuses[$0] == nil }) {
                results.append(LiveCheck(id: check.id, status: LiveCheck.pendingStatus,
                                         message: LiveCheck.waitingMessage(for: checks.checks[waiting].title)))
                statuses.append(nil)
                continue
            }
            let result = check.judge(judged)
            results.append(LiveCheck(id: result.id, status: result.status.rawValue, message: result.message))
            statuses.append(result.status)
        }
        // The same prerequisite rule as a run, on the checks judged live.
        let judgedIndexes = statuses.indices.filter { statuses[$0] != nil }
        for index in judgedIndexes where statuses[index] != .error {
            guard let blocking = checks.prerequisites[index].first(where: { statuses[$0] == .failed || statuses[$0] == .skipped })
            else { continue }
            statuses[index] = .skipped
            results[index] = LiveCheck(id: results[index].id, status: CheckStatus.skipped.rawValue,
                message: "Non vérifié\u{00A0}: «\u{202F}\(checks.checks[blocking].title)\u{202F}» n'est pas encore satisfait.")
        }
        return LiveState(view: view, checks: LiveChecks(step: checks.step, checks: results))
    }

    /// A namespace snapshot of at least `kinds`: a recent one when the revision says nothing changed
    /// since (one kubectl for the panel, the live checks and « Vérifier »), otherwise fetched.
    func sharedSnapshot(kinds: Set<ResourceKind>, target: ClusterTarget, deadline: ContinuousClock.Instant,
                        revision: Int?) async -> Result<ClusterSnapshot, KubectlError> {
        guard let revision else { return await loadSnapshot(kinds: kinds, target: target, deadline: deadline) }
        if let cached = await snapshots.lookup(target, kinds: kinds, revision: revision) { return .success(cached) }
        // Readers at the same revision join a fetch in flight (a class's tabs opening together).
        return await snapshotFlights.run(SnapshotKey(target: target, kinds: kinds, revision: revision)) { [self] in
            let started = ContinuousClock.now
            let result = await loadSnapshot(kinds: kinds, target: target, deadline: deadline)
            if case .success(let snapshot) = result {
                await snapshots.store(target, kinds: kinds, revision: revision, takenAt: started, snapshot: snapshot)
            }
            return result
        }
    }

    /// How many snapshot requests were served from the shared cache (metrics, tests).
    package var sharedSnapshotHits: Int {
        get async { await snapshots.hits }
    }
}
