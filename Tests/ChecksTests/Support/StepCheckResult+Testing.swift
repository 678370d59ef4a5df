import Testing
@testable import AtelierChecks
@testable import AtelierCluster
@testable import AtelierContent

extension StepCheckResult {
    func check(_ id: String) throws -> CheckResult {
        try #require(checks.first { $0.id == id }, "pas de résultat pour \(id)")
    }
}
