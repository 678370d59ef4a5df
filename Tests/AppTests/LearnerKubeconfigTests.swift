import Foundation
import Testing
import TestSupport

/// « Connecter mon cluster » (issue 14, item 6): `PUT /api/me/kubeconfig` through the real route,
/// kubectl reading the upload (`config view --raw -o json`), the policy, the storage, and the checks
/// then running against the learner's own cluster.
@Suite("Learner kubeconfig")
struct LearnerKubeconfigTests {
    /// The shape `microk8s config` prints, on a VM of the classroom network.
    static func microk8s(server: String = "https://10.1.2.3:16443", user: String = """
            client-certificate-data: Q0VSVElGSUNBVA==
            client-key-data: Q0xFLVBSSVZFRS1TRUNSRVRF
        """, clusterExtra: String = "", extra: String = "") -> String {
        """
        apiVersion: v1
        clusters:
        - cluster:
            certificate-authority-data: QVVUT1JJVEU=
            server: \(server)
        \(clusterExtra)  name: microk8s-cluster
        contexts:
        - context:
            cluster: microk8s-cluster
            user: admin
          name: microk8s
        current-context: microk8s
        kind: Config
        preferences: {}
        users:
        - name: admin
          user:
        \(user)
        \(extra)
        """
    }

    struct Shape: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let code: String
        /// Words the French message must contain.
        let mentions: [String]
        var testDescription: String { name }
    }

    static let refused: [Shape] = [
        Shape(name: "exec user", text: microk8s(user: """
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: /bin/touch
                  args: [/tmp/atelier-pwned]
            """), code: "kubeconfig_exec", mentions: ["commande (exec)", "admin"]),
        Shape(name: "auth-provider user", text: microk8s(user: """
                auth-provider:
                  name: oidc
                  config: {client-id: x}
            """), code: "kubeconfig_auth_provider", mentions: ["auth-provider"]),
        Shape(name: "client-certificate as a path", text: microk8s(user: """
                client-certificate: /etc/ssl/private/server.crt
                client-key-data: Q0xF
            """), code: "kubeconfig_file_reference", mentions: ["client-certificate", "client-certificate-data"]),
        Shape(name: "client-key as a path", text: microk8s(user: """
                client-certificate-data: Q0VSVA==
                client-key: /etc/ssl/private/server.key
            """), code: "kubeconfig_file_reference", mentions: ["client-key"]),
        Shape(name: "token-file", text: microk8s(user: """
                tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
            """), code: "kubeconfig_file_reference", mentions: ["tokenFile"]),
        Shape(name: "certificate-authority as a path", text: microk8s(clusterExtra: "    certificate-authority: /etc/kubernetes/pki/ca.crt\n"),
              code: "kubeconfig_file_reference", mentions: ["certificate-authority"]),
        Shape(name: "proxy-url", text: microk8s(clusterExtra: "    proxy-url: http://10.0.0.1:3128\n"),
              code: "kubeconfig_proxy", mentions: ["proxy-url"]),
        Shape(name: "two clusters", text: microk8s(extra: """
            - name: other
              user: {token: abc}
            """).replacingOccurrences(of: "contexts:", with: "- cluster: {server: \"https://10.1.2.4:16443\"}\n  name: second\ncontexts:"),
              code: "kubeconfig_multiple", mentions: ["2 entrées dans clusters"]),
        Shape(name: "two users", text: microk8s() + """
            - name: other
              user:
                token: abc
            """, code: "kubeconfig_multiple", mentions: ["users"]),
        Shape(name: "two contexts", text: microk8s().replacingOccurrences(of: "current-context:", with: """
            - context: {cluster: microk8s-cluster, user: admin}
              name: second
            current-context:
            """), code: "kubeconfig_multiple", mentions: ["contexts"]),
        Shape(name: "public server", text: microk8s(server: "https://8.8.8.8:443"),
              code: "kubeconfig_server_not_allowed", mentions: ["8.8.8.8", "10.0.0.0/8", "cluster.allowedServers"]),
        Shape(name: "cloud metadata address", text: microk8s(server: "https://169.254.169.254"),
              code: "kubeconfig_server_not_allowed", mentions: ["169.254.169.254"]),
        Shape(name: "host name", text: microk8s(server: "https://kubernetes.example.org:6443"),
              code: "kubeconfig_server_host_name", mentions: ["nom d'hôte", "adresse IP"]),
        Shape(name: "short IPv4 form a resolver reads as loopback", text: microk8s(server: "https://127.1:16443"),
              code: "kubeconfig_server_host_name", mentions: ["127.1"]),
        Shape(name: "plain http", text: microk8s(server: "http://10.1.2.3:8080"),
              code: "kubeconfig_server_malformed", mentions: ["https://"]),
        Shape(name: "credentials in the address", text: microk8s(server: "https://admin:secret@10.1.2.3:16443"),
              code: "kubeconfig_server_malformed", mentions: ["https://ADRESSE-IP:PORT"]),
        Shape(name: "impersonation", text: microk8s(user: """
                token: abc
                as: system:admin
            """), code: "kubeconfig_unknown_field", mentions: ["« as »"]),
        Shape(name: "not YAML", text: "clusters: [\n  - {", code: "kubeconfig_unreadable", mentions: ["microk8s config"]),
        Shape(name: "no cluster at all", text: "apiVersion: v1\nkind: Config\n", code: "kubeconfig_incomplete", mentions: ["cluster"]),
        Shape(name: "blank", text: "  \n\n", code: "kubeconfig_not_text", mentions: ["vide"]),
    ]

    /// The real kubectl when this machine has one: the production reading of every shape.
    static let realKubectl: String? = ["/usr/bin/kubectl", "/usr/local/bin/kubectl"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func app(kubectl: String? = nil, scenario: String = "empty", servers: String = "") async throws -> TestApp {
        try await TestApp(scenario: scenario, configure: { config in
            config.cluster.learnerKubeconfig = true
            if let kubectl { config.cluster.kubectl = [kubectl] }
        }, standinEnvironment: servers.isEmpty ? [:] : ["KUBECTL_STANDIN_SERVERS": servers])
    }

    static func put(_ app: TestApp, _ token: String, _ text: String) async throws -> HTTPTestClient.Reply {
        try await app.client().request("PUT", "/api/me/kubeconfig", headers: TestApp.bearer(token).merging(["Content-Type": "text/plain; charset=utf-8"]) { $1 },
                                       body: Array(text.utf8))
    }

    @Test("refused with a precise 400, by the stand-in and by the real kubectl", arguments: refused)
    func refusedShape(_ shape: Shape) async throws {
        for kubectl in [nil] + (Self.realKubectl.map { [$0] } ?? []) {
            let app = try await Self.app(kubectl: kubectl)
            defer { Task { await app.stop() } }
            let learner = try await app.register()
            let reply = try await Self.put(app, learner.token, shape.text)
            let json = try reply.json()
            let error = try #require(json["error"] as? [String: Any], "\(kubectl ?? "stand-in"): \(reply.text)")
            #expect(reply.status == 400, "\(kubectl ?? "stand-in"): \(reply.text)")
            #expect(error["code"] as? String == shape.code, "\(kubectl ?? "stand-in"): \(reply.text)")
            let message = error["message"] as? String ?? ""
            for word in shape.mentions {
                #expect(message.replacingOccurrences(of: "\u{202F}", with: " ").contains(word), "\(kubectl ?? "stand-in"): \(message)")
            }
            // French typography, and nothing was stored.
            #expect(!message.contains(" :") && !message.contains(" ;"), "\(message)")
            let stored = (try? FileManager.default.contentsOfDirectory(atPath: app.data.url.appendingPathComponent("kubeconfigs").path)) ?? []
            #expect(stored.isEmpty, "\(stored)")
            let status = try await app.client().get("/api/me/kubeconfig", headers: TestApp.bearer(learner.token)).json()
            #expect(status["connected"] as? Bool == false)
        }
    }

    @Test("a body over 64 KiB is refused before kubectl runs")
    func tooLarge() async throws {
        let app = try await Self.app()
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        let before = app.kubectlInvocations
        let reply = try await Self.put(app, learner.token, Self.microk8s() + "# " + String(repeating: "x", count: 70_000) + "\n")
        #expect(reply.status == 413)
        #expect(app.kubectlInvocations == before)
    }

    @Test("accepted: stored 0600 in a 0700 folder, never returned, status names the server; off by default")
    func accepted() async throws {
        for kubectl in [nil] + (Self.realKubectl.map { [$0] } ?? []) {
            let app = try await Self.app(kubectl: kubectl)
            defer { Task { await app.stop() } }
            let learner = try await app.register()
            let reply = try await Self.put(app, learner.token, Self.microk8s())
            #expect(reply.status == 204, "\(kubectl ?? "stand-in"): \(reply.text)")
            let folder = app.data.url.appendingPathComponent("kubeconfigs")
            let file = folder.appendingPathComponent("\(learner.id).json")
            let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
            #expect((try FileManager.default.attributesOfItem(atPath: folder.path)[.posixPermissions] as? Int) == 0o700)
            // What is stored is kubectl's reading, with the one context made current.
            let stored = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
            #expect(stored["current-context"] as? String == "microk8s")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["\(learner.id).json"])
            let status = try await app.client().get("/api/me/kubeconfig", headers: TestApp.bearer(learner.token))
            #expect(status.text == #"{"connected":true,"enabled":true,"server":"https://10.1.2.3:16443"}"#, "\(status.text)")
            for path in ["/api/me/kubeconfig", "/api/me"] {
                let body = try await app.client().get(path, headers: TestApp.bearer(learner.token)).text
                #expect(!body.contains("Q0xFLVBSSVZFRS1TRUNSRVRF") && !body.contains("QVVUT1JJVEU="), "\(path)")
            }
            let deleted = try await app.client().request("DELETE", "/api/me/kubeconfig", headers: TestApp.bearer(learner.token))
            #expect(deleted.status == 204)
            #expect(!FileManager.default.fileExists(atPath: file.path))
        }
        let plain = try await TestApp()
        defer { Task { await plain.stop() } }
        let learner = try await plain.register()
        let refused = try await Self.put(plain, learner.token, Self.microk8s())
        #expect(refused.status == 403)
        #expect(refused.text.contains("learner_kubeconfig_disabled"))
        let status = try await plain.client().get("/api/me/kubeconfig", headers: TestApp.bearer(learner.token)).json()
        #expect(status["enabled"] as? Bool == false)
        let anonymous = try await plain.client().request("PUT", "/api/me/kubeconfig", body: Array(Self.microk8s().utf8))
        #expect(anonymous.status == 401)
        let foreign = try await plain.client().request("PUT", "/api/me/kubeconfig",
            headers: TestApp.bearer(learner.token).merging(["Origin": "http://evil.example"]) { $1 }, body: Array(Self.microk8s().utf8))
        #expect(foreign.status == 403)
        #expect(foreign.text.contains("cross_origin_refused"))
    }

    @Test("end to end: the uploaded config points this learner's checks and environment at their own cluster")
    func endToEnd() async throws {
        // The server's own cluster is empty; the learner's VM (10.1.2.3) has the deployment.
        let app = try await Self.app(scenario: "empty", servers: "https://10.1.2.3:16443=all-ok")
        defer { Task { await app.stop() } }
        let learner = try await app.register("Camille")
        let other = try await app.register("Dominique")
        func check(_ token: String) async throws -> Bool? {
            let reply = try await app.client().request("POST", "/api/lessons/statefulsets-postgresql/steps/deployment/check",
                                                       headers: TestApp.bearer(token), body: [])
            return try reply.json()["passed"] as? Bool
        }
        #expect(try await check(learner.token) == false)
        #expect(try await Self.put(app, learner.token, Self.microk8s()).status == 204)
        #expect(try await check(learner.token) == true)
        #expect(try await check(other.token) == false, "another learner keeps the server's cluster")
        let path = app.data.url.appendingPathComponent("kubeconfigs/\(learner.id).json").path
        #expect(app.standinLog.contains("--kubeconfig=\(path)".replacingOccurrences(of: "/", with: "\\/"))
                || app.standinLog.contains("--kubeconfig=\(path)"))
        let environment = try await app.client().get("/api/environment", headers: TestApp.bearer(learner.token)).json()
        #expect(environment["ready"] as? Bool == true, "\(environment)")

        // A kubeconfig naming a cluster that does not answer: the checks say so, never a 500.
        #expect(try await Self.put(app, learner.token, Self.microk8s(server: "https://10.9.9.9:16443")).status == 204)
        let unreachable = try await app.client().request("POST", "/api/lessons/statefulsets-postgresql/steps/deployment/check",
                                                         headers: TestApp.bearer(learner.token), body: [])
        #expect(unreachable.status == 200)
        #expect(unreachable.text.contains("\"error\""), "\(unreachable.text)")

        #expect(try await app.client().request("DELETE", "/api/me/kubeconfig", headers: TestApp.bearer(learner.token)).status == 204)
        #expect(try await check(learner.token) == false, "back on the server's cluster")
    }
}
