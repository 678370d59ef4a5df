import Foundation

/// A PersistentVolumeClaim as the storage checks and the observation panel see it.
struct ClaimState: Sendable {
    var name: String
    var created: Date?
    var phase: String
    var storageClass: String?
    var volume: String?
    var capacity: String?

    init?(_ json: JSONValue) {
        guard let name = json.string(at: "metadata", "name") else { return nil }
        self.name = name
        created = json.string(at: "metadata", "creationTimestamp").flatMap(KubeTime.parse)
        phase = json.string(at: "status", "phase") ?? "Pending"
        storageClass = json.string(at: "spec", "storageClassName")
        volume = json.string(at: "spec", "volumeName")
        capacity = json.string(at: "status", "capacity", "storage")
    }
}
