import AtelierCluster
import AtelierContent

extension ParameterReader {
    /// `resource` + `name`: a namespaced object.
    mutating func object() throws(ParameterProblem) -> ObjectReference {
        let kind = try resourceKind("resource")
        return ObjectReference(kind: kind, name: try objectName("name"))
    }

    /// `statefulSet` + optional `container`.
    mutating func container() throws(ParameterProblem) -> ContainerReference {
        let statefulSet = try label("statefulSet")
        return ContainerReference(statefulSet: statefulSet, container: try optionalLabel("container"))
    }

    /// `statefulSet` + `template` + `replicas`: the PVCs of a claim template.
    mutating func claimSet() throws(ParameterProblem) -> ClaimSet {
        let statefulSet = try label("statefulSet")
        let template = try label("template")
        return ClaimSet(statefulSet: statefulSet, template: template, replicas: try int("replicas", in: 1...100))
    }

    /// Secret keys: `[-._a-zA-Z0-9]+`, as the API requires.
    mutating func secretKey(_ name: String) throws(ParameterProblem) -> String {
        let key = try string(name)
        guard key.utf8.count <= 253, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) }) else {
            throw ParameterProblem(code: .invalidParameter, message: "« \(key) » n'est pas une clé de Secret valide.")
        }
        return key
    }

    /// An environment variable name.
    mutating func environmentName(_ name: String) throws(ParameterProblem) -> String {
        let variable = try string(name)
        guard variable.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }),
              !(variable.first?.isNumber ?? true) else {
            throw ParameterProblem(code: .invalidParameter, message: "« \(variable) » n'est pas un nom de variable d'environnement valide.")
        }
        return variable
    }

    /// `key=value[,key=value]`: the selector reaches kubectl's argv after `-l`.
    static func validateSelector(_ selector: String) throws(ParameterProblem) {
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
