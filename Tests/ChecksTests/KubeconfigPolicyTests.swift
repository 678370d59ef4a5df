import Foundation
import Testing
@testable import AtelierCluster
@testable import AtelierContent

/// The pieces of the learner-kubeconfig policy that HTTP tests cannot reach one by one: address
/// literals, CIDR blocks, the `cluster` keys, and the argv a learner target produces.
@Suite("Kubeconfig d'apprenant : adresses et réglages")
struct KubeconfigPolicyTests {
    @Test("IP literals are strict: no short, octal, hex or zoned forms")
    func literals() {
        #expect(IPAddress("10.1.2.3")?.bytes == [10, 1, 2, 3])
        #expect(IPAddress("::1")?.bytes == Array(repeating: 0, count: 15) + [1])
        #expect(IPAddress("fd00::1:2")?.bytes.count == 16)
        #expect(IPAddress("::ffff:10.0.0.1")?.bytes == [10, 0, 0, 1], "an IPv4-mapped address is judged as IPv4")
        for text in ["127.1", "0x7f.0.0.1", "017700000001", "010.0.0.1", "10.0.0.256", "10.0.0", "1::2::3", "fe80::1%eth0", "", "a.b.c.d", "::ffff:127.1"] {
            #expect(IPAddress(text) == nil, "\(text)")
        }
    }

    @Test("CIDR blocks: membership, host bits refused, families kept apart")
    func blocks() throws {
        let private10 = try #require(IPBlock("10.0.0.0/8"))
        #expect(private10.contains(IPAddress("10.255.0.1")!))
        #expect(!private10.contains(IPAddress("11.0.0.1")!))
        #expect(IPBlock("10.0.0.1/8") == nil, "host bits set: a typo")
        #expect(IPBlock("10.0.0.0/33") == nil)
        #expect(IPBlock("192.168.1.7")?.prefixLength == 32)
        let ula = try #require(IPBlock("fc00::/7"))
        #expect(ula.contains(IPAddress("fd12:3456::1")!))
        #expect(!ula.contains(IPAddress("10.0.0.1")!))
        let defaults = IPBlock.privateAndLoopback
        for allowed in ["10.1.2.3", "172.31.255.255", "192.168.0.10", "127.0.0.1", "::1", "fd00::5"] {
            #expect(defaults.contains { $0.contains(IPAddress(allowed)!) }, "\(allowed)")
        }
        for refused in ["172.32.0.1", "8.8.8.8", "169.254.169.254", "100.64.0.1", "2001:db8::1", "fe80::1", "0.0.0.0"] {
            #expect(!defaults.contains { $0.contains(IPAddress(refused)!) }, "\(refused)")
        }
    }

    @Test("cluster.learnerKubeconfig and cluster.allowedServers are read, a bad block names its index")
    func settings() throws {
        let settings = try ClusterSettings.read(#"{"learnerKubeconfig": true, "allowedServers": ["192.168.56.0/24"]}"#)
        #expect(settings.learnerKubeconfig)
        #expect(settings.allowedServers == [IPBlock("192.168.56.0/24")!])
        #expect(ClusterSettings().learnerKubeconfig == false)
        #expect(throws: ClusterSettingsError.self) { try ClusterSettings.read(#"{"allowedServers": ["10.0.0.0/8", "lan"]}"#) }
        let error = #expect(throws: ClusterSettingsError.self) {
            try ClusterSettings.read(#"{"allowedServers": ["10.0.0.0/8", "10.0.0.1/8"]}"#)
        }
        #expect(error?.key == "cluster.allowedServers[1]")
        #expect(throws: ClusterSettingsError.self) { try ClusterSettings.read(#"{"learnerKubeconfig": "yes"}"#) }
    }

    @Test("a learner's kubeconfig replaces the configured kubeconfig and context in kubectl's argv")
    func argv() throws {
        var settings = ClusterSettings(kubeconfig: "/etc/atelier/kubeconfig", context: "ctx-{learner}", namespace: "atelier-{learner}")
        settings.learnerKubeconfig = true
        let runner = KubectlRunner(settings: settings, environment: [:], logger: .init(label: "test"))
        let shared = try settings.target(learnerId: "abcdefgh2345")
        #expect(runner.argv(["get", "pods"], scope: .target, target: shared).contains("--kubeconfig=/etc/atelier/kubeconfig"))
        #expect(runner.argv(["get", "pods"], scope: .target, target: shared).contains("--context=ctx-abcdefgh2345"))
        let own = try settings.target(learnerId: "abcdefgh2345", learnerKubeconfig: "/data/kubeconfigs/abcdefgh2345.json")
        let argv = runner.argv(["get", "pods"], scope: .target, target: own)
        #expect(argv.contains("--kubeconfig=/data/kubeconfigs/abcdefgh2345.json"))
        #expect(!argv.contains { $0.hasPrefix("--context") })
        #expect(argv.contains("--namespace=atelier-abcdefgh2345"))
        #expect(own != shared, "single-flight and the observer key on the target: a learner's own cluster is another target")
    }
}
