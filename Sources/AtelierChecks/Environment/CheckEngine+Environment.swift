import AtelierCluster
import AtelierContent

extension CheckEngine {
    /// Whether the learner can start: kubectl present, cluster reachable, namespace usable.
    /// One kubectl call in the usual case (`get namespace`), two when namespaces may not be read.
    public func environment(target: ClusterTarget) async -> EnvironmentReport {
        await environments.run(target) { [self] in await checkEnvironment(target: target) }
    }

    private func checkEnvironment(target: ClusterTarget) async -> EnvironmentReport {
        let namespace = target.namespace
        let command = settings.kubectl.joined(separator: " ")
        let kubectlTitle = "kubectl est disponible"
        let clusterTitle = "Le cluster répond"
        let namespaceTitle = "Le namespace \(namespace) est utilisable"

        func report(_ checks: [CheckResult]) -> EnvironmentReport {
            let firstProblem = checks.first { $0.status != .passed }
            let report = EnvironmentReport(ready: firstProblem == nil, message: firstProblem?.message ?? "✅ Ready!", checks: checks)
            if let firstProblem {
                logger.info("environnement non prêt", metadata: ["namespace": "\(namespace)", "check": "\(firstProblem.id)"])
            }
            return report
        }

        guard runner.executablePath != nil else {
            return report([
                CheckResult(id: "kubectl", title: kubectlTitle, status: .failed, message: runner.notFoundError.message),
                CheckResult(id: "cluster", title: clusterTitle, status: .error, message: "Non vérifié : kubectl est introuvable."),
                CheckResult(id: "namespace", title: namespaceTitle, status: .error, message: "Non vérifié : kubectl est introuvable."),
            ])
        }
        let kubectl = CheckResult(id: "kubectl", title: kubectlTitle, status: .passed, message: "kubectl est disponible (« \(command) »).")
        let deadline = runner.makeDeadline()
        let answer = await runner.run(["get", "namespace", namespace, "-o", "json"], scope: .cluster, target: target, deadline: deadline)
            .flatMap(KubectlRunner.decodeJSON)

        let reachable = CheckResult(id: "cluster", title: clusterTitle, status: .passed, message: "Le serveur API du cluster répond.")
        switch answer {
        case .success(let object) where object["kind"]?.stringValue != "Namespace":
            // exit 0 with JSON that is not the Namespace asked for: not a Kubernetes API server.
            return report([
                kubectl,
                CheckResult(id: "cluster", title: clusterTitle, status: .failed, message: KubectlError.notKubernetesMessage),
                CheckResult(id: "namespace", title: namespaceTitle, status: .error, message: "Non vérifié : le cluster ne répond pas."),
            ])
        case .success(let object):
            let phase = object.string(at: "status", "phase") ?? "Active"
            if phase == "Terminating" {
                return report([kubectl, reachable, CheckResult(id: "namespace", title: namespaceTitle, status: .failed,
                    message: "Le namespace \(namespace) est en cours de suppression : attendez la fin de la suppression puis recréez-le.")])
            }
            return report([kubectl, reachable, CheckResult(id: "namespace", title: namespaceTitle, status: .passed,
                message: "Le namespace \(namespace) existe et est actif.")])
        case .failure(let error) where error.code == .notFound:
            return report([kubectl, reachable, CheckResult(id: "namespace", title: namespaceTitle, status: .failed,
                message: "Le namespace \(namespace) n'existe pas : créez-le avec « kubectl create namespace \(namespace) ».")])
        case .failure(let error) where error.code == .forbidden:
            // Reading namespaces is a cluster-wide right a per-learner account may lack: listing
            // pods in the namespace is what the checks really need.
            let pods = await loadItems(["get", "pods", "-o", "json"], scope: .target, target: target, deadline: deadline)
            switch pods {
            case .success:
                return report([kubectl, reachable, CheckResult(id: "namespace", title: namespaceTitle, status: .passed,
                    message: "Le namespace \(namespace) est accessible.")])
            case .failure(let podsError) where !podsError.isInfrastructureFailure:
                return report([kubectl, reachable, CheckResult(id: "namespace", title: namespaceTitle, status: .failed, message: podsError.message)])
            case .failure(let podsError):
                return report([kubectl, reachable, CheckResult(id: "namespace", title: namespaceTitle, status: .error, message: podsError.message)])
            }
        case .failure(let error) where error.code == .kubectlNotFound:
            return report([
                CheckResult(id: "kubectl", title: kubectlTitle, status: .failed, message: error.message),
                CheckResult(id: "cluster", title: clusterTitle, status: .error, message: "Non vérifié : kubectl est introuvable."),
                CheckResult(id: "namespace", title: namespaceTitle, status: .error, message: "Non vérifié : kubectl est introuvable."),
            ])
        case .failure(let error):
            return report([
                kubectl,
                CheckResult(id: "cluster", title: clusterTitle, status: .failed, message: error.message),
                CheckResult(id: "namespace", title: namespaceTitle, status: .error, message: "Non vérifié : le cluster ne répond pas."),
            ])
        }
    }
}
