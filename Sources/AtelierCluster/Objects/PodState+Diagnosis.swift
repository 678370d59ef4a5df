import AtelierContent

extension PodState {
    /// Why this pod is not Ready, in one French clause naming the pod (« postgres-2 est en
    /// CrashLoopBackOff (5 redémarrages) »), or nil when it is Ready.
    ///
    /// `crashLoopHint` is appended after a crash (« — POSTGRES_PASSWORD est-il défini ? »):
    /// the lesson knows the likely cause, the cluster does not.
    package func diagnosis(crashLoopHint: String? = nil) -> String? {
        if deleting { return "\(name) est en cours de suppression" }
        if ready && phase == "Running" { return nil }
        let restartsText = FrenchText.count(restarts, "redémarrage", "redémarrages")
        let crashSuffix = crashLoopHint.map { " — \($0)" } ?? ""
        for status in statuses {
            if let reason = status.waitingReason {
                switch reason {
                case "CrashLoopBackOff":
                    return "\(name) est en CrashLoopBackOff (\(restartsText))\(crashSuffix)"
                case "ImagePullBackOff", "ErrImagePull", "InvalidImageName":
                    return "\(name) ne peut pas télécharger son image (\(reason)) — le nom de l'image est-il correct ?"
                case "CreateContainerConfigError", "CreateContainerError":
                    let detail = status.waitingMessage.map { " : \(Self.shorten($0))" } ?? ""
                    return "\(name) ne peut pas démarrer son conteneur (\(reason)\(detail))"
                case "ContainerCreating", "PodInitializing":
                    return "\(name) est en cours de démarrage (\(reason))"
                default:
                    return "\(name) est en attente (\(reason))"
                }
            }
            if let reason = status.terminatedReason {
                let suffix = reason == "Error" || reason == "OOMKilled" ? crashSuffix : ""
                return "\(name) s'est arrêté (\(reason), \(restartsText))\(suffix)"
            }
        }
        if let message = unschedulableMessage {
            return message.isEmpty ? "\(name) attend d'être placé sur un nœud"
                : "\(name) attend d'être placé sur un nœud (\(Self.shorten(message)))"
        }
        switch phase {
        case "Succeeded", "Failed":
            return "\(name) est terminé (phase \(phase))"
        case "Pending":
            return "\(name) est en attente (Pending)"
        case "Running":
            let restarted = restarts > 0 ? ", \(restartsText)" : ""
            return "\(name) tourne mais n'est pas encore prêt (readinessProbe\(restarted))"
        default:
            return "\(name) est dans l'état \(phase)"
        }
    }

    /// Kubernetes messages can be long; one line of them is enough in a verdict.
    package static func shorten(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
        return line.count > 160 ? String(line.prefix(160)) + "…" : line
    }

    /// `CrashLoopBackOff`, `Pending`…: the state quoted when an exec cannot happen.
    package var stateText: String {
        reason ?? phase
    }
}
