import Foundation

/// One thing Atelier saw happen in a learner's namespace, as it saw it: the clock is the server's,
/// at the moment the watch reported it, so the order of entries is the order of the changes.
///
/// Kept small and flat (one struct, optional fields by kind) because it is stored in the
/// learner's timeline file and read back after a restart.
package struct TimelineEntry: Codable, Sendable, Hashable {
    package enum Kind: String, Codable, Sendable {
        /// A pod object appeared (new uid).
        case podCreated
        /// Its Ready condition became True.
        case podReady
        /// The pod object is gone (that uid will never come back).
        case podDeleted
        case claimCreated
        case claimDeleted
        /// `spec.replicas` of a StatefulSet changed (`from` → `to`).
        case replicasChanged
        /// The pod template changed (`kubectl rollout restart`, a new image…): a new `updateRevision`.
        case templateChanged
        /// A statefulset-controller event (SuccessfulCreate, SuccessfulDelete, FailedCreate…).
        case controllerEvent
        /// Atelier started (or resumed) watching this resource type: before this, for this type,
        /// nothing was seen.
        case watchStarted
        /// The watch stopped (idle learner, server restart, stream lost): until the next
        /// `watchStarted`, changes of this type may have been missed.
        case watchStopped
    }

    package var kind: Kind
    package var at: Date
    /// Pod, claim or StatefulSet name; the resource type for watch entries.
    package var object: String?
    package var uid: String?
    /// For pods and claims of a StatefulSet: the ordinal in the name.
    package var ordinal: Int?
    /// StatefulSet replicas before and after.
    package var from: Int?
    package var to: Int?
    package var revision: String?
    package var reason: String?
    package var message: String?
    /// True when the change was not seen as it happened but deduced from a fresh list after a
    /// gap (the object had vanished or had a new uid): it happened within the gap, in no known order.
    package var inferred: Bool?

    package init(_ kind: Kind, at: Date, object: String? = nil, uid: String? = nil, ordinal: Int? = nil, from: Int? = nil,
                 to: Int? = nil, revision: String? = nil, reason: String? = nil, message: String? = nil, inferred: Bool? = nil) {
        self.kind = kind
        self.at = at
        self.object = object
        self.uid = uid
        self.ordinal = ordinal
        self.from = from
        self.to = to
        self.revision = revision
        self.reason = reason
        self.message = message
        self.inferred = inferred
    }
}
