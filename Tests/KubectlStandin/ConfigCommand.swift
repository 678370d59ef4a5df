/// `kubectl config view [--raw] -o json --kubeconfig FILE`, and the API servers tests give the
/// stand-in (KUBECTL_STANDIN_SERVERS): a kubeconfig naming one of them answers with its scenario,
/// any other server is unreachable, as a real kubectl would find it.
enum ConfigCommand {
    static func run(_ arguments: StandinArguments) -> StandinAnswer {
        guard arguments.positionals == ["view"] else {
            return StandinAnswer(stderr: "kubectl-standin: only `config view` is supported\n", exitCode: 2)
        }
        guard arguments.output == "json" else {
            return StandinAnswer(stderr: "kubectl-standin: config view supports only -o json\n", exitCode: 2)
        }
        guard let path = arguments.kubeconfig else {
            return StandinAnswer(stderr: "kubectl-standin: config view needs --kubeconfig (it never reads ~/.kube)\n", exitCode: 2)
        }
        do {
            var view = try KubeconfigFile.view(path)
            if !arguments.raw { view = redacted(view) }
            return StandinAnswer(stdout: view.printed())
        } catch {
            return StandinAnswer(stdout: error.stdout, stderr: error.stderr, exitCode: error.exitCode)
        }
    }

    /// Without `--raw` kubectl hides inline data and secrets.
    private static func redacted(_ view: JSON) -> JSON {
        var copy = view
        for (list, entry) in [("clusters", "cluster"), ("users", "user")] {
            guard let items = copy[list]?.array else { continue }
            copy[list] = .array(items.map { item in
                var item = item
                guard var body = item[entry]?.object else { return item }
                for key in body.keys where key.hasSuffix("-data") { body[key] = .string("DATA+OMITTED") }
                for key in ["token", "password"] where body[key] != nil { body[key] = .string("REDACTED") }
                item[entry] = .object(body)
                return item
            })
        }
        return copy
    }

    /// `KUBECTL_STANDIN_SERVERS="https://10.1.2.3:16443=all-ok,https://10.1.2.4:16443=empty"`: the
    /// scenario of the server `kubeconfig`'s current context names; `.unreachable` for any other.
    enum ServerScenario {
        case scenario(String)
        case unreachable(String)
    }

    static func scenario(servers table: String, kubeconfig path: String) -> ServerScenario {
        let server = KubeconfigFile.server(path) ?? ""
        for pair in table.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0] == server { return .scenario(String(parts[1])) }
        }
        let host = server.split(separator: "/").dropFirst().first.map(String.init) ?? "localhost:8080"
        return .unreachable("Unable to connect to the server: dial tcp \(host): connect: connection refused\n")
    }
}
