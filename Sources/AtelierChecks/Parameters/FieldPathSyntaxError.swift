import AtelierCluster
import AtelierContent

/// Why a field path from checks.json could not be parsed (French, for the start-up error).
struct FieldPathSyntaxError: Error, Sendable, Hashable {
    let reason: String
}
