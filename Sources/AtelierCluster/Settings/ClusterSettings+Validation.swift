import AtelierContent

extension ClusterSettings {
    /// Learner id used to test `{learner}` templates at start-up: any valid id gives the same
    /// verdict, since ids are fixed-length and drawn from a DNS-safe alphabet.
    package static let sampleLearnerId = "abcdefgh2345"

    /// Accepted ranges, in one place (config.json is read by `init(reading:)` and checked here).
    package static let requestTimeoutRange = 1...300
    package static let checkTimeoutLimit = 600.0
    package static let maxConcurrentKubectlRange = 1...64
    package static let observeIdleMinutesRange = 0...1440

    /// Rejects settings that cannot work, naming the key, so a typo stops start-up instead of
    /// failing every learner's first « Vérifier ».
    public func validate() throws(ClusterSettingsError) {
        if kubectl.isEmpty {
            throw ClusterSettingsError(.invalidCommand, key: "cluster.kubectl",
                message: "la commande kubectl est vide ; exemple : [\"kubectl\"] ou [\"microk8s\", \"kubectl\"].")
        }
        for (index, element) in kubectl.enumerated() where element.isEmpty || !DNSNames.hasNoControlCharacters(element) {
            throw ClusterSettingsError(.invalidCommand, key: "cluster.kubectl[\(index)]",
                message: "l'élément \(index) de la commande kubectl est vide ou contient un caractère de contrôle.")
        }
        if let kubeconfig, kubeconfig.isEmpty || !DNSNames.hasNoControlCharacters(kubeconfig) {
            throw ClusterSettingsError(.invalidKubeconfig, key: "cluster.kubeconfig",
                message: "le chemin du kubeconfig est vide ou contient un caractère de contrôle ; mettez null pour utiliser KUBECONFIG.")
        }
        guard Self.requestTimeoutRange.contains(requestTimeoutSeconds) else {
            throw ClusterSettingsError(.invalidTimeout, key: "cluster.requestTimeoutSeconds",
                message: "\(requestTimeoutSeconds) n'est pas un délai possible : il faut un nombre entier de secondes entre 1 et 300.")
        }
        guard checkTimeoutSeconds.isFinite, checkTimeoutSeconds > 0, checkTimeoutSeconds <= Self.checkTimeoutLimit else {
            throw ClusterSettingsError(.invalidTimeout, key: "cluster.checkTimeoutSeconds",
                message: "\(checkTimeoutSeconds) n'est pas un délai possible : il faut un nombre de secondes strictement positif, au plus 600.")
        }
        guard checkTimeoutSeconds >= Double(requestTimeoutSeconds) else {
            throw ClusterSettingsError(.invalidTimeout, key: "cluster.checkTimeoutSeconds",
                message: "le délai d'une vérification (\(checkTimeoutSeconds) s) doit être au moins celui d'une requête (cluster.requestTimeoutSeconds = \(requestTimeoutSeconds) s).")
        }
        guard Self.maxConcurrentKubectlRange.contains(maxConcurrentKubectl) else {
            throw ClusterSettingsError(.invalidConcurrency, key: "cluster.maxConcurrentKubectl",
                message: "\(maxConcurrentKubectl) processus kubectl simultanés n'a pas de sens : choisissez entre 1 et 64.")
        }
        guard Self.observeIdleMinutesRange.contains(observeIdleMinutes) else {
            throw ClusterSettingsError(.invalidTimeout, key: "cluster.observeIdleMinutes",
                message: "\(observeIdleMinutes) minutes n'a pas de sens : choisissez entre 0 (pas d'observation) et 1440.")
        }
        _ = try target(learnerId: Self.sampleLearnerId)
    }
}
