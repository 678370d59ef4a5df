import AtelierCluster
import AtelierContent
import Foundation

/// `sqlCount`: a `SELECT count(*)` run with psql inside a pod reaches a minimum. Two phases:
/// the command (unless the snapshot shows the pod missing or stopped), then its output.
struct SQLCount: ExecCheckKind {
    static let name = "sqlCount"

    enum Outcome: String, CheckOutcome {
        case passed, tooFew, missingRelation, missingColumn, serverDown, sqlError, podMissing, podNotRunning, unparsable
    }

    let query: SQLCountQuery

    init(_ parameters: inout ParameterReader) throws(ParameterProblem) {
        let pod = try parameters.objectName("pod")
        let container = try parameters.label("container")
        let user = try parameters.optionalString("user") ?? "postgres"
        let database = try parameters.optionalString("database")
        let text = try parameters.string("query")
        guard text.utf8.count <= 2000 else {
            throw ParameterProblem(code: .invalidParameter, message: "la requête dépasse 2000 octets.")
        }
        for (key, value) in [("user", user), ("database", database ?? "postgres")]
        where !value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) || value.hasPrefix("-") {
            throw ParameterProblem(code: .invalidParameter, message: "le paramètre « \(key) » doit être un identifiant simple (lettres, chiffres, _ et -).")
        }
        let atLeast = try parameters.optionalInt("atLeast", in: 1...1_000_000) ?? 1
        query = SQLCountQuery(pod: pod, container: container, user: user, database: database, query: text, atLeast: atLeast)
    }

    var requirements: CheckRequirements { CheckRequirements(kinds: [.pod]) }
    var values: [String: String] {
        ["pod": query.pod, "container": query.container, "database": query.database ?? query.user, "atLeast": String(query.atLeast)]
    }

    static func message(for outcome: Outcome) -> OutcomeMessage {
        switch outcome {
        case .passed: OutcomeMessage("La requête dans {pod} compte {rows} (minimum attendu : {atLeast}).", provides: ["rows", "count"])
        case .tooFew: OutcomeMessage("La requête dans {pod} ne compte que {rows} (minimum attendu : {atLeast}).", provides: ["rows", "count"])
        case .missingRelation: OutcomeMessage("La table {relation} n'existe pas dans la base {database} de {pod}.", provides: ["relation"])
        case .missingColumn: OutcomeMessage("La colonne {column} n'existe pas dans la base {database} de {pod}.", provides: ["column"])
        case .serverDown: OutcomeMessage("PostgreSQL ne répond pas dans {pod} : {detail}", provides: ["detail"])
        case .sqlError: OutcomeMessage("Erreur PostgreSQL dans {pod} : {detail}", provides: ["detail"])
        case .podMissing: OutcomeMessage("Le Pod {pod} n'existe pas dans le namespace {namespace}.")
        case .podNotRunning: OutcomeMessage("Le conteneur {container} de {pod} ne tourne pas ({state}) : impossible d'y lancer psql.", provides: ["state"])
        case .unparsable: OutcomeMessage("Réponse inattendue de psql dans {pod} : « {output} ».", provides: ["output"])
        }
    }

    func prepare(_ context: CheckContext) -> ExecPreparation<Outcome> {
        context.preparing { snapshot in
            guard let pod = snapshot.pod(query.pod) else { return .decided(.failed(.podMissing)) }
            guard pod.isRunning(container: query.container) else {
                return .decided(.failed(.podNotRunning, ["state": pod.stateText]))
            }
            return .run(ExecCommand(pod: query.pod, container: query.container, command: query.command))
        }
    }

    /// The pod stopped between the snapshot and the exec: the learner's business.
    func judgeFailure(_ error: KubectlError) -> Verdict<Outcome> {
        if let state = error.podStateText { return .failed(.podNotRunning, ["state": state]) }
        if error.code == .notFound { return .failed(.podMissing) }
        return .error(error)
    }

    /// `psql -tA` prints the count alone; errors come on stderr as `ERROR:  relation "cours"
    /// does not exist` or `psql: error: connection to server on socket …`.
    func judge(_ output: ExecResult, context: CheckContext) -> Verdict<Outcome> {
        if output.exitCode == 0 {
            let line = output.stdout.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .first { !$0.isEmpty } ?? ""
            guard let count = Int(line) else {
                return .failed(.unparsable, ["output": String(line.prefix(80))])
            }
            let values = ["count": String(count), "rows": FrenchText.count(count, "ligne", "lignes")]
            return count >= query.atLeast ? .passed(values) : .failed(.tooFew, values)
        }
        let stderr = output.stderr
        if let relation = KubectlError.quoted(in: stderr, after: "relation "), stderr.contains("does not exist") {
            return .failed(.missingRelation, ["relation": relation])
        }
        if let column = KubectlError.quoted(in: stderr, after: "column "), stderr.contains("does not exist") {
            return .failed(.missingColumn, ["column": column])
        }
        if stderr.contains("the database system is starting up") {
            return .failed(.serverDown, ["detail": "la base est en cours de démarrage, réessayez dans quelques secondes."])
        }
        if stderr.contains("the database system is shutting down") {
            return .failed(.serverDown, ["detail": "la base est en cours d'arrêt."])
        }
        if stderr.contains("connection to server") || stderr.contains("could not connect") {
            return .failed(.serverDown, ["detail": "le serveur n'accepte pas de connexion."])
        }
        if let database = KubectlError.quoted(in: stderr, after: "database "), stderr.contains("does not exist") {
            return .failed(.sqlError, ["detail": "la base \(database) n'existe pas."])
        }
        let line = stderr.split(whereSeparator: \.isNewline).map(String.init).first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            ?? "psql a échoué (code \(output.exitCode))."
        return .failed(.sqlError, ["detail": PodState.shorten(line)])
    }
}
