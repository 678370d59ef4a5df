import Foundation

/// KUBECTL_STANDIN_CLASS: a class on one cluster, one namespace per learner. The folder holds a
/// file per learner namespace (`atelier-abc…`), each with that namespace's scenario lines, exactly
/// as KUBECTL_STANDIN_STATE holds them for a single namespace: its last line is the namespace's
/// current state, and appending a line walks its watches to the next state.
///
/// A call with `-n NS` for a namespace of the class answers from NS's scenario (fixtures in
/// `default` moved to NS); `get TYPE -A` lists every namespace of the class; a watch with `-A`
/// streams the changes of every namespace (one file read per poll each), as one class-wide
/// `kubectl get TYPE --watch -A` does on a real cluster.
struct ClassRoom {
    let directory: String

    /// The learner namespaces of the class: the folder's files whose names are DNS labels.
    func namespaces() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { name in
            !name.isEmpty && name.count <= 63 && name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
        }.sorted()
    }

    func contains(_ namespace: String?) -> Bool {
        guard let namespace else { return false }
        return namespaces().contains(namespace)
    }

    func path(_ namespace: String) -> String { (directory as NSString).appendingPathComponent(namespace) }

    /// The non-empty lines of a namespace's state file, in order.
    func lines(_ namespace: String) -> [String] {
        guard let text = try? String(contentsOfFile: path(namespace), encoding: .utf8) else { return [] }
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// `get TYPE[,TYPE…] -A -o json` over the class: each namespace's objects from its own
    /// scenario, in one List (objects outside the learner namespaces, e.g. kube-system, once).
    func listAll(_ arguments: StandinArguments, root: URL) throws(StandinFailure) -> StandinAnswer {
        let typeNames = (arguments.positionals.first ?? "").split(separator: ",").map(String.init)
        var types: [ResourceType] = []
        for name in typeNames {
            guard let type = ResourceType.named(name) else {
                throw StandinFailure(exitCode: 1, stderr: "error: the server doesn't have a resource type \"\(name)\"\n")
            }
            types.append(type)
        }
        var byKey: [String: JSON] = [:]
        for namespace in namespaces() {
            guard let name = lines(namespace).last else { continue }
            let scenario = try Scenario.load(name, root: root)
            let responder = Responder(scenario: scenario, arguments: arguments, learnerNamespace: namespace)
            try responder.refuseIfFailing()
            for type in types where !(scenario.config.forbidden ?? []).contains(type.plural) {
                for object in responder.objects(of: type) {
                    let key = "\(object["kind"]?.string ?? "")/\(object.at("metadata", "namespace")?.string ?? "")/\(object.at("metadata", "name")?.string ?? "")"
                    byKey[key] = object
                }
            }
        }
        let items = byKey.keys.sorted().compactMap { byKey[$0] }
        let list: JSON = .object([
            "apiVersion": .string("v1"), "items": .array(items), "kind": .string("List"),
            "metadata": .object(["resourceVersion": .string("")]),
        ])
        return StandinAnswer(stdout: list.printed())
    }
}
