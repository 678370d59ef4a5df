import AtelierSystem
import Foundation
import Glibc
import Testing
import TestSupport
@testable import AtelierChecks
@testable import AtelierCluster
@testable import AtelierContent

/// The runner against the real stand-in process: argv, failure classes, deadline, caps.
@Suite("Lanceur kubectl")
struct RunnerTests {
    private func get(_ standin: Standin, _ runner: KubectlRunner, _ arguments: [String] = ["get", "pods", "-o", "json"],
                     scope: KubectlScope = .target) async -> Result<KubectlOutput, KubectlError> {
        await runner.run(arguments, scope: scope, target: standin.target, deadline: runner.makeDeadline())
    }

    @Test("argv : préfixe, --request-timeout, --kubeconfig, --context et namespace, jamais de shell")
    func argv() async throws {
        let standin = try Standin(scenario: "empty")
        let binary = try #require(Standin.binary)
        let settings = ClusterSettings(kubectl: [binary], kubeconfig: "/etc/atelier/kube config", context: "ctx-{learner}",
                                       namespace: "atelier-{learner}", requestTimeoutSeconds: 3, checkTimeoutSeconds: 10)
        let target = try settings.target(learnerId: "abcdefgh2345")
        let runner = KubectlRunner(settings: settings, environment: standin.environment(), logger: Standin.quietLogger)
        _ = await runner.run(["get", "pods", "-o", "json"], scope: .target, target: target, deadline: runner.makeDeadline())
        _ = await runner.run(["get", "storageclasses", "-o", "json"], scope: .cluster, target: target, deadline: runner.makeDeadline())
        let invocations = standin.invocations()
        #expect(invocations.count == 2)
        #expect(invocations.first?.argv == ["--request-timeout=3s", "--kubeconfig=/etc/atelier/kube config", "--context=ctx-abcdefgh2345",
                                            "--namespace=atelier-abcdefgh2345", "get", "pods", "-o", "json"])
        #expect(invocations.last?.argv == ["--request-timeout=3s", "--kubeconfig=/etc/atelier/kube config", "--context=ctx-abcdefgh2345",
                                           "get", "storageclasses", "-o", "json"])
    }

    @Test("la commande est cherchée dans le PATH de l'environnement transmis")
    func pathResolution() async throws {
        let standin = try Standin(scenario: "empty")
        let binary = try #require(Standin.binary)
        let bin = standin.directory.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: bin.appendingPathComponent("microk8s").path, withDestinationPath: binary)
        let settings = ClusterSettings(kubectl: ["microk8s", "kubectl"], namespace: standin.namespace, checkTimeoutSeconds: 10)
        var environment = standin.environment()
        environment["PATH"] = "/nonexistent:" + bin.path
        let runner = KubectlRunner(settings: settings, environment: environment, logger: Standin.quietLogger)
        #expect(runner.executablePath == bin.appendingPathComponent("microk8s").path)
        let output = try await runner.run(["version", "--client"], scope: .cluster, target: standin.target, deadline: runner.makeDeadline()).get()
        #expect(String(decoding: output.stdout, as: UTF8.self).hasPrefix("Client Version:"))
        // The rest of the prefix comes first, as for `microk8s kubectl`.
        #expect(standin.invocations().first?.argv == ["kubectl", "--request-timeout=5s", "version", "--client"])
    }

    @Test("l'environnement du serveur est transmis tel quel")
    func environmentPassThrough() async throws {
        let standin = try Standin(scenario: "empty")
        let runner = KubectlRunner(settings: try standin.settings(), environment: standin.environment(extra: ["KUBECTL_STANDIN_SCENARIO": "no-addons"]),
                                   logger: Standin.quietLogger)
        let output = try await get(standin, runner, ["get", "storageclasses", "-o", "json"], scope: .cluster).get()
        // KUBECTL_STANDIN_SCENARIO reached the child: no-addons has no StorageClass, empty has one.
        #expect(!String(decoding: output.stdout, as: UTF8.self).contains("microk8s-hostpath"))
    }

    @Test("kubectl absent : chemin inexistant ou commande hors du PATH")
    func kubectlMissing() async throws {
        let standin = try Standin(scenario: "empty")
        for command in ["/nonexistent/kubectl", "kubectl-absent-du-path"] {
            let runner = KubectlRunner(settings: ClusterSettings(kubectl: [command], namespace: standin.namespace),
                                       environment: ["PATH": standin.directory.path], logger: Standin.quietLogger)
            let result = await get(standin, runner)
            guard case .failure(let error) = result else {
                Issue.record("kubectl introuvable non détecté pour \(command)")
                continue
            }
            #expect(error.code == .kubectlNotFound)
            #expect(error.message.contains("kubectl est introuvable"))
            #expect(error.message.contains(command))
        }
    }

    @Test("kubectl trouvé mais impossible à lancer : l'errno par son nom, pas un numéro")
    func kubectlNotLaunchable() async throws {
        let standin = try Standin(scenario: "empty")
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Executable bit set, no valid format and no shebang: found on the PATH, refused by execve.
        try directory.write("kubectl", "pas un programme\n")
        let path = directory.url.appendingPathComponent("kubectl").path
        #expect(chmod(path, 0o755) == 0)
        let runner = KubectlRunner(settings: ClusterSettings(kubectl: [path], namespace: standin.namespace),
                                   environment: ["PATH": standin.directory.path], logger: Standin.quietLogger)
        guard case .failure(let error) = await get(standin, runner) else {
            Issue.record("un fichier qui n'est pas un programme a été lancé")
            return
        }
        #expect(error.code == .kubectlNotFound)
        #expect(error.message.contains("ENOEXEC (Exec format error)"), "\(error.message)")
        #expect(!error.message.contains("errno"), "\(error.message)")
    }

    @Test("cluster injoignable, non authentifié : classés avec un message en français", arguments: [
        ("unreachable-refused", KubectlError.Code.clusterUnreachable, "connexion refusée par 127.0.0.1:16443"),
        ("unreachable-timeout", .clusterUnreachable, "délai dépassé"),
        ("unreachable-tls", .clusterUnreachable, "certificat TLS"),
        ("microk8s-stopped", .clusterUnreachable, "microk8s start"),
        ("unauthorized", .unauthorized, "Unauthorized"),
        ("no-kubeconfig", .noConfiguration, "microk8s config > ~/.kube/config"),
        ("not-kubernetes", .notKubernetes, "n'est pas un serveur API Kubernetes"),
    ])
    func infrastructureFailures(scenario: String, code: KubectlError.Code, fragment: String) async throws {
        let standin = try Standin(scenario: scenario)
        let result = await get(standin, try standin.runner())
        guard case .failure(let error) = result else {
            Issue.record("\(scenario) aurait dû échouer")
            return
        }
        #expect(error.code == code)
        #expect(error.message.contains(fragment))
        #expect(error.exitStatus == 1)
        #expect(error.isInfrastructureFailure)
    }

    @Test("interdit, type inconnu, objet introuvable")
    func apiAnswers() async throws {
        let forbidden = try Standin(scenario: "forbidden")
        guard case .failure(let denied) = await get(forbidden, try forbidden.runner()) else {
            Issue.record("Forbidden non détecté")
            return
        }
        #expect(denied.code == .forbidden)
        #expect(denied.detail == "list pods")
        #expect(denied.message.contains("atelier-test"))

        let unknown = try Standin(scenario: "unknown-type")
        guard case .failure(let type) = await get(unknown, try unknown.runner(), ["get", "statefulsets", "-o", "json"]) else {
            Issue.record("type inconnu non détecté")
            return
        }
        #expect(type.code == .unknownResourceType)
        #expect(type.detail == "statefulsets")

        let empty = try Standin(scenario: "empty")
        guard case .failure(let missing) = await get(empty, try empty.runner(), ["get", "statefulset", "postgres", "-o", "json"]) else {
            Issue.record("objet introuvable non détecté")
            return
        }
        #expect(missing.code == .notFound)
        #expect(missing.message == "Le StatefulSet postgres n'existe pas.")
    }

    @Test("kubectl exec : chaque échec a sa classe, un code de sortie est une réponse")
    func execFailures() async throws {
        let standin = try Standin(scenario: "exec-states")
        let runner = try standin.runner()
        func exec(_ pod: String, container: String = "postgres", _ command: [String]) async -> Result<ExecResult, KubectlError> {
            await runner.exec(pod: pod, container: container, command: command, target: standin.target, deadline: runner.makeDeadline())
        }
        #expect(try await exec("postgres-0", ["cat", "/etc/hostname"]).get() == ExecResult(exitCode: 0, stdout: "postgres-0\n", stderr: ""))
        let failed = try await exec("postgres-0", ["false"]).get()
        #expect(failed.exitCode == 1)
        #expect(!failed.stderr.contains("command terminated"))

        let expectations: [(String, String, [String], KubectlError.Code)] = [
            ("postgres-1", "postgres", ["true"], .containerNotRunning),
            ("postgres-2", "postgres", ["true"], .podCompleted),
            ("postgres-9", "postgres", ["true"], .notFound),
            ("postgres-0", "nosuch", ["true"], .invalidContainer),
            ("postgres-3", "postgres", ["true"], .podNotRunning),
            ("postgres-0", "postgres", ["ps"], .commandNotFound),
        ]
        for (pod, container, command, code) in expectations {
            switch await exec(pod, container: container, command) {
            case .success(let result):
                Issue.record("\(pod) \(command) aurait dû échouer, a rendu \(result)")
            case .failure(let error):
                #expect(error.code == code, "\(pod) \(command)")
                #expect(!error.message.isEmpty)
            }
        }
    }

    @Test("un kubectl qui ne répond pas est arrêté à l'échéance et récolté")
    func deadline() async throws {
        let standin = try Standin(scenario: "unreachable-hang")
        let runner = try standin.runner(checkTimeout: 1)
        let started = ContinuousClock.now
        let result = await get(standin, runner)
        let elapsed = ContinuousClock.now - started
        guard case .failure(let error) = result else {
            Issue.record("l'échéance n'a pas été appliquée")
            return
        }
        #expect(error.code == .deadlineExceeded)
        // Either wording of the deadline: a busy machine may not even launch kubectl within 1 s.
        #expect(error.message == "Le cluster n'a pas répondu en 1 seconde : kubectl a été arrêté. MicroK8s est-il démarré ?"
                || error.message.hasPrefix("Trop de vérifications sont en cours : le délai de 1 seconde a expiré"), "\(error.message)")
        #expect(elapsed >= .milliseconds(900))
        #expect(elapsed < .seconds(90), "arrêté bien après l'échéance : \(elapsed)")
        if let pid = standin.invocations().first?.pid {
            #expect(kill(pid, 0) == -1 && errno == ESRCH, "le processus \(pid) existe encore (zombie ?)")
        }
    }

    @Test("SIGTERM ignoré : SIGKILL au groupe, petits-enfants compris")
    func stubbornHang() async throws {
        let standin = try Standin(scenario: "unreachable-hang-stubborn")
        let runner = try standin.runner(checkTimeout: 1, limits: .init(terminationGrace: .milliseconds(300)))
        let started = ContinuousClock.now
        let result = await get(standin, runner)
        let elapsed = ContinuousClock.now - started
        guard case .failure(let error) = result else {
            Issue.record("l'échéance n'a pas été appliquée")
            return
        }
        #expect(error.code == .deadlineExceeded)
        #expect(elapsed < .seconds(90), "arrêté bien après l'échéance : \(elapsed)")
        let invocation = try #require(standin.invocations().first)
        #expect(kill(invocation.pid, 0) == -1 && errno == ESRCH, "kubectl \(invocation.pid) existe encore")
        let child = try #require(invocation.childPid, "le stand-in n'a pas lancé son enfant")
        // The grandchild was killed with the group; its pidfd becomes readable when it has ended
        // (it is reaped by init afterwards). The bound is a generous deadline, not a delay.
        #expect(await ProcessExit.waitOffPool(for: child, timeout: 10), "le petit-enfant \(child) tourne encore")
    }

    @Test("sortie illisible et sortie trop volumineuse")
    func outputProblems() async throws {
        let garbage = try Standin(scenario: "garbage-output")
        let parsed = await get(garbage, try garbage.runner()).flatMap(KubectlRunner.decodeJSON)
        guard case .failure(let unparsable) = parsed else {
            Issue.record("HTML accepté comme JSON")
            return
        }
        #expect(unparsable.code == .unparsableOutput)
        #expect(unparsable.message.contains("<html>"))

        let huge = try Standin(scenario: "huge-output")
        let runner = try huge.runner(limits: .init(stdoutBytes: 64 << 10, stderrBytes: 4 << 10, terminationGrace: .milliseconds(300)))
        guard case .failure(let tooLarge) = await get(huge, runner) else {
            Issue.record("sortie de 2 Mo acceptée avec un plafond de 64 Kio")
            return
        }
        #expect(tooLarge.code == .outputTooLarge)
        #expect(tooLarge.message.contains("64 Kio"))
        let pid = try #require(huge.invocations().first?.pid)
        #expect(kill(pid, 0) == -1 && errno == ESRCH)
    }

    @Test("au plus maxConcurrentKubectl processus à la fois")
    func concurrencyCap() async throws {
        let standin = try Standin(scenario: "empty")
        let runner = try standin.runner(maxConcurrent: 2, delayMilliseconds: 250)
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    (try? await runner.run(["get", "pods", "-o", "json"], scope: .target, target: standin.target,
                                           deadline: runner.makeDeadline()).get()) != nil
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: true, count: 6))
        #expect(standin.invocations().count == 6)
        #expect(standin.maximumConcurrency() == 2)
    }

    @Test("l'attente des processus ne bloque pas le pool coopératif")
    func waitingDoesNotBlockThePool() async throws {
        let standin = try Standin(scenario: "unreachable-hang")
        // The hung processes outlive the light work by construction: they end only when cancelled,
        // after it (or, if the pool were blocked, at their 60 s deadline, before it).
        let runner = try standin.runner(checkTimeout: 60)
        let clock = ContinuousClock()
        let hung = Task {
            await withTaskGroup(of: ContinuousClock.Instant.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        _ = await runner.run(["get", "pods", "-o", "json"], scope: .target, target: standin.target, deadline: runner.makeDeadline())
                        return clock.now
                    }
                }
                return await group.reduce(into: [ContinuousClock.Instant]()) { $0.append($1) }
            }
        }
        // While eight kubectl processes hang (all eight have logged their start), plain async work on
        // the pool must still progress.
        #expect(await standin.waitForInvocations(8), "les huit kubectl n'ont pas démarré")
        let lightweight = await withTaskGroup(of: Int.self) { group in
            for value in 0..<50 { group.addTask { value } }
            return await group.reduce(0, +)
        }
        let lightweightDone = clock.now
        hung.cancel()
        let hungDone = await hung.value
        #expect(lightweight == 1225)
        #expect(hungDone.count == 8)
        #expect(hungDone.allSatisfy { $0 > lightweightDone }, "le travail léger a attendu la fin des processus bloqués")
    }

    @Test("requête annulée : kubectl arrêté et récolté")
    func cancellation() async throws {
        let standin = try Standin(scenario: "unreachable-hang")
        // Without cancellation the run would last its full 600 s deadline.
        let runner = try standin.runner(checkTimeout: 600)
        let task = Task { await runner.run(["get", "pods", "-o", "json"], scope: .target, target: standin.target, deadline: runner.makeDeadline()) }
        #expect(await standin.waitForInvocations(1), "kubectl n'a pas démarré")
        let started = ContinuousClock.now
        task.cancel()
        guard case .failure(let error) = await task.value else {
            Issue.record("la requête annulée a abouti")
            return
        }
        #expect(error.code == .cancelled)
        #expect(ContinuousClock.now - started < .seconds(120), "l'annulation n'a pas arrêté kubectl")
        let pid = try #require(standin.invocations().first?.pid)
        #expect(kill(pid, 0) == -1 && errno == ESRCH)
    }

    @Test("file d'attente pleine jusqu'à l'échéance : pas de lancement inutile")
    func queueDeadline() async throws {
        let standin = try Standin(scenario: "unreachable-hang")
        // The first run holds the only slot far longer than the queued one's deadline, however slow
        // the machine; it is cancelled once the queued one has given up.
        let runner = try standin.runner(checkTimeout: 600, maxConcurrent: 1)
        let first = Task { await runner.run(["get", "pods", "-o", "json"], scope: .target, target: standin.target, deadline: runner.makeDeadline()) }
        #expect(await standin.waitForInvocations(1), "kubectl n'a pas démarré")
        let queued = await runner.run(["get", "pods", "-o", "json"], scope: .target, target: standin.target, deadline: .now + .milliseconds(300))
        guard case .failure(let error) = queued else {
            Issue.record("la requête en file aurait dû expirer")
            return
        }
        #expect(error.code == .deadlineExceeded)
        #expect(error.message.hasPrefix("Trop de vérifications sont en cours"))
        first.cancel()
        _ = await first.value
        #expect(standin.invocations().count == 1)
    }
}
