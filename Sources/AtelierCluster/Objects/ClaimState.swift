import AtelierContent
import Foundation

/// A PersistentVolumeClaim as the storage checks and the observation panel see it.
package struct ClaimState: Sendable {
    package var name: String
    package var uid: String?
    package var created: Date?
    package var phase: String
    package var storageClass: String?
    package var volume: String?
    package var capacity: String?

    package init?(_ json: JSONValue) {
        guard let name = json.string(at: "metadata", "name") else { return nil }
        self.name = name
        uid = json.string(at: "metadata", "uid")
        created = json.string(at: "metadata", "creationTimestamp").flatMap(KubeTime.parse)
        phase = json.string(at: "status", "phase") ?? "Pending"
        storageClass = json.string(at: "spec", "storageClassName")
        volume = json.string(at: "spec", "volumeName")
        capacity = json.string(at: "status", "capacity", "storage")
    }
}
