import AtelierContent
import Foundation

/// A learner's kubeconfig once kubectl has parsed it (`kubectl config view --raw -o json`) and this
/// policy has accepted it: one cluster on an allowed private address, one user with inline
/// credentials, one context joining them.
///
/// What is stored is kubectl's own reading of the upload (JSON, which kubectl reads back as
/// YAML), with `current-context` set to the one context: exactly what was judged is what later
/// runs, whatever the upload's formatting.
public struct LearnerKubeconfig: Sendable, Hashable {
    /// The bytes to store (JSON, sorted keys).
    public let normalized: [UInt8]
    /// The API server address, e.g. `https://10.0.0.5:16443` (not a secret: shown to the learner).
    public let server: String
    /// The name of the one context.
    public let context: String

    /// Keys kubectl prints that carry no behaviour of their own, per level; anything else is refused
    /// unless a specific rule below names it. `extensions` are opaque data kubectl never acts on.
    static let topLevelKeys: Set<String> = ["kind", "apiVersion", "preferences", "clusters", "users", "contexts", "current-context", "extensions"]
    static let clusterKeys: Set<String> = ["server", "certificate-authority-data", "insecure-skip-tls-verify", "tls-server-name",
                                           "disable-compression", "extensions"]
    static let userKeys: Set<String> = ["client-certificate-data", "client-key-data", "token", "username", "password", "extensions"]
    static let contextKeys: Set<String> = ["cluster", "user", "namespace", "extensions"]

    /// Judges kubectl's JSON reading of an upload.
    package init(judging config: JSONValue, allowedServers: [IPBlock]) throws(KubeconfigRefusal) {
        guard let top = config.objectValue else {
            throw KubeconfigRefusal(.unreadable, "Ce texte n'est pas un kubeconfig\u{00A0}: collez la sortie complète de «\u{202F}microk8s config\u{202F}».")
        }
        if let key = top.keys.sorted().first(where: { !Self.topLevelKeys.contains($0) }) {
            throw KubeconfigRefusal(.unknownField, "Le champ \(Self.quote(key)) n'est pas accepté dans un kubeconfig envoyé à Atelier.")
        }
        let cluster = try Self.single(top["clusters"], what: "cluster", plural: "clusters", entry: "cluster")
        let user = try Self.single(top["users"], what: "utilisateur", plural: "users", entry: "user")
        let context = try Self.single(top["contexts"], what: "contexte", plural: "contexts", entry: "context")

        for key in user.body.keys.sorted() where !Self.userKeys.contains(key) {
            switch key {
            case "exec":
                throw KubeconfigRefusal(.exec, "L'utilisateur \(Self.quote(user.name)) s'authentifie par une commande (exec)\u{00A0}: Atelier n'exécute aucune commande d'un kubeconfig. Utilisez des identifiants écrits dans le fichier (client-certificate-data et client-key-data, ou token), comme ceux de «\u{202F}microk8s config\u{202F}».")
            case "auth-provider":
                throw KubeconfigRefusal(.authProvider, "L'utilisateur \(Self.quote(user.name)) passe par un fournisseur d'authentification (auth-provider)\u{00A0}: Atelier ne l'accepte pas. Utilisez des identifiants écrits dans le fichier, comme ceux de «\u{202F}microk8s config\u{202F}».")
            case "client-certificate", "client-key", "tokenFile":
                let inline = key == "tokenFile" ? "token" : key + "-data"
                throw KubeconfigRefusal(.fileReference, "L'utilisateur \(Self.quote(user.name)) désigne un fichier (\(key))\u{00A0}: Atelier ne lit aucun fichier de son serveur pour vous. Mettez le contenu dans le kubeconfig (\(inline)), comme le fait «\u{202F}microk8s config\u{202F}».")
            default:
                throw KubeconfigRefusal(.unknownField, "Le champ \(Self.quote(key)) de l'utilisateur \(Self.quote(user.name)) n'est pas accepté\u{00A0}: seuls des identifiants écrits dans le fichier le sont (client-certificate-data, client-key-data, token, username, password).")
            }
        }
        for key in cluster.body.keys.sorted() where !Self.clusterKeys.contains(key) {
            switch key {
            case "certificate-authority":
                throw KubeconfigRefusal(.fileReference, "Le cluster \(Self.quote(cluster.name)) désigne un fichier (certificate-authority)\u{00A0}: Atelier ne lit aucun fichier de son serveur pour vous. Mettez le certificat dans le kubeconfig (certificate-authority-data).")
            case "proxy-url":
                throw KubeconfigRefusal(.proxy, "Le cluster \(Self.quote(cluster.name)) passe par un proxy (proxy-url)\u{00A0}: Atelier ne parle qu'à l'adresse du serveur de votre cluster. Retirez proxy-url.")
            default:
                throw KubeconfigRefusal(.unknownField, "Le champ \(Self.quote(key)) du cluster \(Self.quote(cluster.name)) n'est pas accepté.")
            }
        }
        for key in context.body.keys.sorted() where !Self.contextKeys.contains(key) {
            throw KubeconfigRefusal(.unknownField, "Le champ \(Self.quote(key)) du contexte \(Self.quote(context.name)) n'est pas accepté.")
        }
        guard context.body["cluster"]?.stringValue == cluster.name, context.body["user"]?.stringValue == user.name else {
            throw KubeconfigRefusal(.incomplete, "Le contexte \(Self.quote(context.name)) doit désigner le cluster \(Self.quote(cluster.name)) et l'utilisateur \(Self.quote(user.name)) du fichier.")
        }
        guard let server = cluster.body["server"]?.stringValue, !server.isEmpty else {
            throw KubeconfigRefusal(.incomplete, "Le cluster \(Self.quote(cluster.name)) n'a pas d'adresse de serveur (server).")
        }
        try KubeconfigServer.check(server, allowed: allowedServers)

        var normalized = top
        normalized["current-context"] = .string(context.name)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let bytes = try? encoder.encode(JSONValue.object(normalized)) else {
            throw KubeconfigRefusal(.unreadable, "Ce kubeconfig ne peut pas être enregistré.")
        }
        self.normalized = [UInt8](bytes)
        self.server = server
        self.context = context.name
    }

    /// The one entry of `clusters`, `users` or `contexts`: its name and its inner object.
    private static func single(_ value: JSONValue?, what: String, plural: String, entry: String) throws(KubeconfigRefusal)
        -> (name: String, body: [String: JSONValue])
    {
        let items = value?.arrayValue ?? []
        guard items.count <= 1 else {
            throw KubeconfigRefusal(.multiple, "Ce kubeconfig a \(items.count) entrées dans \(plural)\u{00A0}: Atelier en accepte une seule (un cluster, un utilisateur, un contexte, comme «\u{202F}microk8s config\u{202F}»).")
        }
        guard let item = items.first?.objectValue, let name = item["name"]?.stringValue, !name.isEmpty,
              let body = item[entry]?.objectValue else {
            throw KubeconfigRefusal(.incomplete, "Ce kubeconfig n'a pas de \(what) (\(plural))\u{00A0}: collez la sortie complète de «\u{202F}microk8s config\u{202F}».")
        }
        return (name, body)
    }

    /// `« name »`, shortened and without control characters: the learner's own text, echoed.
    static func quote(_ text: String) -> String {
        let printable = String(String.UnicodeScalarView(text.unicodeScalars.filter { !$0.properties.generalCategory.isControlOrFormat }))
        let clipped = printable.count > 60 ? String(printable.prefix(60)) + "…" : printable
        return "«\u{202F}\(clipped)\u{202F}»"
    }
}

private extension Unicode.GeneralCategory {
    var isControlOrFormat: Bool { self == .control || self == .format || self == .lineSeparator || self == .paragraphSeparator }
}
