import AtelierCluster
import AtelierContent
import Foundation

/// `dnsResolvesToPod`: from one pod, `getent hosts` resolves a name (`pg-0.pg-service`) to
/// another pod's IP. Two phases: the command (unless the snapshot decides), then its output.
struct DNSResolvesToPod: ExecCheckKind {
    static let name = "dnsResolvesToPod"

    enum Outcome: String, CheckOutcome {
        case passed, notResolved, wrongIP, targetNotReady, targetMissing, fromPodMissing, fromPodNotRunning, unparsable
    }

    let fromPod: String
    let container: String
    let hostname: String
    let targetPod: String

    init(_ parameters: inout ParameterReader) throws(ParameterProblem) {
        fromPod = try parameters.objectName("fromPod")
        container = try parameters.label("container")
        hostname = try parameters.objectName("hostname")
        targetPod = try parameters.objectName("targetPod")
    }

    var requirements: CheckRequirements { CheckRequirements(kinds: [.pod]) }
    var values: [String: String] { ["fromPod": fromPod, "container": container, "hostname": hostname, "targetPod": targetPod] }

    static func message(for outcome: Outcome) -> OutcomeMessage {
        switch outcome {
        case .passed: OutcomeMessage("Depuis {fromPod}, {hostname} se résout en {ip}, l'adresse de {targetPod}.", provides: ["ip", "resolved"])
        case .notResolved: OutcomeMessage("Depuis {fromPod}, {hostname} ne se résout pas : le Service est-il headless, sélectionne-t-il les Pods et est-il nommé dans serviceName du StatefulSet ?")
        case .wrongIP: OutcomeMessage("Depuis {fromPod}, {hostname} se résout en {resolved} au lieu de {ip} (adresse de {targetPod}).", provides: ["ip", "resolved"])
        case .targetNotReady: OutcomeMessage("{targetPod} n'a pas encore d'adresse IP : attendez qu'il soit démarré.")
        case .targetMissing: OutcomeMessage("Le Pod {targetPod} n'existe pas dans le namespace {namespace}.")
        case .fromPodMissing: OutcomeMessage("Le Pod {fromPod} n'existe pas dans le namespace {namespace}.")
        case .fromPodNotRunning: OutcomeMessage("Le conteneur {container} de {fromPod} ne tourne pas ({state}) : impossible d'y lancer getent.", provides: ["state"])
        case .unparsable: OutcomeMessage("Réponse inattendue de getent dans {fromPod} : « {output} ».", provides: ["output"])
        }
    }

    func prepare(_ context: CheckContext) -> ExecPreparation<Outcome> {
        context.preparing { snapshot in
            guard let source = snapshot.pod(fromPod) else { return .decided(.failed(.fromPodMissing)) }
            guard source.isRunning(container: container) else {
                return .decided(.failed(.fromPodNotRunning, ["state": source.stateText]))
            }
            guard let target = snapshot.pod(targetPod) else { return .decided(.failed(.targetMissing)) }
            guard let ip = target.ip, !ip.isEmpty else { return .decided(.failed(.targetNotReady)) }
            return .run(ExecCommand(pod: fromPod, container: container, command: ["getent", "hosts", hostname]))
        }
    }

    func judgeFailure(_ error: KubectlError) -> Verdict<Outcome> {
        if let state = error.podStateText { return .failed(.fromPodNotRunning, ["state": state]) }
        if error.code == .notFound { return .failed(.fromPodMissing) }
        return .error(error)
    }

    /// `getent hosts NAME` prints `IP  canonical-name [aliases]` per address and exits 2 when
    /// the name does not resolve.
    func judge(_ output: ExecResult, context: CheckContext) -> Verdict<Outcome> {
        var expectedIP = ""
        if case .success(let snapshot) = context.snapshot { expectedIP = snapshot.pod(targetPod)?.ip ?? "" }
        if output.exitCode == 2 { return .failed(.notResolved) }
        guard output.exitCode == 0 else {
            let text = (output.stderr + " " + output.stdout).trimmingCharacters(in: .whitespacesAndNewlines)
            return .failed(.unparsable, ["output": String(text.prefix(80)).isEmpty ? "code \(output.exitCode)" : String(text.prefix(80))])
        }
        let addresses = output.stdout.split(whereSeparator: \.isNewline).compactMap { line in
            line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init)
        }
        guard !addresses.isEmpty, addresses.allSatisfy(Self.looksLikeIP) else {
            return .failed(.unparsable, ["output": String(output.stdout.prefix(80))])
        }
        let values = ["ip": expectedIP, "resolved": FrenchText.list(addresses)]
        return addresses.contains(expectedIP) ? .passed(values) : .failed(.wrongIP, values)
    }

    private static func looksLikeIP(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 45 && text.allSatisfy { $0.isHexDigit || $0 == "." || $0 == ":" }
    }
}
