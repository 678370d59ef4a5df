import Foundation
import Testing
import TestSupport

/// The real kubectl binary, end to end through HTTP, against a cluster address where nothing listens.
@Suite("Real kubectl against an unreachable cluster",
       .enabled(if: RealKubectl.path != nil, "no kubectl on this machine (Debian: kubernetes-client)"))
struct RealKubectlTests {
    @Test func unreachableClusterIsAVerdictNotAFailure() async throws {
        let folder = try TemporaryDirectory(prefix: "atelier-kubeconfig")
        defer { folder.remove() }
        let port = try RealKubectl.closedPort()
        let kubeconfig = folder.url.appendingPathComponent("kubeconfig")
        try """
        apiVersion: v1
        kind: Config
        clusters:
        - name: nowhere
          cluster:
            server: https://127.0.0.1:\(port)
            insecure-skip-tls-verify: true
        contexts:
        - name: nowhere
          context: {cluster: nowhere, user: nobody}
        current-context: nowhere
        users:
        - name: nobody
          user: {token: not-a-secret}
        """.write(to: kubeconfig, atomically: true, encoding: .utf8)
        let app = try await TestApp(configure: { config in
            config.cluster.kubectl = [RealKubectl.path!]
            config.cluster.kubeconfig = kubeconfig.path
            config.cluster.requestTimeoutSeconds = 2
            config.cluster.checkTimeoutSeconds = 8
        })
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        let started = Date()
        let reply = try await app.client().request("POST", "/api/lessons/statefulsets-postgresql/steps/service-headless/check",
                                                   headers: TestApp.bearer(learner.token), body: [])
        let elapsed = Date().timeIntervalSince(started)
        #expect(reply.status == 200)
        let json = try reply.json()
        #expect(json["passed"] as? Bool == false)
        let checks = try #require(json["checks"] as? [[String: Any]])
        #expect(!checks.isEmpty)
        for check in checks {
            #expect(check["status"] as? String == "error")
            let message = (check["message"] as? String) ?? ""
            #expect(message.contains("127.0.0.1:\(port)") || message.lowercased().contains("cluster"), "\(message)")
        }
        let environment = try await app.client().get("/api/environment", headers: TestApp.bearer(learner.token)).json()
        #expect(environment["ready"] as? Bool == false)
        #expect((environment["message"] as? String)?.contains("Ready") == false)
        print("real kubectl, refused connection: check answered in \(String(format: "%.2f", elapsed)) s: \(checks.first?["message"] ?? "")")
    }
}

enum RealKubectl {
    static let path: String? = ["/usr/bin/kubectl", "/usr/local/bin/kubectl", "/snap/bin/kubectl"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// A loopback port with nothing listening: bound, then released.
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
