import AtelierContent

extension ClusterSettings: Decodable {
    private struct Key: CodingKey {
        package let stringValue: String
        package var intValue: Int? { nil }
        package init(stringValue: String) { self.stringValue = stringValue }
        package init?(intValue: Int) { nil }
    }

    private static let knownKeys: Set<String> = [
        "kubectl", "kubeconfig", "context", "namespace", "requestTimeoutSeconds", "checkTimeoutSeconds",
        "maxConcurrentKubectl",
    ]

    /// Decodes the `cluster` object with the documented defaults for missing keys, and refuses
    /// unknown keys so that `"namspace"` is reported instead of silently ignored.
    /// Call `validate()` afterwards: decoding only checks types.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        for key in container.allKeys where !Self.knownKeys.contains(key.stringValue) {
            throw ClusterSettingsError(.unknownKey, key: "cluster.\(key.stringValue)",
                message: "clé inconnue ; clés reconnues : \(Self.knownKeys.sorted().joined(separator: ", ")).")
        }
        func value<T: Decodable>(_ name: String, _ type: T.Type) throws -> T? {
            do {
                return try container.decodeIfPresent(type, forKey: Key(stringValue: name))
            } catch {
                throw ClusterSettingsError(.invalidType, key: "cluster.\(name)", message: "type de valeur inattendu.")
            }
        }
        let defaults = ClusterSettings()
        self.init(
            kubectl: try value("kubectl", [String].self) ?? defaults.kubectl,
            kubeconfig: try value("kubeconfig", String.self),
            context: try value("context", String.self),
            namespace: try value("namespace", String.self) ?? defaults.namespace,
            requestTimeoutSeconds: try value("requestTimeoutSeconds", Int.self) ?? defaults.requestTimeoutSeconds,
            checkTimeoutSeconds: try value("checkTimeoutSeconds", Double.self) ?? defaults.checkTimeoutSeconds,
            maxConcurrentKubectl: try value("maxConcurrentKubectl", Int.self) ?? defaults.maxConcurrentKubectl
        )
    }
}
