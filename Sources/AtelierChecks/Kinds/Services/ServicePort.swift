import AtelierCluster
import AtelierContent

/// `servicePort`: a Service exposes a port under the expected name.
struct ServicePort: CheckKind {
    static let name = "servicePort"

    enum Outcome: String, CheckOutcome {
        case passed, noPort, wrongName, unnamed, missing
    }

    let service: String
    let port: Int
    let portName: String

    init(_ parameters: inout ParameterReader) throws(ParameterProblem) {
        service = try parameters.label("service")
        port = try parameters.int("port", in: 1...65535)
        portName = try parameters.label("name")
    }

    var requirements: CheckRequirements { CheckRequirements(kinds: [.service]) }
    var values: [String: String] { ["service": service, "port": String(port), "portName": portName] }

    static func message(for outcome: Outcome) -> OutcomeMessage {
        switch outcome {
        case .passed: OutcomeMessage("Le Service {service} expose le port {port} sous le nom {portName}.")
        case .noPort: OutcomeMessage("Le Service {service} n'expose pas le port {port} (ports déclarés : {ports}).", provides: ["ports"])
        case .wrongName: OutcomeMessage("Le port {port} du Service {service} s'appelle « {actualName} » au lieu de « {portName} ».", provides: ["actualName"])
        case .unnamed: OutcomeMessage("Le port {port} du Service {service} n'a pas de nom ; nom attendu : « {portName} ».")
        case .missing: OutcomeMessage("Le Service {service} n'existe pas dans le namespace {namespace}.")
        }
    }

    func evaluate(_ context: CheckContext) -> Verdict<Outcome> {
        context.withSnapshot([.service]) { snapshot in
            guard let found = snapshot.service(service) else { return .failed(.missing) }
            guard let entry = found.ports.first(where: { $0.port == port }) else {
                let ports = found.ports.map { entry in
                    let number = entry.port.map(String.init) ?? "?"
                    return entry.name.map { "\(number) (\($0))" } ?? number
                }
                return .failed(.noPort, ["ports": ports.isEmpty ? "aucun" : FrenchText.list(ports)])
            }
            guard let actual = entry.name, !actual.isEmpty else { return .failed(.unnamed) }
            if actual == portName { return .passed() }
            return .failed(.wrongName, ["actualName": actual])
        }
    }
}
