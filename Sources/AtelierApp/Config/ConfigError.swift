import AtelierCluster

/// Why config.json cannot be used; start-up stops with a message naming the key.
public struct ConfigError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Code: String, Sendable {
        case unreadable
        case invalidJSON
        case unknownKey
        case wrongType
        case invalidValue
    }

    public var code: Code
    /// Dotted key path (`cluster.requestTimeoutSeconds`), or the file for file-level problems.
    public var key: String
    public var detail: String

    public init(_ code: Code, key: String, _ detail: String) {
        self.code = code
        self.key = key
        self.detail = detail
    }

    /// A `cluster` setting refused by the cluster module, under the same key.
    init(_ error: ClusterSettingsError) {
        let code: Code = switch error.code {
        case .unknownKey: .unknownKey
        case .invalidType: .wrongType
        default: .invalidValue
        }
        self.init(code, key: error.key, error.message)
    }

    public var description: String {
        switch code {
        case .unreadable, .invalidJSON: return "config: \(detail)"
        default: return "config key \"\(key)\": \(detail)"
        }
    }
}
