import AtelierContent

/// Everything one `kubectl get <kinds> -o json` returned for a namespace, read once per run so
/// that all the checks of a step judge the same instant.
///
/// Secrets are reduced to their key names on the way in: their values (and the
/// `last-applied-configuration` annotation that repeats them) never live past parsing.
package struct ClusterSnapshot: Sendable {
    /// Outcome of looking an object up.
    package enum Lookup: Sendable {
        case found(JSONValue)
        case missing
        /// The kind could not be listed (Forbidden): the check cannot judge.
        case unavailable(KubectlError)
    }

    package let namespace: String
    private(set) var objects: [ResourceKind: [String: JSONValue]] = [:]
    /// Kinds kubectl refused to list, with the classified reason.
    private(set) var unavailable: [ResourceKind: KubectlError] = [:]

    package init(namespace: String) {
        self.namespace = namespace
    }

    /// Builds a snapshot from a kubectl `List` document. Items of kinds that were not asked for,
    /// or without a name, are ignored rather than trusted.
    package init(namespace: String, list: JSONValue, kinds: Set<ResourceKind>) throws(KubectlError) {
        self.namespace = namespace
        guard case .array(let items)? = list["items"] else {
            throw KubectlError(.unparsableOutput, message: "La réponse de kubectl n'est pas une liste d'objets (champ items absent).")
        }
        for kind in kinds { objects[kind] = [:] }
        for item in items {
            guard let kindName = item["kind"]?.stringValue, let kind = ResourceKind(rawValue: kindName), kinds.contains(kind),
                  let name = item.string(at: "metadata", "name") else { continue }
            objects[kind, default: [:]][name] = kind == .secret ? Self.redactSecret(item) : item
        }
    }

    package mutating func markUnavailable(_ kind: ResourceKind, because error: KubectlError) {
        unavailable[kind] = error
        objects[kind] = nil
    }

    package func lookup(_ kind: ResourceKind, _ name: String) -> Lookup {
        if let error = unavailable[kind] { return .unavailable(error) }
        if let object = objects[kind]?[name] { return .found(object) }
        return .missing
    }

    /// All objects of a kind, sorted by name; empty when the kind is unavailable.
    package func all(_ kind: ResourceKind) -> [JSONValue] {
        (objects[kind] ?? [:]).sorted { $0.key < $1.key }.map(\.value)
    }

    package func statefulSet(_ name: String) -> StatefulSetState? {
        if case .found(let json) = lookup(.statefulSet, name) { return StatefulSetState(json) }
        return nil
    }

    package func pod(_ name: String) -> PodState? {
        if case .found(let json) = lookup(.pod, name) { return PodState(json) }
        return nil
    }

    package func claim(_ name: String) -> ClaimState? {
        if case .found(let json) = lookup(.persistentVolumeClaim, name) { return ClaimState(json) }
        return nil
    }

    package func service(_ name: String) -> ServiceState? {
        if case .found(let json) = lookup(.service, name) { return ServiceState(json) }
        return nil
    }

    package var events: [EventRecord] { all(.event).compactMap(EventRecord.init) }

    package var pods: [PodState] { all(.pod).compactMap(PodState.init) }

    /// Keeps what a check may look at — name, labels, type, key names — and drops the values.
    package static func redactSecret(_ item: JSONValue) -> JSONValue {
        var metadata: [String: JSONValue] = [:]
        for key in ["name", "namespace", "uid", "creationTimestamp", "labels"] {
            if let value = item.value(at: "metadata", key) { metadata[key] = value }
        }
        var keys: [String: JSONValue] = [:]
        for field in ["data", "stringData"] {
            for key in item[field]?.objectValue?.keys ?? [:].keys { keys[key] = .string("") }
        }
        var redacted: [String: JSONValue] = [
            "apiVersion": .string("v1"), "kind": .string("Secret"), "metadata": .object(metadata), "data": .object(keys),
        ]
        if let type = item["type"] { redacted["type"] = type }
        return .object(redacted)
    }
}
