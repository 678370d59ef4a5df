import AtelierCluster
import AtelierContent

/// Message templates several kinds share, written once.
enum StatefulSetMessages {
    static let missing = "Le StatefulSet {statefulSet} n'existe pas dans le namespace {namespace}."
    static let containerMissing = "Le StatefulSet {statefulSet} n'a pas de conteneur {container} (conteneurs : {containers})."
    static let missingClaims = "Il manque {missingCount} PVC sur {replicas} : {missingClaims}."
}
