import AtelierContent
import Foundation

extension KubectlError {
    /// Longest stderr excerpt kept in an error: enough for the last lines, never a flood.
    package static let excerptLimit = 2048

    /// Classifies a non-zero kubectl exit from its stderr.
    ///
    /// Matches the texts kubectl 1.3x really prints (see the project's reference notes); the most
    /// specific patterns come first, since an unreachable cluster prints several kinds of lines.
    package static func classify(exitStatus: Int32, stderr: String) -> KubectlError {
        let excerpt = Self.excerpt(stderr)
        func make(_ code: Code, _ message: String, commandExitCode: Int? = nil, detail: String? = nil) -> KubectlError {
            KubectlError(code, message: message, exitStatus: exitStatus, stderrExcerpt: excerpt,
                         commandExitCode: commandExitCode, detail: detail)
        }

        // exec: the command itself ran and failed; whatever else is on stderr is the command's.
        if let code = lastMatch(in: stderr, after: "command terminated with exit code ").flatMap({ Int($0.prefix { $0.isNumber }) }) {
            return make(.commandFailed, "La commande a échoué dans le conteneur (code de sortie \(code)).", commandExitCode: code)
        }
        if stderr.contains("executable file not found in $PATH") || stderr.contains("OCI runtime exec failed") {
            let executable = quoted(in: stderr, after: "exec: ") ?? "?"
            return make(.commandNotFound, "La commande « \(executable) » n'existe pas dans l'image du conteneur.", detail: executable)
        }
        if stderr.contains("unable to upgrade connection: container not found") {
            let container = quoted(in: stderr, after: "container not found (") ?? "?"
            return make(.containerNotRunning,
                        "Le conteneur « \(container) » n'est pas en marche : impossible d'y exécuter une commande.", detail: container)
        }
        if let phase = lastMatch(in: stderr, after: "cannot exec into a container in a completed pod; current phase is ") {
            let phase = String(phase.prefix { !$0.isWhitespace })
            return make(.podCompleted, "Le Pod est terminé (phase \(phase)) : impossible d'y exécuter une commande.", detail: phase)
        }
        if let range = stderr.range(of: #"container (\S+) is not valid for pod (\S+)"#, options: .regularExpression) {
            let words = stderr[range].split(separator: " ")
            let container = words.count > 1 ? String(words[1]) : "?"
            let pod = words.last.map(String.init) ?? "?"
            return make(.invalidContainer, "Le Pod \(pod) n'a pas de conteneur « \(container) ».", detail: container)
        }
        if stderr.contains("does not have a host assigned") || stderr.contains("pod is not running")
            || stderr.contains("unable to upgrade connection: pod does not exist") {
            return make(.podNotRunning, "Le Pod n'est pas encore démarré : impossible d'y exécuter une commande.")
        }

        if stderr.contains("(Unauthorized)") || stderr.contains("You must be logged in to the server") {
            return make(.unauthorized,
                        "Le cluster refuse les identifiants du kubeconfig (Unauthorized) : le jeton ou le certificat a-t-il expiré ?")
        }
        if stderr.contains("Error from server (Forbidden)") || stderr.contains(" is forbidden: ") {
            return forbidden(stderr, make: make)
        }
        if let type = quoted(in: stderr, after: "the server doesn't have a resource type ") {
            return make(.unknownResourceType, "Le cluster ne connaît pas le type de ressource « \(type) ».", detail: type)
        }
        if stderr.contains("Error from server (NotFound)") {
            return notFound(stderr, make: make)
        }
        if stderr.contains("microk8s is not running") {
            return make(.clusterUnreachable, "MicroK8s n'est pas démarré : lancez « microk8s start », puis réessayez.")
        }
        if let host = lastMatch(in: stderr, after: "The connection to the server ").map({ String($0.prefix { !$0.isWhitespace }) }) {
            if host.hasPrefix("localhost:8080") {
                return make(.noConfiguration, Self.noConfigurationMessage, detail: host)
            }
            return make(.clusterUnreachable,
                        "Le cluster ne répond pas : connexion refusée par \(host). MicroK8s est-il démarré (« microk8s start ») ?",
                        detail: host)
        }
        if stderr.contains("x509:") || stderr.contains("tls: ") && !stderr.contains("TLS handshake timeout") {
            return make(.clusterUnreachable,
                        "Connexion au cluster impossible : le certificat TLS du serveur API est refusé. Le kubeconfig correspond-il à ce cluster ?")
        }
        if stderr.contains("TLS handshake timeout") || stderr.contains("context deadline exceeded") || stderr.contains("i/o timeout")
            || stderr.contains("Client.Timeout exceeded") {
            return make(.clusterUnreachable,
                        "Le cluster ne répond pas : délai dépassé en contactant le serveur API. MicroK8s est-il démarré et l'adresse du kubeconfig est-elle la bonne ?")
        }
        if stderr.contains("no such host") {
            return make(.clusterUnreachable,
                        "Le cluster est injoignable : le nom du serveur API ne se résout pas. Vérifiez l'adresse dans le kubeconfig.")
        }
        if stderr.contains("Unable to connect to the server") || stderr.contains("connection refused")
            || stderr.contains("no route to host") || stderr.contains("network is unreachable") {
            return make(.clusterUnreachable, "Le cluster est injoignable : le serveur API ne répond pas. MicroK8s est-il démarré ?")
        }
        if stderr.contains("error loading config file") || stderr.contains("Error in configuration")
            || stderr.contains("context was not found") || stderr.contains("no configuration has been provided")
            || stderr.contains("invalid configuration") || (stderr.contains("error: stat ") && stderr.contains("no such file or directory")) {
            return make(.configurationInvalid,
                        "La configuration de kubectl est invalide (\(lastLine(stderr))) : vérifiez le kubeconfig et le contexte.")
        }
        let last = lastLine(stderr)
        if last.isEmpty {
            return make(.failed, "kubectl a échoué (code de sortie \(exitStatus)) sans message d'erreur.")
        }
        return make(.failed, "kubectl a échoué (code de sortie \(exitStatus)) : \(last)")
    }

    /// « User "x" cannot list resource "secrets" in API group "" in the namespace "ns" »: the verb
    /// and resource tell the trainer which RBAC rule is missing.
    private static func forbidden(_ stderr: String, make: (Code, String, Int?, String?) -> KubectlError) -> KubectlError {
        let verb = lastMatch(in: stderr, after: " cannot ").map { String($0.prefix { !$0.isWhitespace }) }
        let resource = quoted(in: stderr, after: " resource ")
        let namespace = quoted(in: stderr, after: "in the namespace ")
        let user = quoted(in: stderr, after: "User ")
        guard let verb, let resource else {
            return make(.forbidden, "Accès refusé par le cluster (Forbidden) : le compte utilisé n'a pas les droits nécessaires.", nil, nil)
        }
        var message = "Accès refusé : "
        message += user.map { "l'utilisateur \($0) n'a pas le droit « \(verb) » sur « \(resource) »" }
            ?? "pas de droit « \(verb) » sur « \(resource) »"
        if let namespace {
            message += " dans le namespace « \(namespace) »"
        }
        message += "."
        return make(.forbidden, message, nil, "\(verb) \(resource)")
    }

    /// « Error from server (NotFound): statefulsets.apps "postgres" not found ». Anything else
    /// after `(NotFound)` is not about one object: « the server could not find the requested
    /// resource » is what a server that is not Kubernetes makes kubectl say; other texts are
    /// quoted as kubectl printed them rather than half-parsed.
    private static func notFound(_ stderr: String, make: (Code, String, Int?, String?) -> KubectlError) -> KubectlError {
        guard let tail = lastMatch(in: stderr, after: "Error from server (NotFound): ") else {
            return make(.notFound, "L'objet demandé n'existe pas.", nil, nil)
        }
        if tail.hasPrefix("the server could not find the requested resource") {
            return make(.notKubernetes, Self.notKubernetesMessage, nil, nil)
        }
        let resource = String(tail.prefix { !$0.isWhitespace })
        guard tail.hasSuffix(" not found"), resource.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }),
              let name = quoted(in: String(tail), after: resource + " ") else {
            return make(.notFound, "Le cluster répond que l'objet demandé n'existe pas (kubectl : « \(lastLine(stderr)) »).", nil, nil)
        }
        return make(.notFound, "\(ResourceKind.sentenceLabel(forAPIResource: resource, name: name)) n'existe pas.", nil, "\(resource)/\(name)")
    }

    /// Without any kubeconfig kubectl tries `http://localhost:8080`; the fix is to give it the
    /// cluster's configuration, or to run MicroK8s' own kubectl.
    package static let noConfigurationMessage =
        "kubectl n'a pas de configuration de cluster : sans kubeconfig, il essaie l'adresse par défaut localhost:8080, où rien ne répond. "
        + "Donnez-lui celle de MicroK8s (« microk8s config > ~/.kube/config »), réglez KUBECONFIG ou cluster.kubeconfig, "
        + "ou utilisez le kubectl de MicroK8s (\"kubectl\": [\"microk8s\", \"kubectl\"] dans config.json)."

    package static let notKubernetesMessage =
        "Ce qui répond à l'adresse du cluster n'est pas un serveur API Kubernetes (kubectl : « the server could not find the requested resource »). "
        + "Sans kubeconfig, kubectl essaie http://localhost:8080 : donnez-lui la configuration de MicroK8s (« microk8s config > ~/.kube/config »), "
        + "réglez KUBECONFIG ou cluster.kubeconfig, ou utilisez \"kubectl\": [\"microk8s\", \"kubectl\"] dans config.json."

    /// The text after the last occurrence of `marker`, up to the end of that line.
    package static func lastMatch(in text: String, after marker: String) -> Substring? {
        guard let range = text.range(of: marker, options: .backwards) else { return nil }
        let rest = text[range.upperBound...]
        return rest.prefix { $0 != "\n" }
    }

    /// The double-quoted word right after the last `marker`, e.g. `"ps"` after `exec: `.
    package static func quoted(in text: String, after marker: String) -> String? {
        guard let tail = lastMatch(in: text, after: marker), tail.first == "\"" else { return nil }
        let body = tail.dropFirst()
        guard let end = body.firstIndex(of: "\"") else { return nil }
        return MessageTemplate.printable(String(body[..<end]), limit: 120)
    }

    package static func lastLine(_ text: String) -> String {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        let last = lines.last { !$0.isEmpty } ?? ""
        return MessageTemplate.printable(last, limit: 300)
    }

    package static func excerpt(_ stderr: String) -> String {
        let trimmed = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.utf8.count > excerptLimit else { return trimmed }
        return "…" + String(decoding: Array(trimmed.utf8.suffix(excerptLimit)), as: UTF8.self)
    }
}
