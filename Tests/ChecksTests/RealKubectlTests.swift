import AtelierProcess
import Foundation
import Glibc
import Testing
@testable import AtelierChecks
@testable import AtelierCluster
@testable import AtelierContent

/// The runner with the real kubectl binary against a loopback port nobody listens on.
@Suite("kubectl réel")
struct RealKubectlTests {
    static let kubectl: String? = ["/usr/bin/kubectl", "/usr/local/bin/kubectl"].first(where: ExecutableLocator.isExecutableFile)
        ?? ExecutableLocator.locate("kubectl", environment: ProcessInfo.processInfo.environment)

    /// A loopback port that was free a moment ago: bound, then closed, so connecting is refused.
    static func closedPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(bound == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test("serveur fermé : classé injoignable, message en français",
          .enabled(if: kubectl != nil, "kubectl absent de cette machine (paquet Debian kubernetes-client ou /usr/bin/kubectl)"))
    func unreachableServer() async throws {
        let kubectl = try #require(Self.kubectl)
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("real-kubectl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let port = try Self.closedPort()
        let kubeconfig = home.appendingPathComponent("kubeconfig")
        try """
        apiVersion: v1
        kind: Config
        clusters:
        - cluster:
            server: https://127.0.0.1:\(port)
            insecure-skip-tls-verify: true
          name: atelier
        contexts:
        - context:
            cluster: atelier
            user: atelier
          name: atelier
        current-context: atelier
        users:
        - name: atelier
          user:
            token: not-a-secret
        """.write(to: kubeconfig, atomically: true, encoding: .utf8)

        let settings = ClusterSettings(kubectl: [kubectl], kubeconfig: kubeconfig.path, namespace: "atelier-test",
                                       requestTimeoutSeconds: 2, checkTimeoutSeconds: 15)
        let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": home.path]
        let runner = KubectlRunner(settings: settings, environment: environment, logger: Standin.quietLogger)
        let result = await runner.run(["get", "pods", "-o", "json"], scope: .target, target: ClusterTarget(namespace: "atelier-test"),
                                      deadline: runner.makeDeadline())
        guard case .failure(let error) = result else {
            Issue.record("un serveur fermé a répondu")
            return
        }
        #expect(error.code == .clusterUnreachable)
        #expect(error.message == "Le cluster ne répond pas : connexion refusée par 127.0.0.1:\(port). MicroK8s est-il démarré (« microk8s start ») ?")

        let engine = CheckEngine(settings: settings, logger: Standin.quietLogger, environment: environment)
        let report = await engine.environment(target: ClusterTarget(namespace: "atelier-test"))
        #expect(!report.ready)
        #expect(report.checks.map(\.status) == [.passed, .failed, .error])
    }
}
