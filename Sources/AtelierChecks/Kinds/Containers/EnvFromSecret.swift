import AtelierCluster
import AtelierContent

/// `envFromSecret`: a variable comes from a Secret's key through `valueFrom.secretKeyRef` (or
/// an `envFrom` import of that Secret). A literal value is reported without ever being quoted.
struct EnvFromSecret: CheckKind {
    static let name = "envFromSecret"

    enum Outcome: String, ContainerOutcome {
        case passed, absent, literal, otherSource, wrongSecret, wrongKey, secretMissing, keyMissing, containerMissing, missing
    }

    let container: ContainerReference
    let variable: String
    let secret: String
    let key: String

    init(_ parameters: inout ParameterReader) throws(ParameterProblem) {
        container = try parameters.container()
        variable = try parameters.environmentName("variable")
        secret = try parameters.objectName("secret")
        key = try parameters.secretKey("key")
    }

    var requirements: CheckRequirements { CheckRequirements(kinds: [.statefulSet, .secret]) }
    var values: [String: String] { container.values.merging(["variable": variable, "secret": secret, "key": key]) { $1 } }

    static func message(for outcome: Outcome) -> OutcomeMessage {
        switch outcome {
        case .passed: OutcomeMessage("{variable} provient de la clé {key} du Secret {secret}.", provides: ["container"])
        case .absent: OutcomeMessage("Le conteneur {container} ne définit pas la variable {variable}.", provides: ["container"])
        case .literal: OutcomeMessage("{variable} est écrit en clair dans le manifeste (value) : utilisez valueFrom.secretKeyRef vers la clé {key} du Secret {secret}.", provides: ["container"])
        case .otherSource: OutcomeMessage("{variable} ne provient pas d'un Secret ({source}) : utilisez valueFrom.secretKeyRef vers la clé {key} du Secret {secret}.", provides: ["container", "source"])
        case .wrongSecret: OutcomeMessage("{variable} provient du Secret {actualSecret} au lieu de {secret}.", provides: ["container", "actualSecret"])
        case .wrongKey: OutcomeMessage("{variable} lit la clé {actualKey} du Secret {secret} au lieu de {key}.", provides: ["container", "actualKey"])
        case .secretMissing: OutcomeMessage("{variable} provient du Secret {secret}, mais ce Secret n'existe pas dans le namespace {namespace}.", provides: ["container"])
        case .keyMissing: OutcomeMessage("{variable} lit la clé {key} du Secret {secret}, mais ce Secret n'a pas cette clé (clés présentes : {keys}).", provides: ["container", "keys"])
        case .containerMissing: OutcomeMessage(StatefulSetMessages.containerMissing, provides: ["container", "containers"])
        case .missing: OutcomeMessage(StatefulSetMessages.missing)
        }
    }

    func evaluate(_ context: CheckContext) -> Verdict<Outcome> {
        context.withContainer(container, [.statefulSet, .secret]) { snapshot, _, found in
            let secretKeys: [String]? = {
                if case .found(let object) = snapshot.lookup(.secret, secret) { return CheckContext.secretKeys(object) }
                return nil
            }()
            func keysText(_ keys: [String]) -> String { keys.isEmpty ? "aucune" : FrenchText.list(keys) }
            if let entry = found.env.last(where: { $0.name == variable }) {
                switch entry.source {
                case .literal:
                    return .failed(.literal)
                case .configMapKey(let map, _):
                    return .failed(.otherSource, ["source": "ConfigMap \(map)"])
                case .field(let path):
                    return .failed(.otherSource, ["source": "champ \(path)"])
                case .other:
                    return .failed(.otherSource, ["source": "source non reconnue"])
                case .secretKey(let actualSecret, let actualKey):
                    guard actualSecret == secret else { return .failed(.wrongSecret, ["actualSecret": actualSecret]) }
                    guard actualKey == key else { return .failed(.wrongKey, ["actualKey": actualKey]) }
                    guard let keys = secretKeys else { return .failed(.secretMissing) }
                    guard keys.contains(key) else { return .failed(.keyMissing, ["keys": keysText(keys)]) }
                    return .passed()
                }
            }
            if found.envFromSecrets.contains(secret) && variable == key {
                guard let keys = secretKeys else { return .failed(.secretMissing) }
                guard keys.contains(key) else { return .failed(.keyMissing, ["keys": keysText(keys)]) }
                return .passed()
            }
            return .failed(.absent)
        }
    }
}
