import Foundation

/// A scenario resolved through its `base` chain: the objects the fake API server holds and how
/// the fake kubectl behaves.
struct Scenario {
    var name: String
    var config: ScenarioConfig
    var objects: [JSON]
    var execRules: [ExecRule]

    /// Loads `root/name`, following `base` (at most 10 levels, no cycles).
    static func load(_ name: String, root: URL) throws(StandinFailure) -> Scenario {
        try load(name, root: root, depth: 0)
    }

    private static func load(_ name: String, root: URL, depth: Int) throws(StandinFailure) -> Scenario {
        guard depth < 10 else { throw setupError("scenario base chain too deep at \(name)") }
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw setupError("invalid scenario name \"\(name)\"")
        }
        let directory = root.appendingPathComponent(name, isDirectory: true)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw setupError("no scenario \"\(name)\" in \(root.path)")
        }
        var config = ScenarioConfig()
        let configURL = directory.appendingPathComponent("scenario.json")
        if FileManager.default.fileExists(atPath: configURL.path) {
            do {
                config = try JSONDecoder().decode(ScenarioConfig.self, from: Data(contentsOf: configURL))
            } catch {
                throw setupError("cannot read \(configURL.path): \(error)")
            }
        }
        var scenario: Scenario
        if let base = config.base {
            scenario = try load(base, root: root, depth: depth + 1)
            scenario.name = name
            scenario.config = merge(base: scenario.config, over: config)
            scenario.execRules = (config.exec ?? []) + scenario.execRules
        } else {
            scenario = Scenario(name: name, config: config, objects: [], execRules: config.exec ?? [])
        }
        for kind in config.removeKinds ?? [] {
            scenario.objects.removeAll { $0["kind"]?.string == kind }
        }
        for removed in config.remove ?? [] {
            scenario.objects.removeAll { "\($0["kind"]?.string ?? "")/\($0.at("metadata", "name")?.string ?? "")" == removed }
        }
        for patch in config.patch ?? [] {
            scenario.objects = scenario.objects.map { patch.targets($0) ? patch.apply(to: $0) : $0 }
        }
        for object in try objects(in: directory.appendingPathComponent("objects", isDirectory: true)) {
            scenario.objects.removeAll { sameObject($0, object) }
            scenario.objects.append(object)
        }
        return scenario
    }

    /// Every object of `objects/*.json`, a file holding one object or a `List`.
    private static func objects(in directory: URL) throws(StandinFailure) -> [JSON] {
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        var result: [JSON] = []
        for file in files.sorted() where file.hasSuffix(".json") {
            let url = directory.appendingPathComponent(file)
            let document: JSON
            do {
                document = try JSONParser.parse([UInt8](Data(contentsOf: url)))
            } catch {
                throw setupError("cannot parse \(url.path): \(error)")
            }
            if let items = document["items"]?.array, document["kind"]?.string?.hasSuffix("List") == true {
                result += items
            } else {
                result.append(document)
            }
        }
        return result
    }

    private static func sameObject(_ a: JSON, _ b: JSON) -> Bool {
        a["kind"] == b["kind"] && a.at("metadata", "name") == b.at("metadata", "name")
            && a.at("metadata", "namespace") == b.at("metadata", "namespace")
    }

    private static func merge(base: ScenarioConfig, over own: ScenarioConfig) -> ScenarioConfig {
        var merged = base
        merged.description = own.description ?? base.description
        merged.failure = own.failure ?? base.failure
        merged.hang = own.hang ?? base.hang
        merged.ignoreSigterm = own.ignoreSigterm ?? base.ignoreSigterm
        merged.spawnChild = own.spawnChild ?? base.spawnChild
        merged.childIgnoresSigterm = own.childIgnoresSigterm ?? base.childIgnoresSigterm
        merged.delayMs = own.delayMs ?? base.delayMs
        merged.forbidden = own.forbidden ?? base.forbidden
        merged.forbiddenUser = own.forbiddenUser ?? base.forbiddenUser
        merged.unknownTypes = own.unknownTypes ?? base.unknownTypes
        merged.stdoutBytes = own.stdoutBytes ?? base.stdoutBytes
        merged.rawStdout = own.rawStdout ?? base.rawStdout
        merged.missingExecutables = own.missingExecutables ?? base.missingExecutables
        merged.namespacePhase = own.namespacePhase ?? base.namespacePhase
        merged.notKubernetes = own.notKubernetes ?? base.notKubernetes
        merged.serverVersion = own.serverVersion ?? base.serverVersion
        // watchEnd is not inherited: it marks one step of a watch's life, not a cluster state.
        merged.watchEnd = own.watchEnd
        return merged
    }

    static func setupError(_ message: String) -> StandinFailure {
        StandinFailure(exitCode: 2, stderr: "kubectl-standin: \(message)\n")
    }
}
