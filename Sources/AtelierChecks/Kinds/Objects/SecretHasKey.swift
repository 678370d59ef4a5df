import AtelierCluster
import AtelierContent
import Foundation

/// `secretHasKey`: a Secret has a key; its value is never read (redacted at parse time).
struct SecretHasKey: CheckKind {
    static let name = "secretHasKey"

    enum Outcome: String, CheckOutcome {
        case passed, missingKey, missing
    }

    let secret: String
    let key: String

    init(_ parameters: inout ParameterReader) throws(ParameterProblem) {
        secret = try parameters.objectName("secret")
        key = try parameters.secretKey("key")
    }

    var requirements: CheckRequirements { CheckRequirements(kinds: [.secret]) }
    var values: [String: String] { ["secret": secret, "key": key] }

    static func message(for outcome: Outcome) -> OutcomeMessage {
        switch outcome {
        case .passed: OutcomeMessage("Le Secret {secret} contient la clé {key}.")
        case .missingKey: OutcomeMessage("Le Secret {secret} ne contient pas la clé {key} (clés présentes : {keys}).", provides: ["keys"])
        case .missing: OutcomeMessage("Le Secret {secret} n'existe pas dans le namespace {namespace}.")
        }
    }

    func evaluate(_ context: CheckContext) -> Verdict<Outcome> {
        context.withSnapshot([.secret]) { snapshot in
            guard case .found(let object) = snapshot.lookup(.secret, secret) else { return .failed(.missing) }
            let keys = CheckContext.secretKeys(object)
            if keys.contains(key) { return .passed() }
            return .failed(.missingKey, ["keys": keys.isEmpty ? "aucune" : FrenchText.list(keys)])
        }
    }
}
