import AtelierContent
import Foundation

extension KubectlRunner {
    /// Reads a learner's uploaded kubeconfig with kubectl itself (`kubectl config view --raw -o json
    /// --kubeconfig FILE`: no YAML parser of ours, the very reading that later runs) and judges it.
    ///
    /// `config view` talks to no server and runs no credential plugin. Its stderr (YAML errors can
    /// quote a line of the upload, secrets included) is neither logged nor returned: the refusal
    /// names at most the line number.
    public func readLearnerKubeconfig(file: String) async throws(KubeconfigRefusal) -> LearnerKubeconfig {
        let argv = settings.kubectl + ["config", "view", "--raw", "-o", "json", "--kubeconfig=\(file)"]
        let output: KubectlOutput
        switch await execute(argv: argv, deadline: makeDeadline(), quiet: true) {
        case .failure(let error):
            throw KubeconfigRefusal(.unreadable, "Ce kubeconfig n'a pas pu être lu\u{00A0}: \(error.message)")
        case .success(let result):
            output = result
        }
        guard output.exitStatus == 0 else {
            let line = Self.lineNumber(in: output.stderr).map { " (ligne \($0))" } ?? ""
            throw KubeconfigRefusal(.unreadable, "kubectl ne peut pas lire ce texte comme un kubeconfig\(line)\u{00A0}: collez la sortie complète de «\u{202F}microk8s config\u{202F}», sans rien ajouter ni retirer.")
        }
        guard let config = try? JSONDecoder().decode(JSONValue.self, from: Data(output.stdout)) else {
            throw KubeconfigRefusal(.unreadable, "La lecture de ce kubeconfig par kubectl n'a pas donné le JSON attendu.")
        }
        return try LearnerKubeconfig(judging: config, allowedServers: settings.allowedServers)
    }

    /// `yaml: line 7: …` → 7.
    static func lineNumber(in stderr: String) -> Int? {
        guard let range = stderr.range(of: "line ") else { return nil }
        let digits = stderr[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
        return Int(digits)
    }
}
