import Foundation

/// Answers `get`, `exec` and `version` from a scenario, with kubectl 1.32's output and errors.
struct Responder {
    let scenario: Scenario
    let arguments: StandinArguments
    /// The namespace fixtures call `default` stands for this one (KUBECTL_STANDIN_NAMESPACE), so
    /// tests can prove the runner passes the learner's namespace.
    let learnerNamespace: String

    /// kubectl's own default when no `-n` is given and the kubeconfig names none.
    var requestedNamespace: String { arguments.namespace ?? "default" }

    func respond() throws(StandinFailure) -> StandinAnswer {
        try refuseIfFailing()
        switch arguments.verb {
        case "get": return try get()
        case "exec": return try exec()
        case "version": return try version()
        case .none:
            throw StandinFailure(exitCode: 1, stderr: "error: kubectl-standin needs a sub-command (get, exec, version)\n")
        case .some(let verb):
            throw StandinFailure(exitCode: 1, stderr: "error: unknown command \"\(verb)\" for \"kubectl\"\n")
        }
    }

    /// The scenario's fixed failure, when it applies to this verb (unreachable cluster…).
    func refuseIfFailing() throws(StandinFailure) {
        if scenario.config.notKubernetes == true && arguments.verb != "version" {
            throw StandinFailure(exitCode: 1, stderr: Self.notKubernetes)
        }
        guard let failure = scenario.config.failure else { return }
        let scope = failure.appliesTo ?? "all"
        if scope == "all" || scope == arguments.verb {
            throw StandinFailure(exitCode: failure.exitCode, stderr: substitute(failure.stderr), stdout: substitute(failure.stdout ?? ""))
        }
    }

    /// What kubectl prints when whatever answers on its address is not a Kubernetes API server
    /// (kubectl's fallback `http://localhost:8080` without a kubeconfig).
    static let notKubernetes = "Error from server (NotFound): the server could not find the requested resource\n"

    // MARK: - version

    /// `version --client`, `version -o json` (client and server, two-space indent as kubectl
    /// prints it), or the plain text form. Not Kubernetes: the client part, then NotFound.
    private func version() throws(StandinFailure) -> StandinAnswer {
        let client = """
              "clientVersion": {
                "major": "1",
                "minor": "32",
                "gitVersion": "v1.32.4",
                "gitCommit": "59526cd4867447956156ae3a602fcbac5d2e3d75",
                "gitTreeState": "clean",
                "buildDate": "2025-04-22T16:03:02Z",
                "goVersion": "go1.23.6",
                "compiler": "gc",
                "platform": "linux/amd64"
              },
              "kustomizeVersion": "v5.5.0"
            """
        let server = scenario.config.serverVersion ?? "v1.32.3"
        let parts = server.dropFirst().split(separator: ".")
        let major = parts.first.map(String.init) ?? "1"
        let minor = parts.count > 1 ? String(parts[1]) : "32"
        let serverJSON = """
              "serverVersion": {
                "major": "\(major)",
                "minor": "\(minor)",
                "gitVersion": "\(server)",
                "gitCommit": "f7e1e7e1c2d9d4c0a8b4e6f0c6b7a9d8e1f2a3b4",
                "gitTreeState": "clean",
                "buildDate": "2025-03-12T00:00:00Z",
                "goVersion": "go1.23.6",
                "compiler": "gc",
                "platform": "linux/amd64"
              }
            """
        let json = arguments.output == "json"
        if arguments.clientOnly {
            return StandinAnswer(stdout: json ? "{\n\(client)\n}\n" : "Client Version: v1.32.4\nKustomize Version: v5.5.0\n")
        }
        if scenario.config.notKubernetes == true {
            throw StandinFailure(exitCode: 1, stderr: Self.notKubernetes,
                                 stdout: json ? "{\n\(client)\n}\n" : "Client Version: v1.32.4\nKustomize Version: v5.5.0\n")
        }
        if json { return StandinAnswer(stdout: "{\n\(client),\n\(serverJSON)\n}\n") }
        return StandinAnswer(stdout: "Client Version: v1.32.4\nKustomize Version: v5.5.0\nServer Version: \(server)\n")
    }

    // MARK: - get

    private func get() throws(StandinFailure) -> StandinAnswer {
        guard let output = arguments.output, output == "json" else {
            throw StandinFailure(exitCode: 2, stderr: "kubectl-standin: only -o json is supported\n")
        }
        guard var typeArgument = arguments.positionals.first else {
            throw StandinFailure(exitCode: 1, stderr: "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\n")
        }
        var names = Array(arguments.positionals.dropFirst())
        if let slash = typeArgument.firstIndex(of: "/") {
            names.insert(String(typeArgument[typeArgument.index(after: slash)...]), at: 0)
            typeArgument = String(typeArgument[..<slash])
        }
        var types: [ResourceType] = []
        for name in typeArgument.split(separator: ",").map(String.init) {
            let unknown = scenario.config.unknownTypes ?? []
            guard let type = ResourceType.named(name), !unknown.contains(ResourceType.named(name)?.plural ?? name) else {
                throw StandinFailure(exitCode: 1, stderr: "error: the server doesn't have a resource type \"\(name)\"\n")
            }
            types.append(type)
        }
        if types.count > 1 && !names.isEmpty {
            throw StandinFailure(exitCode: 1, stderr: "error: you must specify only one resource\n")
        }

        var items: [JSON] = []
        var errors: [String] = []
        for type in types {
            if isForbidden(type.plural) {
                if names.isEmpty {
                    errors.append("Error from server (Forbidden): \(type.qualified) is forbidden: User \"\(user)\" cannot list resource \"\(type.plural)\" in API group \"\(type.group)\"\(namespaceClause(type))")
                } else {
                    for name in names {
                        errors.append("Error from server (Forbidden): \(type.qualified) \"\(name)\" is forbidden: User \"\(user)\" cannot get resource \"\(type.plural)\" in API group \"\(type.group)\" in the namespace \"\(type.namespaced ? requestedNamespace : name)\"")
                    }
                }
                continue
            }
            let available = objects(of: type)
            if names.isEmpty {
                items += available
            } else {
                for name in names {
                    if let found = available.first(where: { $0.at("metadata", "name")?.string == name }) {
                        items.append(found)
                    } else if !arguments.ignoreNotFound {
                        errors.append("Error from server (NotFound): \(type.qualified) \"\(name)\" not found")
                    }
                }
            }
        }

        var answer = StandinAnswer()
        if names.count == 1 && types.count == 1 {
            if let only = items.first { answer.stdout = only.printed() }
        } else {
            let list: JSON = .object([
                "apiVersion": .string("v1"), "items": .array(items), "kind": .string("List"),
                "metadata": .object(["resourceVersion": .string("")]),
            ])
            answer.stdout = list.printed()
        }
        if !errors.isEmpty {
            answer.stderr = errors.joined(separator: "\n") + "\n"
            answer.exitCode = 1
        }
        return answer
    }

    /// Objects of a type visible in the requested namespace, sorted by name as the API does,
    /// filtered by `-l`, with fixture namespace `default` rewritten to the requested one.
    func objects(of type: ResourceType) -> [JSON] {
        var candidates = scenario.objects.filter { $0["kind"]?.string == type.kind }
        if type.kind == "Namespace" { candidates += namespaces() }
        var visible: [JSON] = []
        for var object in candidates {
            if type.namespaced {
                let fixtureNamespace = object.at("metadata", "namespace")?.string ?? "default"
                let effective = fixtureNamespace == "default" ? learnerNamespace : fixtureNamespace
                guard arguments.allNamespaces || effective == requestedNamespace else { continue }
                if fixtureNamespace == "default" { object = rewriteNamespace(object, to: effective) }
            }
            if let selector = arguments.selector {
                let labels = object.at("metadata", "labels")?.object ?? [:]
                guard LabelSelector(selector).matches(labels) else { continue }
            }
            visible.append(object)
        }
        return visible.sorted { ($0.at("metadata", "name")?.string ?? "") < ($1.at("metadata", "name")?.string ?? "") }
    }

    private func namespaces() -> [JSON] {
        var names = ["default", "kube-node-lease", "kube-public", "kube-system"]
        let phase = scenario.config.namespacePhase ?? "Active"
        if phase != "Missing" && !names.contains(learnerNamespace) { names.append(learnerNamespace) }
        return names.map { name in
            let status = name == learnerNamespace ? (phase == "Missing" ? "Active" : phase) : "Active"
            var metadata: [String: JSON] = [
                "creationTimestamp": .string("2025-03-10T08:55:00Z"),
                "labels": .object(["kubernetes.io/metadata.name": .string(name)]),
                "name": .string(name), "resourceVersion": .string("312"),
                "uid": .string("0c4f5a9e-1b7d-4f3a-9c2e-\(String(format: "%012llx", Self.stableHash(name) & 0xFFFF_FFFF_FFFF))"),
            ]
            if status == "Terminating" { metadata["deletionTimestamp"] = .string("2025-03-10T09:40:00Z") }
            return .object([
                "apiVersion": .string("v1"), "kind": .string("Namespace"), "metadata": .object(metadata),
                "spec": .object(["finalizers": .array([.string("kubernetes")])]),
                "status": .object(["phase": .string(status)]),
            ])
        }
    }

    /// FNV-1a: a uid that stays the same from one run to the next (Swift's hashValue does not).
    private static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    private func rewriteNamespace(_ object: JSON, to namespace: String) -> JSON {
        var result = object
        if var metadata = result["metadata"], metadata["namespace"] != nil {
            metadata["namespace"] = .string(namespace)
            result["metadata"] = metadata
        }
        if var involved = result["involvedObject"], involved["namespace"]?.string == "default" {
            involved["namespace"] = .string(namespace)
            result["involvedObject"] = involved
        }
        return result
    }

    // MARK: - exec

    private func exec() throws(StandinFailure) -> StandinAnswer {
        guard let podName = arguments.positionals.first else {
            throw StandinFailure(exitCode: 1, stderr: "error: expected 'exec POD_NAME COMMAND [ARG1] [ARG2] ... [ARGN]'.\nPOD_NAME and COMMAND are required arguments for the exec command\n")
        }
        guard !arguments.command.isEmpty else {
            throw StandinFailure(exitCode: 1, stderr: "error: you must specify at least one command for the container\n")
        }
        if isForbidden("pods/exec") {
            throw StandinFailure(exitCode: 1, stderr: "Error from server (Forbidden): pods \"\(podName)\" is forbidden: User \"\(user)\" cannot create resource \"pods/exec\" in API group \"\" in the namespace \"\(requestedNamespace)\"\n")
        }
        let pods = objects(of: ResourceType.named("pods")!)
        guard let pod = pods.first(where: { $0.at("metadata", "name")?.string == podName }) else {
            throw StandinFailure(exitCode: 1, stderr: "Error from server (NotFound): pods \"\(podName)\" not found\n")
        }
        let phase = pod.at("status", "phase")?.string ?? "Pending"
        if phase == "Succeeded" || phase == "Failed" {
            throw StandinFailure(exitCode: 1, stderr: "error: cannot exec into a container in a completed pod; current phase is \(phase)\n")
        }
        let containers = (pod.at("spec", "containers")?.array ?? []).compactMap { $0["name"]?.string }
        let container = arguments.container ?? containers.first ?? ""
        guard containers.contains(container) else {
            throw StandinFailure(exitCode: 1, stderr: "Error from server (BadRequest): container \(container) is not valid for pod \(podName)\n")
        }
        if pod.at("spec", "nodeName") == nil {
            throw StandinFailure(exitCode: 1, stderr: "Error from server (BadRequest): pod \(podName) does not have a host assigned\n")
        }
        let status = (pod.at("status", "containerStatuses")?.array ?? []).first { $0["name"]?.string == container }
        guard status?.at("state", "running") != nil else {
            throw StandinFailure(exitCode: 1, stderr: "error: unable to upgrade connection: container not found (\"\(container)\")\n")
        }
        if let rule = scenario.execRules.first(where: { $0.matches(pod: podName, container: container, command: arguments.command) }) {
            let code = rule.exitCode ?? 0
            var stderr = substitute(rule.stderr ?? "")
            if code != 0 { stderr += "command terminated with exit code \(code)\n" }
            return StandinAnswer(stdout: substitute(rule.stdout ?? ""), stderr: stderr, exitCode: code)
        }
        let executable = arguments.command[0]
        if (scenario.config.missingExecutables ?? []).contains(executable) {
            throw StandinFailure(exitCode: 1, stderr: "error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec \"6f1c0b7a2d9e4b8c\": OCI runtime exec failed: exec failed: unable to start container process: exec: \"\(executable)\": executable file not found in $PATH: unknown\n")
        }
        throw StandinFailure(exitCode: 2, stderr: "kubectl-standin: scenario \(scenario.name) has no exec rule for pod \(podName), container \(container), command \(arguments.command)\n")
    }

    // MARK: - helpers

    private var user: String { scenario.config.forbiddenUser ?? "system:serviceaccount:atelier:atelier" }

    private func isForbidden(_ resource: String) -> Bool {
        let forbidden = scenario.config.forbidden ?? []
        return forbidden.contains(resource) || (resource != "pods/exec" && forbidden.contains("*"))
    }

    private func namespaceClause(_ type: ResourceType) -> String {
        type.namespaced ? " in the namespace \"\(requestedNamespace)\"" : " at the cluster scope"
    }

    private func substitute(_ text: String) -> String {
        text.replacingOccurrences(of: "{{namespace}}", with: requestedNamespace)
    }
}
