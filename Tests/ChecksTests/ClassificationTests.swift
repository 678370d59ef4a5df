import Testing
@testable import AtelierChecks
@testable import AtelierCluster
@testable import AtelierContent

/// The texts kubectl 1.32 really prints (see the reference notes), each mapped to its class.
@Suite("Classement des erreurs de kubectl")
struct ClassificationTests {
    @Test("connexion refusée, avec les lignes memcache")
    func refused() {
        let stderr = """
        E1125 00:19:56.527998    6280 memcache.go:265] "Unhandled Error" err="couldn't get current server API group list: Get \\"https://127.0.0.1:16443/api?timeout=5s\\": dial tcp 127.0.0.1:16443: connect: connection refused"
        The connection to the server 127.0.0.1:16443 was refused - did you specify the right host or port?

        """
        let error = KubectlError.classify(exitStatus: 1, stderr: stderr)
        #expect(error.code == .clusterUnreachable)
        #expect(error.message == "Le cluster ne répond pas : connexion refusée par 127.0.0.1:16443. MicroK8s est-il démarré (« microk8s start ») ?")
        #expect(error.exitStatus == 1)
        #expect(error.stderrExcerpt.hasSuffix("did you specify the right host or port?"))
    }

    @Test("sans kubeconfig : localhost:8080")
    func noKubeconfig() {
        let error = KubectlError.classify(exitStatus: 1, stderr: "The connection to the server localhost:8080 was refused - did you specify the right host or port?\n")
        #expect(error.code == .noConfiguration)
        #expect(error.message.contains("KUBECONFIG"))
        #expect(error.message.contains("microk8s config > ~/.kube/config"))
        #expect(error.isInfrastructureFailure)
    }

    @Test("un serveur qui n'est pas Kubernetes : jamais de « the/? »")
    func notKubernetes() {
        let error = KubectlError.classify(exitStatus: 1, stderr: "Error from server (NotFound): the server could not find the requested resource\n")
        #expect(error.code == .notKubernetes)
        #expect(error.isInfrastructureFailure)
        #expect(error.message.hasPrefix("Ce qui répond à l'adresse du cluster n'est pas un serveur API Kubernetes"))
        #expect(!error.message.contains("the/?"))
    }

    @Test("NotFound d'une forme inconnue : la dernière ligne de kubectl, citée telle quelle", arguments: [
        "Error from server (NotFound): the requested thing went away\n",
        "Error from server (NotFound): statefulsets.apps \"postgres\"\n",
    ])
    func unknownNotFound(stderr: String) {
        let error = KubectlError.classify(exitStatus: 1, stderr: stderr)
        #expect(error.code == .notFound)
        #expect(error.message.contains("kubectl : « Error from server (NotFound)"))
        #expect(!error.message.contains("?/") && !error.message.contains("/?"))
    }

    @Test("délais et TLS", arguments: [
        "Unable to connect to the server: net/http: TLS handshake timeout",
        "Unable to connect to the server: context deadline exceeded",
        "Unable to connect to the server: tls: failed to verify certificate: x509: certificate signed by unknown authority",
        "Unable to connect to the server: dial tcp: lookup cluster.example: no such host",
        "microk8s is not running. Use microk8s inspect for a deeper inspection.",
    ])
    func unreachable(stderr: String) {
        let error = KubectlError.classify(exitStatus: 1, stderr: stderr + "\n")
        #expect(error.code == .clusterUnreachable)
        #expect(error.isInfrastructureFailure)
    }

    @Test("le message dit de quelle panne il s'agit")
    func unreachableMessages() {
        #expect(KubectlError.classify(exitStatus: 1, stderr: "Unable to connect to the server: net/http: TLS handshake timeout").message.contains("délai dépassé"))
        #expect(KubectlError.classify(exitStatus: 1, stderr: "Unable to connect to the server: x509: certificate signed by unknown authority").message.contains("certificat TLS"))
        #expect(KubectlError.classify(exitStatus: 1, stderr: "microk8s is not running. Use microk8s inspect for a deeper inspection.").message.contains("microk8s start"))
    }

    @Test("non authentifié")
    func unauthorized() {
        let error = KubectlError.classify(exitStatus: 1, stderr: "error: You must be logged in to the server (Unauthorized)\n")
        #expect(error.code == .unauthorized)
        #expect(error.message.contains("identifiants"))
    }

    @Test("interdit : le verbe et la ressource sont nommés")
    func forbidden() {
        let stderr = #"Error from server (Forbidden): statefulsets.apps "postgres" is forbidden: User "system:serviceaccount:ns:sa" cannot get resource "statefulsets" in API group "apps" in the namespace "ns""#
        let error = KubectlError.classify(exitStatus: 1, stderr: stderr)
        #expect(error.code == .forbidden)
        #expect(error.detail == "get statefulsets")
        #expect(error.message == "Accès refusé : l'utilisateur system:serviceaccount:ns:sa n'a pas le droit « get » sur « statefulsets » dans le namespace « ns ».")
        #expect(!error.isInfrastructureFailure)
    }

    @Test("type de ressource inconnu")
    func unknownType() {
        let error = KubectlError.classify(exitStatus: 1, stderr: #"error: the server doesn't have a resource type "postgresqls""#)
        #expect(error.code == .unknownResourceType)
        #expect(error.message == "Le cluster ne connaît pas le type de ressource « postgresqls ».")
    }

    @Test("objet introuvable", arguments: [
        (#"Error from server (NotFound): statefulsets.apps "postgres" not found"#, "Le StatefulSet postgres n'existe pas."),
        (#"Error from server (NotFound): pods "postgres-0" not found"#, "Le Pod postgres-0 n'existe pas."),
        (#"Error from server (NotFound): persistentvolumeclaims "data-postgres-0" not found"#, "Le PVC data-postgres-0 n'existe pas."),
        (#"Error from server (NotFound): namespaces "atelier-x" not found"#, "Le namespace atelier-x n'existe pas."),
        (#"Error from server (NotFound): widgets.example.com "w" not found"#, "L'objet widgets.example.com/w n'existe pas."),
    ])
    func notFound(stderr: String, message: String) {
        let error = KubectlError.classify(exitStatus: 1, stderr: stderr)
        #expect(error.code == .notFound)
        #expect(error.message == message)
    }

    @Test("échecs de kubectl exec")
    func execFailures() {
        let notRunning = KubectlError.classify(exitStatus: 1, stderr: #"error: unable to upgrade connection: container not found ("postgres")"#)
        #expect(notRunning.code == .containerNotRunning)
        #expect(notRunning.detail == "postgres")
        let completed = KubectlError.classify(exitStatus: 1, stderr: "error: cannot exec into a container in a completed pod; current phase is Succeeded")
        #expect(completed.code == .podCompleted)
        #expect(completed.message.contains("Succeeded"))
        let wrongContainer = KubectlError.classify(exitStatus: 1, stderr: "Error from server (BadRequest): container nosuch is not valid for pod postgres-0")
        #expect(wrongContainer.code == .invalidContainer)
        #expect(wrongContainer.message == "Le Pod postgres-0 n'a pas de conteneur « nosuch ».")
        let exited = KubectlError.classify(exitStatus: 3, stderr: "ERROR:  relation \"cours\" does not exist\ncommand terminated with exit code 3\n")
        #expect(exited.code == .commandFailed)
        #expect(exited.commandExitCode == 3)
        let missing = KubectlError.classify(exitStatus: 1, stderr: #"error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "0b1c": OCI runtime exec failed: exec failed: unable to start container process: exec: "ps": executable file not found in $PATH: unknown"#)
        #expect(missing.code == .commandNotFound)
        #expect(missing.message == "La commande « ps » n'existe pas dans l'image du conteneur.")
    }

    @Test("configuration invalide")
    func configuration() {
        for stderr in ["error: stat /tmp/nonexistent.yaml: no such file or directory",
                       "Error in configuration: context was not found for specified context: nosuch",
                       #"error: error loading config file "/tmp/bad.yaml": yaml: line 1: did not find expected node content"#] {
            #expect(KubectlError.classify(exitStatus: 1, stderr: stderr).code == .configurationInvalid)
        }
    }

    @Test("une erreur inconnue garde la dernière ligne et le code de sortie")
    func unknown() {
        let error = KubectlError.classify(exitStatus: 7, stderr: "something odd\nreally odd\n")
        #expect(error.code == .failed)
        #expect(error.message == "kubectl a échoué (code de sortie 7) : really odd")
        #expect(KubectlError.classify(exitStatus: 7, stderr: "").message.contains("sans message"))
    }

    @Test("l'extrait de stderr est borné")
    func excerptIsBounded() {
        let error = KubectlError.classify(exitStatus: 1, stderr: String(repeating: "x", count: 100_000))
        #expect(error.stderrExcerpt.utf8.count <= KubectlError.excerptLimit + 4)
    }

    @Test("le code d'API est en snake_case")
    func apiCode() {
        #expect(KubectlError(.clusterUnreachable, message: "").apiCode == "cluster_unreachable")
        #expect(KubectlError(.kubectlNotFound, message: "").apiCode == "kubectl_not_found")
        #expect(KubectlError(.forbidden, message: "").apiCode == "forbidden")
    }
}
