import AtelierCluster
import AtelierContent

/// `containerImage`: a container of the StatefulSet runs the expected image. `postgres:16`
/// accepts `docker.io/library/postgres:16`, `postgres:16.4` and `postgres:16-alpine` (same
/// major version), but not `postgres`, `postgres:17` or `postgres:latest`.
struct ContainerImage: CheckKind {
    static let name = "containerImage"

    enum Outcome: String, ContainerOutcome {
        case passed, mismatch, containerMissing, missing
    }

    let container: ContainerReference
    let image: String

    init(_ parameters: inout ParameterReader) throws(ParameterProblem) {
        container = try parameters.container()
        image = try parameters.string("image")
    }

    var requirements: CheckRequirements { CheckRequirements(kinds: [.statefulSet]) }
    var values: [String: String] { container.values.merging(["image": image]) { $1 } }

    static func message(for outcome: Outcome) -> OutcomeMessage {
        switch outcome {
        case .passed: OutcomeMessage("Le conteneur {container} utilise l'image {actual}.", provides: ["actual", "container"])
        case .mismatch: OutcomeMessage("Le conteneur {container} utilise l'image {actual} ; image attendue : {image}.", provides: ["actual", "container"])
        case .containerMissing: OutcomeMessage(StatefulSetMessages.containerMissing, provides: ["container", "containers"])
        case .missing: OutcomeMessage(StatefulSetMessages.missing)
        }
    }

    func evaluate(_ context: CheckContext) -> Verdict<Outcome> {
        context.withContainer(container) { _, _, found in
            let actual = found.image ?? ""
            let values = ["actual": actual.isEmpty ? "(aucune)" : actual]
            return Self.imageMatches(actual, image) ? .passed(values) : .failed(.mismatch, values)
        }
    }

    static func imageMatches(_ actual: String, _ expected: String) -> Bool {
        let (actualRepository, actualTag) = splitImage(actual)
        let (expectedRepository, expectedTag) = splitImage(expected)
        guard actualRepository == expectedRepository else { return false }
        guard let expectedTag else { return true }
        guard let actualTag else { return false }
        return actualTag == expectedTag || actualTag.hasPrefix(expectedTag + ".") || actualTag.hasPrefix(expectedTag + "-")
    }

    private static func splitImage(_ image: String) -> (repository: String, tag: String?) {
        var name = image.split(separator: "@", maxSplits: 1).first.map(String.init) ?? image
        for prefix in ["docker.io/", "index.docker.io/", "registry-1.docker.io/"] where name.hasPrefix(prefix) {
            name = String(name.dropFirst(prefix.count))
        }
        if name.hasPrefix("library/") { name = String(name.dropFirst("library/".count)) }
        // A colon after the last slash separates the tag (a colon before it is a registry port).
        let lastSlash = name.lastIndex(of: "/")
        if let colon = name.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true {
            return (String(name[..<colon]), String(name[name.index(after: colon)...]))
        }
        return (name, nil)
    }
}
