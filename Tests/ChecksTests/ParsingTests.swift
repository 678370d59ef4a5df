import Foundation
import Testing
@testable import AtelierChecks
@testable import AtelierCluster
@testable import AtelierContent

@Suite("Dates et chemins de champs")
struct ParsingTests {
    @Test("les horodatages Kubernetes, à la seconde ou à la microseconde")
    func timestamps() throws {
        let seconds = try #require(KubeTime.parse("2025-03-10T09:00:01Z"))
        #expect(KubeTime.iso(seconds) == "2025-03-10T09:00:01Z")
        #expect(KubeTime.clock(seconds) == "09:00:01")
        let micro = try #require(KubeTime.parse("2025-03-10T09:00:04.211942Z"))
        #expect(abs(micro.timeIntervalSince(seconds) - 3.211942) < 0.000_01)
        let offset = try #require(KubeTime.parse("2025-03-10T10:00:01+01:00"))
        #expect(offset == seconds)
        for garbage in ["", "2025-03-10", "2025-13-10T09:00:01Z", "2025-03-10T09:00:01", "2025-03-10T09:00:01Zjunk", "not a date at all!!"] {
            #expect(KubeTime.parse(garbage) == nil, "accepté à tort : \(garbage)")
        }
    }

    @Test("chemins pointés, indices, clés entre guillemets et sélecteurs")
    func paths() throws {
        let object: JSONValue = .object([
            "spec": .object([
                "containers": .array([.object(["name": .string("init")]), .object(["name": .string("postgres"), "image": .string("postgres:16")])]),
            ]),
            "metadata": .object(["annotations": .object(["storageclass.kubernetes.io/is-default-class": .string("true")])]),
        ])
        let index = try FieldPath.parse("spec.containers[1].image").get()
        #expect(index.resolve(in: object) == .string("postgres:16"))
        let match = try FieldPath.parse("spec.containers[name=postgres].image").get()
        #expect(match.resolve(in: object) == .string("postgres:16"))
        let quoted = try FieldPath.parse(#"metadata.annotations["storageclass.kubernetes.io/is-default-class"]"#).get()
        #expect(quoted.resolve(in: object) == .string("true"))
        #expect(try FieldPath.parse("spec.containers[5].image").get().resolve(in: object) == nil)
        #expect(try FieldPath.parse("spec.nothing.here").get().resolve(in: object) == nil)
    }

    @Test("les chemins malformés sont refusés", arguments: ["", "a..b", "a.", ".a", "a[", "a[x]", "a[1]b", #"a[""]"#, "a[=x]"])
    func badPaths(path: String) {
        #expect(throws: FieldPathSyntaxError.self) { try FieldPath.parse(path).get() }
    }

    @Test("JSON hostile : une erreur précise, jamais un plantage")
    func hostileJSON() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        for text in ["", "{", "<html>", "null", deep, #"{"items": 3}"#] {
            let output = KubectlOutput(exitStatus: 0, stdout: Array(text.utf8), stderr: "", duration: .zero)
            switch KubectlRunner.decodeJSON(output) {
            case .failure(let error):
                #expect(error.code == .unparsableOutput)
            case .success(let value):
                #expect(throws: KubectlError.self) {
                    try ClusterSnapshot(namespace: "n", list: value, kinds: [.pod])
                }
            }
        }
    }

    @Test("les valeurs des Secrets sont retirées dès la lecture")
    func secretRedaction() throws {
        let secret: JSONValue = .object([
            "apiVersion": .string("v1"), "kind": .string("Secret"), "type": .string("Opaque"),
            "data": .object(["POSTGRES_PASSWORD": .string("czNjcjN0LXZhbHVl")]),
            "metadata": .object([
                "name": .string("postgres-secret"),
                "annotations": .object(["kubectl.kubernetes.io/last-applied-configuration": .string(#"{"stringData":{"POSTGRES_PASSWORD":"s3cr3t-value"}}"#)]),
            ]),
        ])
        let snapshot = try ClusterSnapshot(namespace: "n", list: .object(["items": .array([secret])]), kinds: [.secret])
        guard case .found(let stored) = snapshot.lookup(.secret, "postgres-secret") else {
            Issue.record("Secret absent de l'instantané")
            return
        }
        let text = String(decoding: try JSONEncoder().encode(stored), as: UTF8.self)
        #expect(!text.contains("czNjcjN0LXZhbHVl"))
        #expect(!text.contains("s3cr3t-value"))
        #expect(!text.contains("last-applied-configuration"))
        #expect(CheckContext.secretKeys(stored) == ["POSTGRES_PASSWORD"])
    }

    @Test("images : même version majeure acceptée, autre version refusée")
    func images() {
        #expect(ContainerImage.imageMatches("postgres:16", "postgres:16"))
        #expect(ContainerImage.imageMatches("docker.io/library/postgres:16", "postgres:16"))
        #expect(ContainerImage.imageMatches("postgres:16.4", "postgres:16"))
        #expect(ContainerImage.imageMatches("postgres:16-alpine", "postgres:16"))
        #expect(ContainerImage.imageMatches("postgres:16@sha256:abc", "postgres:16"))
        #expect(!ContainerImage.imageMatches("postgres:17", "postgres:16"))
        #expect(!ContainerImage.imageMatches("postgres:160", "postgres:16"))
        #expect(!ContainerImage.imageMatches("postgres", "postgres:16"))
        #expect(!ContainerImage.imageMatches("bitnami/postgresql:16", "postgres:16"))
        #expect(!ContainerImage.imageMatches("registry:5000/postgres", "postgres:16"))
    }

    @Test("chemin sous un point de montage")
    func pathUnderMount() {
        #expect(EnvPathUnderMount.isPath("/var/lib/postgresql/data/pgdata", under: "/var/lib/postgresql/data"))
        #expect(EnvPathUnderMount.isPath("/var/lib/postgresql/data", under: "/var/lib/postgresql/data/"))
        #expect(!EnvPathUnderMount.isPath("/var/lib/postgresql/database", under: "/var/lib/postgresql/data"))
        #expect(!EnvPathUnderMount.isPath("/var/lib/postgresql/data/../x", under: "/var/lib/postgresql/data"))
        #expect(!EnvPathUnderMount.isPath("pgdata", under: "/var/lib/postgresql/data"))
    }

    @Test("français : listes et pluriels")
    func french() {
        #expect(FrenchText.list(["a"]) == "a")
        #expect(FrenchText.list(["a", "b", "c"]) == "a, b et c")
        #expect(FrenchText.count(1, "redémarrage", "redémarrages") == "1 redémarrage")
        #expect(FrenchText.count(0, "redémarrage", "redémarrages") == "0 redémarrage")
        #expect(FrenchText.count(5, "redémarrage", "redémarrages") == "5 redémarrages")
    }
}
