import AtelierContent

/// A `cluster` setting that cannot work, or a target that cannot be resolved.
///
/// Carries the offending key so the operator can fix config.json without guessing; the App maps
/// `learnerRequired` and `invalidLearnerId` to 401 and the rest to a start-up failure.
public struct ClusterSettingsError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// `kubectl` is empty or holds an empty / NUL-containing element.
        case invalidCommand
        /// A timeout is zero, negative, not finite or absurdly long.
        case invalidTimeout
        /// `maxConcurrentKubectl` is outside 1…64.
        case invalidConcurrency
        /// `namespace` is not a DNS-1123 label once `{learner}` is substituted.
        case invalidNamespace
        /// `context` is empty or holds control characters.
        case invalidContext
        /// `kubeconfig` is empty or holds control characters.
        case invalidKubeconfig
        /// A template holds a `{…}` placeholder other than `{learner}`.
        case unknownPlaceholder
        /// A key of the `cluster` section that does not exist (a typo would otherwise be ignored).
        case unknownKey
        /// An `allowedServers` entry is not a CIDR block.
        case invalidServers
        /// A key has the wrong JSON type.
        case invalidType
        /// The namespace or context is per learner but no learner was identified.
        case learnerRequired
        /// The learner id is not 12 characters of `[a-z2-7]`.
        case invalidLearnerId
    }

    public let code: Code
    /// The config key at fault, e.g. `cluster.namespace`.
    public let key: String
    /// French explanation for the operator or the learner.
    public let message: String

    public init(_ code: Code, key: String, message: String) {
        self.code = code
        self.key = key
        self.message = message
    }

    public var description: String { "\(key) : \(message)" }
}
