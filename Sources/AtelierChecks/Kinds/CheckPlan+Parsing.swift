import AtelierCluster
import AtelierContent
import Foundation

extension CheckPlan {
    /// Builds the typed plan from a kind and raw params, refusing missing, malformed and
    /// unknown parameters.
    static func parse(kind: CheckKind, params: [String: JSONValue]) throws(ParameterProblem) -> CheckPlan {
        var reader = ParameterReader(params)
        let plan: CheckPlan
        switch kind {
        case .resourceExists:
            plan = .resourceExists(try object(&reader))
        case .fieldEquals:
            let object = try object(&reader)
            let path = try reader.fieldPath("path")
            plan = .fieldEquals(object, path, expected: try reader.value("value"))
        case .fieldMatches:
            let object = try object(&reader)
            let path = try reader.fieldPath("path")
            let pattern = try reader.string("pattern")
            do {
                _ = try NSRegularExpression(pattern: pattern)
            } catch {
                throw ParameterProblem(code: .invalidParameter, message: "le motif « \(pattern) » n'est pas une expression régulière valide.")
            }
            plan = .fieldMatches(object, path, pattern: pattern)
        case .fieldAbsent:
            let object = try object(&reader)
            plan = .fieldAbsent(object, try reader.fieldPath("path"))
        case .secretHasKey:
            let secret = try reader.objectName("secret")
            plan = .secretHasKey(secret: secret, key: try secretKey(&reader, "key"))
        case .serviceHeadless:
            plan = .serviceHeadless(service: try reader.label("service"))
        case .servicePort:
            let service = try reader.label("service")
            let port = try reader.int("port", in: 1...65535)
            plan = .servicePort(service: service, port: port, name: try reader.label("name"))
        case .serviceSelectsStatefulSet:
            let service = try reader.label("service")
            plan = .serviceSelectsStatefulSet(service: service, statefulSet: try reader.label("statefulSet"))
        case .statefulSetServiceName:
            let statefulSet = try reader.label("statefulSet")
            plan = .statefulSetServiceName(statefulSet: statefulSet, service: try reader.label("service"))
        case .containerImage:
            let container = try container(&reader)
            plan = .containerImage(container, image: try reader.string("image"))
        case .envFromSecret:
            let container = try container(&reader)
            let variable = try envName(&reader, "variable")
            let secret = try reader.objectName("secret")
            plan = .envFromSecret(container, variable: variable, secret: secret, key: try secretKey(&reader, "key"))
        case .envPathUnderMount:
            let container = try container(&reader)
            let variable = try envName(&reader, "variable")
            let volume = try reader.label("volume")
            // The image's own default (postgres: /var/lib/postgresql/data) applies when unset.
            let defaultValue = try reader.optionalString("valueWhenUnset")
            if let defaultValue, !defaultValue.hasPrefix("/") {
                throw ParameterProblem(code: .invalidParameter, message: "le paramètre « valueWhenUnset » doit être un chemin absolu.")
            }
            plan = .envPathUnderMount(container, variable: variable, volume: volume, defaultValue: defaultValue)
        case .readinessProbeCommand:
            let container = try container(&reader)
            plan = .readinessProbeCommand(container, executable: try reader.string("executable"))
        case .statefulSetReady:
            let statefulSet = try reader.label("statefulSet")
            let replicas = try reader.int("replicas", in: 1...100)
            plan = .statefulSetReady(statefulSet: statefulSet, replicas: replicas, crashLoopHint: try reader.optionalString("crashLoopHint"))
        case .claimsBound:
            plan = .claimsBound(try claimSet(&reader))
        case .claimsStorageClass:
            let set = try claimSet(&reader)
            plan = .claimsStorageClass(set, storageClass: try reader.objectName("storageClass"))
        case .claimsMountedByOrdinal:
            plan = .claimsMountedByOrdinal(try claimSet(&reader))
        case .orderedCreation:
            let statefulSet = try reader.label("statefulSet")
            plan = .orderedCreation(statefulSet: statefulSet, replicas: try reader.int("replicas", in: 2...100))
        case .orderedDeletion:
            let statefulSet = try reader.label("statefulSet")
            let ordinals = try reader.intList("ordinals", in: 0...99)
            guard ordinals.count >= 2, zip(ordinals, ordinals.dropFirst()).allSatisfy({ $0 > $1 }) else {
                throw ParameterProblem(code: .invalidParameter,
                    message: "le paramètre « ordinals » doit lister au moins deux ordinaux dans l'ordre de suppression attendu, décroissant (ex. [2, 1]).")
            }
            plan = .orderedDeletion(statefulSet: statefulSet, ordinals: ordinals)
        case .sqlCount:
            let pod = try reader.objectName("pod")
            let container = try reader.label("container")
            let user = try reader.optionalString("user") ?? "postgres"
            let database = try reader.optionalString("database")
            let query = try reader.string("query")
            guard query.utf8.count <= 2000 else {
                throw ParameterProblem(code: .invalidParameter, message: "la requête dépasse 2000 octets.")
            }
            for (key, value) in [("user", user), ("database", database ?? "postgres")]
            where !value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) || value.hasPrefix("-") {
                throw ParameterProblem(code: .invalidParameter, message: "le paramètre « \(key) » doit être un identifiant simple (lettres, chiffres, _ et -).")
            }
            let atLeast = try reader.optionalInt("atLeast", in: 1...1_000_000) ?? 1
            plan = .sqlCount(SQLCountQuery(pod: pod, container: container, user: user, database: database, query: query, atLeast: atLeast))
        case .podRecreated:
            let pod = try reader.objectName("pod")
            let claim = try reader.objectName("claim")
            let gap = try reader.optionalInt("minimumGapSeconds", in: 1...3600) ?? 5
            plan = .podRecreated(pod: pod, claim: claim, minimumGapSeconds: gap)
        case .dnsResolvesToPod:
            let fromPod = try reader.objectName("fromPod")
            let container = try reader.label("container")
            let hostname = try reader.objectName("hostname")
            plan = .dnsResolvesToPod(fromPod: fromPod, container: container, hostname: hostname, targetPod: try reader.objectName("targetPod"))
        case .clusterDNSReady:
            let namespace = try reader.optionalLabel("namespace") ?? "kube-system"
            let selector = try reader.optionalString("selector") ?? "k8s-app=kube-dns"
            try validateSelector(selector)
            plan = .clusterDNSReady(SystemPodQuery(namespace: namespace, selector: selector))
        case .defaultStorageClass:
            plan = .defaultStorageClass(name: try reader.optionalObjectName("name"))
        }
        try reader.finish()
        return plan
    }

    private static func object(_ reader: inout ParameterReader) throws(ParameterProblem) -> ObjectReference {
        let kind = try reader.resourceKind("resource")
        return ObjectReference(kind: kind, name: try reader.objectName("name"))
    }

    private static func container(_ reader: inout ParameterReader) throws(ParameterProblem) -> ContainerReference {
        let statefulSet = try reader.label("statefulSet")
        return ContainerReference(statefulSet: statefulSet, container: try reader.optionalLabel("container"))
    }

    private static func claimSet(_ reader: inout ParameterReader) throws(ParameterProblem) -> ClaimSet {
        let statefulSet = try reader.label("statefulSet")
        let template = try reader.label("template")
        return ClaimSet(statefulSet: statefulSet, template: template, replicas: try reader.int("replicas", in: 1...100))
    }

    /// Secret keys: `[-._a-zA-Z0-9]+`, as the API requires.
    private static func secretKey(_ reader: inout ParameterReader, _ name: String) throws(ParameterProblem) -> String {
        let key = try reader.string(name)
        guard key.utf8.count <= 253, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) }) else {
            throw ParameterProblem(code: .invalidParameter, message: "« \(key) » n'est pas une clé de Secret valide.")
        }
        return key
    }

    private static func envName(_ reader: inout ParameterReader, _ name: String) throws(ParameterProblem) -> String {
        let variable = try reader.string(name)
        guard variable.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }),
              !(variable.first?.isNumber ?? true) else {
            throw ParameterProblem(code: .invalidParameter, message: "« \(variable) » n'est pas un nom de variable d'environnement valide.")
        }
        return variable
    }

    /// `key=value[,key=value]`: the selector reaches kubectl's argv after `-l`.
    private static func validateSelector(_ selector: String) throws(ParameterProblem) {
        let terms = selector.split(separator: ",", omittingEmptySubsequences: false)
        let valid = terms.allSatisfy { term in
            let parts = term.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return parts.count == 2 && parts.allSatisfy { DNSNames.isLabelSelectorToken(String($0)) }
        }
        guard valid else {
            throw ParameterProblem(code: .invalidParameter, message: "le sélecteur « \(selector) » doit être de la forme clé=valeur[,clé=valeur].")
        }
    }
}
