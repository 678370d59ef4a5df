import AtelierContent
import Foundation

/// The parts of a StatefulSet the checks need, with the API's defaults applied.
package struct StatefulSetState: Sendable {
    package var name: String
    package var uid: String?
    package var created: Date?
    /// `spec.replicas`, 1 when omitted.
    package var replicas: Int
    /// `status.readyReplicas`, which the API omits when it is 0.
    package var readyReplicas: Int
    package var serviceName: String?
    /// `OrderedReady` unless the manifest says otherwise.
    package var podManagementPolicy: String
    package var templateLabels: [String: String]
    package var selector: [String: String]
    package var containers: [ContainerSpec]
    package var claimTemplates: [String]

    package init?(_ json: JSONValue) {
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
    package func ordinal(ofPod pod: String) -> Int? {
        guard pod.hasPrefix(name + "-") else { return nil }
        let suffix = pod.dropFirst(name.count + 1)
        guard !suffix.isEmpty, suffix.allSatisfy(\.isNumber), suffix.count < 6 else { return nil }
        return Int(suffix)
    }

    package static func stringMap(_ json: JSONValue?) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in json?.objectValue ?? [:] {
            if let text = value.stringValue { result[key] = text }
        }
        return result
    }
}
