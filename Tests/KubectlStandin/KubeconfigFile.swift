import Foundation

/// What the stand-in knows of kubeconfig files: `kubectl config view --raw -o json --kubeconfig F`
/// (kubectl's reading of the file: the fields its Go types know, others dropped, as the real
/// kubectl does), and the API server the current context points to.
enum KubeconfigFile {
    /// The fields of kubectl's `clientcmd/api/v1` types, per level; anything else is dropped on reading.
    static let clusterFields: Set<String> = ["server", "tls-server-name", "insecure-skip-tls-verify", "certificate-authority",
                                             "certificate-authority-data", "proxy-url", "disable-compression", "extensions"]
    static let userFields: Set<String> = ["client-certificate", "client-certificate-data", "client-key", "client-key-data", "token",
                                          "tokenFile", "as", "as-uid", "as-groups", "as-user-extra", "username", "password",
                                          "auth-provider", "exec", "extensions"]
    static let contextFields: Set<String> = ["cluster", "user", "namespace", "extensions"]

    /// Reads `path` (JSON, or the YAML subset of `YAMLSubset`); a missing file is an empty config,
    /// as for kubectl.
    static func load(_ path: String) throws(StandinFailure) -> JSON {
        guard let data = FileManager.default.contents(atPath: path) else { return .object([:]) }
        let text = String(decoding: data, as: UTF8.self)
        do {
            if text.drop(while: { $0.isWhitespace }).first == "{" {
                return try JSONParser.parse([UInt8](data))
            }
            return try YAMLSubset.parse(text)
        } catch let failure as YAMLSubset.Failure {
            throw StandinFailure(exitCode: 1, stderr: "error: error loading config file \"\(path)\": yaml: line \(failure.line): \(failure.reason)\n")
        } catch {
            throw StandinFailure(exitCode: 1, stderr: "error: error loading config file \"\(path)\": \(error)\n")
        }
    }

    /// `config view --raw -o json`: the reading of the file, shaped as kubectl prints it.
    static func view(_ path: String) throws(StandinFailure) -> JSON {
        let file = try load(path)
        if case .null = file { return empty }
        guard case .object(let top) = file else {
            throw StandinFailure(exitCode: 1, stderr: "error: error loading config file \"\(path)\": couldn't get version/kind; json parse error: json: cannot unmarshal string into Go value of type struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }\n")
        }
        var result = empty
        result["preferences"] = top["preferences"].flatMap { $0.object == nil ? nil : $0 } ?? .object([:])
        for (list, entry, fields) in [("clusters", "cluster", clusterFields), ("users", "user", userFields), ("contexts", "context", contextFields)] {
            guard let items = top[list], items != .null else { continue }
            guard let array = items.array else {
                throw StandinFailure(exitCode: 1, stderr: "error: error loading config file \"\(path)\": json: cannot unmarshal \(items.goTypeName) into Go struct field Config.\(list) of type []v1.Named\(entry.capitalized)\n")
            }
            result[list] = .array(array.map { item in
                var named: [String: JSON] = ["name": item["name"] ?? .string("")]
                named[entry] = .object((item[entry]?.object ?? [:]).filter { fields.contains($0.key) })
                return .object(named)
            })
        }
        if let current = top["current-context"]?.string { result["current-context"] = .string(current) }
        if let extensions = top["extensions"] { result["extensions"] = extensions }
        return result
    }

    /// The `server` of the current context's cluster, or nil when the file does not say.
    static func server(_ path: String) -> String? {
        guard let config = try? load(path), let current = config["current-context"]?.string,
              let context = config["contexts"]?.array?.first(where: { $0["name"]?.string == current }),
              let clusterName = context.at("context", "cluster")?.string,
              let cluster = config["clusters"]?.array?.first(where: { $0["name"]?.string == clusterName }) else { return nil }
        return cluster.at("cluster", "server")?.string
    }

    private static let empty: JSON = .object([
        "kind": .string("Config"), "apiVersion": .string("v1"), "preferences": .object([:]),
        "clusters": .null, "users": .null, "contexts": .null, "current-context": .string(""),
    ])
}

private extension JSON {
    var goTypeName: String {
        switch self {
        case .number: "number"
        case .string: "string"
        case .bool: "bool"
        case .object: "object"
        default: "value"
        }
    }
}
