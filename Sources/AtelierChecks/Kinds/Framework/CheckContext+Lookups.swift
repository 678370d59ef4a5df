import AtelierCluster
import AtelierContent

extension CheckContext {
    /// A state the engine never produces (an exec check judged without its command's result);
    /// reported rather than trapped, in case a future change gets it wrong.
    static let internalError = KubectlError(.failed, message: "Erreur interne : la commande de vérification n'a pas été exécutée.")

    /// Runs `body` with the snapshot when it was fetched and every kind it needs was listable;
    /// otherwise the check is `error` with the reason (unreachable cluster, Forbidden…).
    func withSnapshot<Outcome>(_ kinds: [ResourceKind], _ body: (ClusterSnapshot) -> Verdict<Outcome>) -> Verdict<Outcome> {
        switch snapshot {
        case .none:
            return .error(Self.internalError)
        case .failure(let error):
            return .error(error)
        case .success(let snapshot):
            for kind in kinds {
                if case .unavailable(let error) = snapshot.lookup(kind, "") { return .error(error) }
            }
            return body(snapshot)
        }
    }

    /// Runs `body` with the StatefulSet's container (by name, or the first one), handling the
    /// missing StatefulSet and the missing container.
    func withContainer<Outcome: ContainerOutcome>(
        _ reference: ContainerReference, _ kinds: [ResourceKind] = [.statefulSet],
        _ body: (ClusterSnapshot, StatefulSetState, ContainerSpec) -> Verdict<Outcome>
    ) -> Verdict<Outcome> {
        withSnapshot(kinds) { snapshot in
            guard let statefulSet = snapshot.statefulSet(reference.statefulSet) else { return .failed(.missing) }
            let found = reference.container.map { wanted in statefulSet.containers.first { $0.name == wanted } }
                ?? statefulSet.containers.first
            guard let container = found else {
                let names = statefulSet.containers.map(\.name)
                return .failed(.containerMissing, ["container": reference.container ?? "?",
                                                   "containers": names.isEmpty ? "aucun" : FrenchText.list(names)])
            }
            var verdict = body(snapshot, statefulSet, container)
            verdict.values["container"] = verdict.values["container"] ?? container.name
            return verdict
        }
    }

    /// Key names of a (redacted) Secret, sorted.
    static func secretKeys(_ object: JSONValue) -> [String] {
        (object["data"]?.objectValue?.keys).map { $0.sorted() } ?? []
    }
}
