import Foundation

/// The parts of a StatefulSet the checks need, with the API's defaults applied.
struct StatefulSetState: Sendable {
    var name: String
    var uid: String?
    var created: Date?
    /// `spec.replicas`, 1 when omitted.
    var replicas: Int
    /// `status.readyReplicas`, which the API omits when it is 0.
    var readyReplicas: Int
    var serviceName: String?
    /// `OrderedReady` unless the manifest says otherwise.
    var podManagementPolicy: String
    var templateLabels: [String: String]
    var selector: [String: String]
    var containers: [ContainerSpec]
    var claimTemplates: [String]

    init?(_ json: JSONValue) {
        guard let name = json.string(at: "metadata", "name") else { return nil }
        self.name = name
        uid = json.string(at: "metadata", "uid")
        created = json.string(at: "metadata", "creationTimestamp").flatMap(KubeTime.parse)
        replicas = json.value(at: "spec", "replicas")?.intValue ?? 1
        readyReplicas = json.value(at: "status", "readyReplicas")?.intValue ?? 0
        serviceName = json.string(at: "spec", "serviceName")
        podManagementPolicy = json.string(at: "spec", "podManagementPolicy") ?? "OrderedReady"
        templateLabels = Self.stringMap(json.value(at: "spec", "template", "metadata", "labels"))
        selector = Self.stringMap(json.value(at: "spec", "selector", "matchLabels"))
        containers = ContainerSpec.list(json.value(at: "spec", "template", "spec", "containers"))
        claimTemplates = (json.value(at: "spec", "volumeClaimTemplates")?.arrayValue ?? []).compactMap { $0.string(at: "metadata", "name") }
    }

    /// `postgres-2` → 2 for this StatefulSet's pods; nil for any other name.
    func ordinal(ofPod pod: String) -> Int? {
        guard pod.hasPrefix(name + "-") else { return nil }
        let suffix = pod.dropFirst(name.count + 1)
        guard !suffix.isEmpty, suffix.allSatisfy(\.isNumber), suffix.count < 6 else { return nil }
        return Int(suffix)
    }

    static func stringMap(_ json: JSONValue?) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in json?.objectValue ?? [:] {
            if let text = value.stringValue { result[key] = text }
        }
        return result
    }
}
