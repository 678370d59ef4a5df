/// The rule for a learner kubeconfig's `server`: `https://ADDRESS[:PORT][/path]`, ADDRESS an IP
/// literal inside `cluster.allowedServers`.
///
/// Host names are refused rather than resolved: kubectl resolves the name again at every call, so
/// an answer checked at upload time says nothing about the address used later (DNS rebinding), and
/// `microk8s config` writes the machine's IP address anyway.
enum KubeconfigServer {
    static func check(_ server: String, allowed: [IPBlock]) throws(KubeconfigRefusal) {
        let shown = LearnerKubeconfig.quote(server)
        guard server.hasPrefix("https://") else {
            throw KubeconfigRefusal(.serverMalformed, "L'adresse du serveur \(shown) doit commencer par https://\u{00A0}: Atelier n'envoie pas d'identifiants en clair.")
        }
        let rest = server.dropFirst("https://".count)
        let authority = rest.prefix { $0 != "/" }
        let path = rest.dropFirst(authority.count)
        let pathAllowed = path.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-._~/".unicodeScalars.contains($0)) }
        guard !authority.isEmpty, !authority.contains("@"), pathAllowed else {
            throw KubeconfigRefusal(.serverMalformed, "L'adresse du serveur \(shown) n'a pas la forme attendue https://ADRESSE-IP:PORT (sans identifiant, requête ni fragment).")
        }
        var host: Substring
        var port: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw KubeconfigRefusal(.serverMalformed, "L'adresse du serveur \(shown) a un crochet «\u{202F}[\u{202F}» non fermé.")
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else {
                    throw KubeconfigRefusal(.serverMalformed, "L'adresse du serveur \(shown) n'a pas la forme attendue https://[ADRESSE-IPv6]:PORT.")
                }
                port = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            port = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        if let port {
            guard !port.isEmpty, port.count <= 5, port.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(port), (1...65535).contains(number) else {
                throw KubeconfigRefusal(.serverMalformed, "Le port de l'adresse du serveur \(shown) n'est pas un nombre entre 1 et 65535.")
            }
        }
        guard !host.contains("%"), let address = IPAddress(host) else {
            throw KubeconfigRefusal(.serverHostName, "L'adresse du serveur \(shown) est un nom d'hôte\u{00A0}: indiquez l'adresse IP de votre cluster (celle que donne «\u{202F}microk8s config\u{202F}»). Un nom pourrait désigner une autre machine au moment des vérifications.")
        }
        guard allowed.contains(where: { $0.contains(address) }) else {
            let list = allowed.map(\.description).joined(separator: ", ")
            throw KubeconfigRefusal(.serverNotAllowed, "L'adresse \(address) du serveur n'est pas autorisée sur ce serveur Atelier\u{00A0}: seules les adresses de \(list.isEmpty ? "(aucune)" : list) le sont (cluster.allowedServers). Votre cluster doit être sur le réseau de la salle.")
        }
    }
}
