import Foundation
import Testing
@testable import AtelierChecks
@testable import AtelierCluster
@testable import AtelierContent

/// Every registered kind, every outcome: a French template exists (the `switch` makes it
/// compile-time) and every placeholder it uses is a value the check provides, so no raw key and
/// no `{placeholder}` can reach a learner.
@Suite("Catalogue des types de vérification")
struct KindCatalogueTests {
    /// One valid example per kind: the lesson's checks.json, plus the kinds it does not use.
    static func examples() throws -> [String: CheckSpec] {
        var examples: [String: CheckSpec] = [:]
        for spec in try LessonContent.checks().values.flatMap({ $0 }) { examples[spec.kind] = spec }
        examples["fieldMatches"] = try CheckSpec.parse(#"{"id": "m", "title": "M", "kind": "fieldMatches", "params": {"resource": "pod", "name": "p", "path": "spec.nodeName", "pattern": "^node"}}"#)
        examples["fieldAbsent"] = try CheckSpec.parse(#"{"id": "a", "title": "A", "kind": "fieldAbsent", "params": {"resource": "pod", "name": "p", "path": "spec.hostNetwork"}}"#)
        return examples
    }

    struct Problem: CustomStringConvertible {
        var description: String
    }

    static func problems<K: CheckKind>(_: K.Type, example: CheckSpec) throws -> [Problem] {
        var reader = ParameterReader(example.params)
        let kind = try K(&reader)
        let base = Set(kind.values.keys).union(["namespace"])
        var problems: [Problem] = []
        #expect(K.Outcome.allCases.contains(.passed))
        for outcome in K.Outcome.allCases {
            let message = K.message(for: outcome)
            if message.template.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append(Problem(description: "\(K.name).\(outcome.rawValue) : message vide"))
            }
            for name in MessageTemplate.placeholders(in: message.template) where !base.contains(name) && !message.provides.contains(name) {
                problems.append(Problem(description: "\(K.name).\(outcome.rawValue) : {\(name)} n'est pas fourni"))
            }
            if FrenchTypography.apply(message.template) != message.template {
                problems.append(Problem(description: "\(K.name).\(outcome.rawValue) : espaces typographiques manquantes"))
            }
        }
        return problems
    }

    @Test("chaque type, chaque issue : un message non vide dont toutes les valeurs sont fournies")
    func everyOutcomeHasAFilledTemplate() throws {
        let examples = try Self.examples()
        #expect(Set(examples.keys) == Set(CheckRegistry.kinds.map { $0.name }))
        var outcomes = 0
        for kind in CheckRegistry.kinds {
            let example = try #require(examples[kind.name], "pas d'exemple pour \(kind.name)")
            let problems = try Self.problems(kind, example: example)
            #expect(problems.isEmpty, "\(problems)")
            outcomes += kind.outcomeCount
        }
        #expect(outcomes > CheckRegistry.kinds.count * 2)
    }

    @Test("les noms de types sont uniques")
    func namesAreUnique() {
        let names = CheckRegistry.kinds.map { $0.name }
        #expect(Set(names).count == names.count)
    }
}

extension CheckKind {
    static var outcomeCount: Int { Outcome.allCases.count }
}
