import AtelierContent
import Foundation

/// One change a watch reported: `{"type": "ADDED"|"MODIFIED"|"DELETED"|"ERROR"|"BOOKMARK", "object": …}`.
package struct WatchEvent: Sendable {
    package enum Change: String, Sendable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
        case bookmark = "BOOKMARK"
        case error = "ERROR"
    }

    package var change: Change
    package var object: JSONValue

    package init?(_ json: JSONValue) {
        guard let type = json["type"]?.stringValue, let change = Change(rawValue: type), let object = json["object"] else {
            return nil
        }
        self.change = change
        self.object = object
    }

    package init?(bytes: [UInt8]) {
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else { return nil }
        self.init(json)
    }

    /// An `ERROR` carrying `410 Gone`/`Expired`: the resource version the watch started from was
    /// compacted; the only way on is a fresh list.
    package var isExpired: Bool {
        change == .error && (object["code"]?.intValue == 410 || object["reason"]?.stringValue == "Expired"
            || object["reason"]?.stringValue == "Gone")
    }
}
