import Foundation
import Testing
@testable import AtelierChecks
@testable import AtelierCluster
@testable import AtelierContent

extension CheckSpec {
    /// A spec from its checks.json text, for kinds the lesson does not use.
    static func parse(_ json: String) throws -> CheckSpec {
        try JSONDecoder().decode(CheckSpec.self, from: Data(json.utf8))
    }
}
