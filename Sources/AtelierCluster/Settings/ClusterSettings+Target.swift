import AtelierContent

extension ClusterSettings {
    /// True when each learner gets a namespace or context of their own, so requests without a
    /// learner cannot be served.
    public var isPerLearner: Bool {
        namespace.contains("{learner}") || (context?.contains("{learner}") ?? false)
    }

    /// True when every learner has a namespace of their own on one cluster reached through one
    /// context: the observer then watches the whole class with one `--all-namespaces` process per
    /// resource type instead of a set of processes per learner.
    public var watchesClassWide: Bool {
        namespace.contains("{learner}") && !(context?.contains("{learner}") ?? false)
    }

    /// Substitutes the learner id into the namespace and context templates.
    ///
    /// Re-validates the result because the namespace goes into kubectl's argv and must stay a
    /// DNS-1123 label whatever the id; a per-learner template without a learner is
    /// `learnerRequired`, which the App answers with 401. `learnerKubeconfig` is the path of the
    /// learner's own kubeconfig: it replaces the configured kubeconfig and context.
    public func target(learnerId: String?, learnerKubeconfig: String? = nil) throws(ClusterSettingsError) -> ClusterTarget {
        if isPerLearner {
            guard let learnerId else {
                throw ClusterSettingsError(.learnerRequired, key: "cluster.namespace",
                    message: "Identifiez-vous : chaque apprenant travaille dans son propre namespace.")
            }
            guard DNSNames.isLearnerId(learnerId) else {
                throw ClusterSettingsError(.invalidLearnerId, key: "learner",
                    message: "Identifiant d'apprenant invalide : 12 caractères parmi a–z et 2–7 sont attendus.")
            }
        }
        let namespace = try Self.substitute(namespace, learnerId: learnerId, key: "cluster.namespace")
        guard DNSNames.isLabel(namespace) else {
            throw ClusterSettingsError(.invalidNamespace, key: "cluster.namespace",
                message: "« \(namespace) » n'est pas un nom de namespace valide (DNS-1123 : au plus 63 caractères parmi a–z, 0–9 et « - », commençant et finissant par une lettre ou un chiffre).")
        }
        if let learnerKubeconfig {
            return ClusterTarget(namespace: namespace, context: nil, kubeconfig: learnerKubeconfig)
        }
        var context: String?
        if let template = self.context {
            let value = try Self.substitute(template, learnerId: learnerId, key: "cluster.context")
            guard !value.isEmpty, value.utf8.count <= 253, DNSNames.hasNoControlCharacters(value) else {
                throw ClusterSettingsError(.invalidContext, key: "cluster.context",
                    message: "le contexte kubeconfig est vide, trop long ou contient un caractère de contrôle ; mettez null pour le contexte courant.")
            }
            context = value
        }
        return ClusterTarget(namespace: namespace, context: context)
    }

    /// Replaces `{learner}` and refuses any other placeholder, which is almost certainly a typo.
    private static func substitute(_ template: String, learnerId: String?, key: String) throws(ClusterSettingsError) -> String {
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw ClusterSettingsError(.unknownPlaceholder, key: key,
                    message: "accolade « { » non fermée dans « \(template) » ; seul {learner} est reconnu.")
            }
            let name = rest[rest.index(after: open)..<close]
            guard name == "learner" else {
                throw ClusterSettingsError(.unknownPlaceholder, key: key,
                    message: "« {\(name)} » n'est pas reconnu dans « \(template) » ; seul {learner} est remplacé.")
            }
            result += learnerId ?? ""
            rest = rest[rest.index(after: close)...]
        }
        if rest.contains("}") {
            throw ClusterSettingsError(.unknownPlaceholder, key: key,
                message: "accolade « } » isolée dans « \(template) » ; seul {learner} est reconnu.")
        }
        result += rest
        return result
    }
}
