import AtelierCluster
import AtelierContent
import Foundation

extension CheckEvaluator {
    func containerImage(_ reference: ContainerReference, _ expected: String) -> Evaluation {
        withContainer(reference) { _, _, container in
            let actual = container.image ?? ""
            let values = ["actual": actual.isEmpty ? "(aucune)" : actual]
            return Self.imageMatches(actual, expected) ? .passed(values) : .failed("mismatch", values)
        }
    }

    /// `postgres:16` accepts `docker.io/library/postgres:16`, `postgres:16.4` and
    /// `postgres:16-alpine` (same major version), but not `postgres`, `postgres:17` or
    /// `postgres:latest`.
    static func imageMatches(_ actual: String, _ expected: String) -> Bool {
        let (actualRepository, actualTag) = splitImage(actual)
        let (expectedRepository, expectedTag) = splitImage(expected)
        guard actualRepository == expectedRepository else { return false }
        guard let expectedTag else { return true }
        guard let actualTag else { return false }
        return actualTag == expectedTag || actualTag.hasPrefix(expectedTag + ".") || actualTag.hasPrefix(expectedTag + "-")
    }

    private static func splitImage(_ image: String) -> (repository: String, tag: String?) {
        var name = image.split(separator: "@", maxSplits: 1).first.map(String.init) ?? image
        for prefix in ["docker.io/", "index.docker.io/", "registry-1.docker.io/"] where name.hasPrefix(prefix) {
            name = String(name.dropFirst(prefix.count))
        }
        if name.hasPrefix("library/") { name = String(name.dropFirst("library/".count)) }
        // A colon after the last slash separates the tag (a colon before it is a registry port).
        let lastSlash = name.lastIndex(of: "/")
        if let colon = name.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true {
            return (String(name[..<colon]), String(name[name.index(after: colon)...]))
        }
        return (name, nil)
    }

    /// The variable must come from the Secret's key through `valueFrom.secretKeyRef` (or an
    /// `envFrom` import of that Secret). A literal value is reported without ever being quoted.
    func envFromSecret(_ reference: ContainerReference, _ variable: String, _ secret: String, _ key: String) -> Evaluation {
        withContainer(reference, [.statefulSet, .secret]) { snapshot, _, container in
            let secretKeys: [String]? = {
                if case .found(let object) = snapshot.lookup(.secret, secret) { return Self.secretKeys(object) }
                return nil
            }()
            func keysText(_ keys: [String]) -> String { keys.isEmpty ? "aucune" : FrenchText.list(keys) }
            if let entry = container.env.last(where: { $0.name == variable }) {
                switch entry.source {
                case .literal:
                    return .failed("literal")
                case .configMapKey(let map, _):
                    return .failed("otherSource", ["source": "ConfigMap \(map)"])
                case .field(let path):
                    return .failed("otherSource", ["source": "champ \(path)"])
                case .other:
                    return .failed("otherSource", ["source": "source non reconnue"])
                case .secretKey(let actualSecret, let actualKey):
                    guard actualSecret == secret else { return .failed("wrongSecret", ["actualSecret": actualSecret]) }
                    guard actualKey == key else { return .failed("wrongKey", ["actualKey": actualKey]) }
                    guard let keys = secretKeys else { return .failed("secretMissing") }
                    guard keys.contains(key) else { return .failed("keyMissing", ["keys": keysText(keys)]) }
                    return .passed()
                }
            }
            if container.envFromSecrets.contains(secret) && variable == key {
                guard let keys = secretKeys else { return .failed("secretMissing") }
                guard keys.contains(key) else { return .failed("keyMissing", ["keys": keysText(keys)]) }
                return .passed()
            }
            return .failed("absent")
        }
    }

    /// PGDATA (or any path variable) must lie on the volume, otherwise the data is written to the
    /// container's own layer and lost with the pod.
    func envPathUnderMount(_ reference: ContainerReference, _ variable: String, _ volume: String, _ defaultValue: String?) -> Evaluation {
        withContainer(reference) { _, _, container in
            let value: String
            if let entry = container.env.last(where: { $0.name == variable }) {
                guard case .literal(let literal) = entry.source else {
                    let mount = container.volumeMounts.first { $0.volume == volume }?.path ?? "?"
                    return .failed("notLiteral", ["mountPath": mount])
                }
                value = literal
            } else if let defaultValue {
                value = defaultValue
            } else {
                return .failed("absent")
            }
            guard let mount = container.volumeMounts.first(where: { $0.volume == volume }) else { return .failed("notMounted") }
            let values = ["value": value, "mountPath": mount.path]
            return Self.isPath(value, under: mount.path) ? .passed(values) : .failed("outside", values)
        }
    }

    static func isPath(_ path: String, under mount: String) -> Bool {
        func components(_ text: String) -> [Substring] { text.split(separator: "/") }
        let pathParts = components(path)
        let mountParts = components(mount)
        guard path.hasPrefix("/"), !pathParts.contains(".."), pathParts.count >= mountParts.count else { return false }
        return Array(pathParts.prefix(mountParts.count)) == mountParts
    }

    func readinessProbe(_ reference: ContainerReference, _ executable: String) -> Evaluation {
        withContainer(reference) { _, _, container in
            guard let probe = container.readinessProbe, probe != .null else { return .failed("absent") }
            guard let command = probe.value(at: "exec", "command")?.arrayValue?.compactMap(\.stringValue), !command.isEmpty else {
                let type = ["httpGet", "tcpSocket", "grpc"].first { probe[$0] != nil } ?? "aucune action"
                return .failed("notExec", ["probeType": type])
            }
            let joined = command.joined(separator: " ")
            let values = ["command": joined.count > 120 ? String(joined.prefix(120)) + "…" : joined]
            // Also accepts `sh -c "pg_isready -U postgres"` and `/usr/bin/pg_isready`.
            let words = command.flatMap { $0.split(whereSeparator: { $0 == " " || $0 == ";" || $0 == "&" || $0 == "|" }) }
            let found = words.contains { $0 == executable || $0.hasSuffix("/" + executable) }
            return found ? .passed(values) : .failed("mismatch", values)
        }
    }
}
