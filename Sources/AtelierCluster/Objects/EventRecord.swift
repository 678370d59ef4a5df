import AtelierContent
import Foundation

/// A core/v1 Event, with the timestamps kubectl really fills in.
///
/// Controller events have `firstTimestamp`/`lastTimestamp` at second granularity and a null
/// `eventTime`; newer reporters do the opposite. A repeated event is aggregated: `count` grows,
/// `lastTimestamp` moves, `firstTimestamp` stays.
package struct EventRecord: Sendable {
    package var name: String
    package var objectKind: String
    package var objectName: String
    package var objectUID: String?
    package var reason: String
    package var message: String
    package var type: String
    package var count: Int
    /// When it first happened.
    package var firstTime: Date?
    /// When it last happened.
    package var lastTime: Date?

    package init?(_ json: JSONValue) {
        guard let name = json.string(at: "metadata", "name") else { return nil }
        self.name = name
        objectKind = json.string(at: "involvedObject", "kind") ?? ""
        objectName = json.string(at: "involvedObject", "name") ?? ""
        objectUID = json.string(at: "involvedObject", "uid")
        reason = json["reason"]?.stringValue ?? ""
        message = json["message"]?.stringValue ?? ""
        type = json["type"]?.stringValue ?? "Normal"
        count = json["count"]?.intValue ?? 1
        let first = json["firstTimestamp"]?.stringValue.flatMap(KubeTime.parse)
        let last = json["lastTimestamp"]?.stringValue.flatMap(KubeTime.parse)
        let eventTime = json["eventTime"]?.stringValue.flatMap(KubeTime.parse)
        let created = json.string(at: "metadata", "creationTimestamp").flatMap(KubeTime.parse)
        firstTime = first ?? eventTime ?? created
        lastTime = last ?? eventTime ?? first ?? created
    }
}
