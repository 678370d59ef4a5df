import AtelierApp
import Foundation
import Testing

@Suite("config.json: defaults, validation naming the key, overrides")
struct ConfigTests {
    static let base = URL(fileURLWithPath: "/srv/atelier", isDirectory: true)

    static func parse(_ json: String, environment: [String: String] = [:]) throws -> AppConfig {
        try AppConfig.parse(Data(json.utf8), baseDirectory: base, environment: environment)
    }

    @Test func shippedConfigLoads() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config.json")
        let config = try AppConfig.load(from: url, environment: [:])
        #expect(config.port == 8088)
        #expect(config.cluster.kubectl == ["kubectl"])
        #expect(config.contentDir.lastPathComponent == "content")
    }

    @Test func everyKeyHasADefault() throws {
        let config = try Self.parse("{}")
        #expect(config.host == "127.0.0.1")
        #expect(config.port == 8088)
        #expect(config.maxBodyBytes == 65_536)
        #expect(config.cluster.namespace == "default")
        #expect(config.cluster.requestTimeoutSeconds == 5)
        #expect(config.cluster.checkTimeoutSeconds == 20)
        #expect(config.cluster.maxConcurrentKubectl == 8)
        #expect(config.cluster.observeIdleMinutes == 30)  // watching on: the class shares its watches
        #expect(config.stuck.failedAttemptsInARow == 3)
        #expect(config.trainerToken == nil)
    }

    @Test func relativeDirectoriesFollowTheConfigFile() throws {
        let config = try Self.parse(#"{"contentDir": "lessons", "dataDir": "/var/lib/atelier"}"#)
        #expect(config.contentDir.path == "/srv/atelier/lessons")
        #expect(config.dataDir.path == "/var/lib/atelier")
    }

    @Test(arguments: [
        (#"{"prot": 8080}"#, "prot", ConfigError.Code.unknownKey),
        (#"{"port": "8080"}"#, "port", .wrongType),
        (#"{"port": 80.5}"#, "port", .wrongType),
        (#"{"port": 70000}"#, "port", .invalidValue),
        (#"{"threads": 0}"#, "threads", .invalidValue),
        (#"{"threads": true}"#, "threads", .wrongType),
        (#"{"host": "example.org"}"#, "host", .invalidValue),
        (#"{"trainerToken": "short"}"#, "trainerToken", .invalidValue),
        (#"{"logLevel": "loud"}"#, "logLevel", .invalidValue),
        (#"{"cluster": {"kubectl": []}}"#, "cluster.kubectl", .invalidValue),
        (#"{"cluster": {"kubectl": "kubectl"}}"#, "cluster.kubectl", .wrongType),
        (#"{"cluster": {"kubectl": ["kubectl", 3]}}"#, "cluster.kubectl[1]", .wrongType),
        (#"{"cluster": {"requestTimeoutSeconds": 0}}"#, "cluster.requestTimeoutSeconds", .invalidValue),
        (#"{"cluster": {"requestTimeoutSeconds": 30, "checkTimeoutSeconds": 10}}"#, "cluster.checkTimeoutSeconds", .invalidValue),
        (#"{"cluster": {"namespaces": "x"}}"#, "cluster.namespaces", .unknownKey),
        // One range, the cluster module's: config.json no longer accepts what start-up then refuses.
        (#"{"cluster": {"maxConcurrentKubectl": 65}}"#, "cluster.maxConcurrentKubectl", .invalidValue),
        (#"{"stuck": {"minutesOnStep": -1}}"#, "stuck.minutesOnStep", .invalidValue),
        (#"{"cluster": 3}"#, "cluster", .wrongType),
    ])
    func badValuesNameTheKey(json: String, key: String, code: ConfigError.Code) {
        do {
            _ = try Self.parse(json)
            Issue.record("accepted \(json)")
        } catch let error as ConfigError {
            #expect(error.code == code)
            #expect(error.key == key)
            #expect(error.description.contains(key))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func invalidJSONIsReported() {
        #expect(throws: ConfigError.self) { _ = try Self.parse("{\"port\": ") }
        #expect(throws: ConfigError.self) { _ = try Self.parse("[1, 2]") }
    }

    @Test func environmentOverridesTheFileAndCommandLineOverridesBoth() throws {
        var config = try Self.parse(#"{"host": "127.0.0.1", "port": 8080}"#,
                                    environment: ["ATELIER_HOST": "0.0.0.0", "ATELIER_PORT": "9090",
                                                  "ATELIER_TRAINER_TOKEN": "from-the-environment-123"])
        #expect(config.host == "0.0.0.0")
        #expect(config.port == 9090)
        #expect(config.trainerToken == "from-the-environment-123")
        try config.applyCommandLine(host: "::1", port: 9191)
        #expect(config.host == "::1")
        #expect(config.port == 9191)
        #expect(throws: ConfigError.self) { _ = try Self.parse("{}", environment: ["ATELIER_PORT": "http"]) }
        #expect(throws: ConfigError.self) { try config.applyCommandLine(host: nil, port: 99999) }
    }

    @Test func secretValuesAreNotEchoed() {
        do {
            _ = try Self.parse(#"{"trainerToken": "has spaces in it but long enough"}"#)
            Issue.record("accepted")
        } catch {
            #expect(!"\(error)".contains("has spaces"))
        }
    }
}
