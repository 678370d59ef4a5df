import Foundation
import Testing
@testable import AtelierChecks
@testable import AtelierCluster
@testable import AtelierContent

/// Every check kind, passing and failing, with the lesson's real checks.json against the
/// stand-in's scenarios.
@Suite("Types de vérification")
struct CheckKindTests {
    static let lesson = "statefulsets-postgresql"

    private func run(_ step: String, _ scenario: String, only ids: [String]? = nil) async throws -> StepCheckResult {
        var checks = try LessonContent.checks(step: step)
        // A kind judged on its own: without the checks it requires, which this run leaves out.
        if let ids { checks = checks.filter { ids.contains($0.id) }.map(\.standalone) }
        return try await run(step, scenario, checks: checks)
    }

    private func run(_ step: String, _ scenario: String, checks: [CheckSpec]) async throws -> StepCheckResult {
        let standin = try Standin(scenario: scenario)
        let engine = try standin.engine()
        return await engine.run(lesson: Self.lesson, step: step, checks: checks, quiz: nil, answers: nil, target: standin.target)
    }

    private func verdict(_ step: String, _ id: String, _ scenario: String) async throws -> CheckResult {
        try await run(step, scenario, only: [id]).check(id)
    }

    // MARK: - Cluster prerequisites

    @Test("CoreDNS prêt / absent / en échec")
    func clusterDNS() async throws {
        let ready = try await verdict("preparation", "coredns", "empty")
        #expect(ready.status == .passed)
        #expect(ready.message == "CoreDNS est prêt (1/1 Pods dans kube-system).")
        #expect(ready.hint == nil)
        let absent = try await verdict("preparation", "coredns", "no-addons")
        #expect(absent.status == .failed)
        #expect(absent.message.contains("microk8s enable dns"))
        #expect(absent.hint != nil)
        let broken = try await verdict("preparation", "coredns", "addons-broken")
        #expect(broken.status == .failed)
        #expect(broken.message == "CoreDNS n'est pas prêt : coredns-7896dbf49-x9k2p est en CrashLoopBackOff (7 redémarrages).")
    }

    @Test("StorageClass par défaut présente / absente / non marquée")
    func defaultStorageClass() async throws {
        #expect(try await verdict("preparation", "storageclass", "empty").message == "La StorageClass par défaut est microk8s-hostpath.")
        let none = try await verdict("preparation", "storageclass", "no-addons")
        #expect(none.status == .failed)
        #expect(none.message.contains("microk8s enable hostpath-storage"))
        let notDefault = try await verdict("preparation", "storageclass", "addons-broken")
        #expect(notDefault.status == .failed)
        #expect(notDefault.message == "La StorageClass microk8s-hostpath existe mais n'est pas la classe par défaut (aucune classe n'est marquée par défaut).")
    }

    // MARK: - Secret and Service

    @Test("Secret : clé présente, autre clé, absent — la valeur n'apparaît jamais")
    func secretHasKey() async throws {
        #expect(try await verdict("service-headless", "secret", "headless-ok").status == .passed)
        let wrongKey = try await verdict("service-headless", "secret", "service-wrong")
        #expect(wrongKey.status == .failed)
        #expect(wrongKey.message == "Le Secret postgres-secret ne contient pas la clé POSTGRES_PASSWORD (clés présentes : password).")
        #expect(!wrongKey.message.contains("atelier-postgres-55"))
        let missing = try await verdict("service-headless", "secret", "empty")
        #expect(missing.message == "Le Secret postgres-secret n'existe pas dans le namespace atelier-test.")
    }

    @Test("ressource existante ou non")
    func resourceExists() async throws {
        #expect(try await verdict("service-headless", "service-exists", "headless-ok").message == "Le Service postgres-service existe.")
        let missing = try await verdict("service-headless", "service-exists", "empty")
        #expect(missing.status == .failed)
        #expect(missing.message == "Le Service postgres-service n'existe pas dans le namespace atelier-test.")
    }

    @Test("Service headless ou avec une ClusterIP")
    func headless() async throws {
        #expect(try await verdict("service-headless", "headless", "headless-ok").status == .passed)
        let clusterIP = try await verdict("service-headless", "headless", "service-clusterip")
        #expect(clusterIP.status == .failed)
        #expect(clusterIP.message == "Le Service postgres-service a une ClusterIP (10.152.183.12) : un Service headless doit avoir clusterIP: None.")
    }

    @Test("égalité d'un champ, avec les messages de checks.json")
    func fieldEquals() async throws {
        #expect(try await verdict("service-headless", "selector", "headless-ok").message == "Le Service postgres-service sélectionne les Pods app=postgres.")
        let mismatch = try await verdict("service-headless", "selector", "service-wrong")
        #expect(mismatch.status == .failed)
        #expect(mismatch.message == "Le Service postgres-service sélectionne {app: db} ; il doit sélectionner app=postgres, le label des Pods du StatefulSet.")
    }

    @Test("port du Service : nommé, sans nom")
    func servicePort() async throws {
        #expect(try await verdict("service-headless", "port", "headless-ok").message == "Le Service postgres-service expose le port 5432 sous le nom postgres.")
        let unnamed = try await verdict("service-headless", "port", "service-wrong")
        #expect(unnamed.message == "Le port 5432 du Service postgres-service n'a pas de nom ; nom attendu : « postgres ».")
    }

    @Test("le sélecteur du Service correspond (ou non) aux Pods du StatefulSet")
    func serviceSelectsStatefulSet() async throws {
        #expect(try await verdict("statefulset", "selector-matches", "sts-ready").status == .passed)
        let mismatch = try await verdict("statefulset", "selector-matches", "selector-mismatch")
        #expect(mismatch.status == .failed)
        #expect(mismatch.message == "Le sélecteur du Service postgres-service (app=db) ne correspond pas aux labels des Pods du StatefulSet postgres (app=postgres).")
    }

    // MARK: - StatefulSet spec

    @Test("un StatefulSet mal écrit : chaque erreur est nommée, le mot de passe jamais cité")
    func statefulSetSpec() async throws {
        let good = try await run("statefulset", "sts-ready", only: ["exists", "service-name", "image", "pgdata", "password", "readiness"])
        #expect(good.checks.allSatisfy { $0.status == .passed }, "\(good.checks.filter { $0.status != .passed })")
        #expect(try good.check("pgdata").message == "PGDATA (/var/lib/postgresql/data/pgdata) est sous le point de montage /var/lib/postgresql/data du volume data.")
        #expect(try good.check("readiness").message == "La readinessProbe du conteneur postgres exécute « pg_isready -U postgres -h 127.0.0.1 ».")

        let bad = try await run("statefulset", "sts-wrong", only: ["service-name", "image", "pgdata", "password", "readiness"])
        #expect(bad.checks.allSatisfy { $0.status == .failed })
        #expect(try bad.check("service-name").message == "Le StatefulSet postgres a serviceName: postgres ; il doit nommer le Service headless postgres-service.")
        #expect(try bad.check("image").message == "Le conteneur postgres utilise l'image postgres:17 ; image attendue : postgres:16.")
        #expect(try bad.check("pgdata").message == "PGDATA vaut /pgdata, hors du point de montage /var/lib/postgresql/data du volume data : les données ne seraient pas sur le PVC.")
        #expect(try bad.check("password").message == "POSTGRES_PASSWORD est écrit en clair dans le manifeste (value) : utilisez valueFrom.secretKeyRef vers la clé POSTGRES_PASSWORD du Secret postgres-secret.")
        #expect(try bad.check("readiness").message == "La readinessProbe du conteneur postgres n'exécute pas de commande (tcpSocket) : utilisez exec avec pg_isready.")
        let encoded = String(decoding: try JSONEncoder().encode(bad), as: UTF8.self)
        #expect(!encoded.contains("atelier-postgres-55"))
        #expect(bad.checks.allSatisfy { $0.hint != nil })
    }

    @Test("variable absente du conteneur")
    func envAbsent() async throws {
        let absent = try await verdict("statefulset", "password", "sts-crashloop")
        #expect(absent.status == .failed)
        #expect(absent.message == "Le conteneur postgres ne définit pas la variable POSTGRES_PASSWORD.")
    }

    // MARK: - Readiness and order

    @Test("3/3 prêts ; sinon le Pod fautif, sa raison et ses redémarrages")
    func ready() async throws {
        #expect(try await verdict("statefulset", "ready", "sts-ready").message == "Le StatefulSet postgres a 3 Pods prêts sur 3.")
        #expect(try await verdict("statefulset", "ready", "sts-partial").message
            == "2 Pods prêts sur 3 : postgres-2 est en CrashLoopBackOff (5 redémarrages) — POSTGRES_PASSWORD est-il défini\u{202F}?")
        #expect(try await verdict("statefulset", "ready", "sts-crashloop").message
            == "Aucun Pod prêt sur 3 : postgres-0 est en CrashLoopBackOff (5 redémarrages) — POSTGRES_PASSWORD est-il défini\u{202F}?")
        #expect(try await verdict("statefulset", "ready", "pvc-pending").message
            == "2 Pods prêts sur 3 : postgres-2 est en cours de démarrage (ContainerCreating).")
        let scaled = try await verdict("ordre-suppression", "ready-again", "scaled-down-now")
        #expect(scaled.status == .failed)
        #expect(scaled.message == "Le StatefulSet postgres demande 1 réplica ; l'étape en attend 3 (kubectl scale statefulset postgres --replicas=3).")
        #expect(try await verdict("statefulset", "ready", "empty").message == "Le StatefulSet postgres n'existe pas dans le namespace atelier-test.")
    }

    @Test("création ordonnée : événements, heures des Pods, Parallel refusé")
    func orderedCreation() async throws {
        let events = try await verdict("statefulset", "order", "sts-ready")
        #expect(events.status == .passed)
        #expect(events.message == "Création dans l'ordre observée : postgres-0 (09:00:01) → postgres-1 (09:00:17) → postgres-2 (09:00:30) (événements du statefulset-controller).")
        // Aggregated events (postgres-0 re-created, 1 and 2 scaled back up) keep the first creation.
        #expect(try await verdict("statefulset", "order", "all-ok").message == events.message)
        let expired = try await verdict("statefulset", "order", "events-expired")
        #expect(expired.status == .passed)
        #expect(expired.message.contains("heures de création des Pods"))
        let parallel = try await verdict("statefulset", "order", "parallel")
        #expect(parallel.status == .failed)
        #expect(parallel.message == "Le StatefulSet postgres utilise podManagementPolicy: Parallel : ses Pods sont créés tous en même temps, sans ordre.")
        let recreated = try await verdict("statefulset", "order", "events-expired-recreated")
        #expect(recreated.status == .failed)
        #expect(recreated.message.contains("postgres-0 a sans doute été recréé"))
    }

    @Test("suppression ordonnée, d'après les événements : 2 avant 1, l'inverse, rien, redémarrage, 3 → 1 → 3 → 2, Parallel")
    func orderedDeletion() async throws {
        let ordered = try await verdict("ordre-suppression", "deletion-order", "scaled-down-ordered")
        #expect(ordered.status == .passed)
        #expect(ordered.message.hasPrefix("Réduction à 1 réplica observée, dans l'ordre inverse des ordinaux"), "\(ordered.message)")
        #expect(ordered.message.hasSuffix("postgres-2 (09:30:00) puis postgres-1 (09:30:31) (événements du statefulset-controller)."))
        let wrong = try await verdict("ordre-suppression", "deletion-order", "scaled-down-wrong-order")
        #expect(wrong.status == .failed)
        #expect(wrong.message.hasPrefix("postgres-1 a été supprimé avant postgres-2 (09:30:00 contre 09:30:31)"))
        let none = try await verdict("ordre-suppression", "deletion-order", "sts-ready")
        #expect(none.status == .failed)
        #expect(none.message.contains("Aucune réduction"))
        #expect(none.message.contains("kubectl scale statefulset postgres --replicas=1"))
        // A rolling restart deletes 2 then 1 too, but re-creates each in between and deletes 0: not a scale-down.
        let restart = try await verdict("ordre-suppression", "deletion-order", "restart-done")
        #expect(restart.status == .failed)
        #expect(restart.message.contains("redémarrage progressif"), "\(restart.message)")
        // 3 → 1 → 3 → 2: the scale-down to 1 was right; the later one to 2 does not make it « out of order ».
        let later = try await verdict("ordre-suppression", "deletion-order", "scale-2")
        #expect(later.status == .passed, "\(later.message)")
        #expect(later.message.contains("postgres-2 (11:00:00) puis postgres-1 (11:00:31)"))
        // Events gone and Atelier not watching: it says it cannot know, with the 5-minute fact.
        let expired = try await verdict("ordre-suppression", "deletion-order", "scale-3-b-expired")
        #expect(expired.status == .failed)
        #expect(expired.message.contains("MicroK8s les garde 5"), "\(expired.message)")
        #expect(!expired.message.contains("heure"))
        #expect(try await verdict("ordre-suppression", "deletion-order", "parallel").status == .failed)
    }

    // MARK: - Storage

    @Test("PVC Bound, classe de stockage, montage par ordinal")
    func claims() async throws {
        let good = try await run("stockage", "pvc-ok")
        #expect(good.passed)
        #expect(try good.check("pvcs-bound").message == "Les PVC data-postgres-0, data-postgres-1 et data-postgres-2 existent et sont Bound.")
        #expect(try good.check("mounted").message
            == "Chaque Pod monte son propre PVC : postgres-0 → data-postgres-0, postgres-1 → data-postgres-1 et postgres-2 → data-postgres-2.")

        #expect(try await verdict("stockage", "pvcs-bound", "pvc-pending").message == "Le PVC data-postgres-2 est Pending : il n'est pas encore lié à un volume.")
        #expect(try await verdict("stockage", "storage-class", "pvc-wrong-class").message
            == "Le PVC data-postgres-1 utilise la StorageClass standard au lieu de microk8s-hostpath.")
        let crash = try await run("stockage", "sts-crashloop")
        #expect(try crash.check("pvcs-bound").message == "Il manque 2 PVC sur 3 : data-postgres-1 et data-postgres-2.")
        #expect(try crash.check("mounted").message == "Le Pod postgres-1 n'existe pas : impossible de vérifier qu'il monte data-postgres-1.")
        #expect(!crash.passed)
    }

    // MARK: - Inside the pods

    @Test("persistance : ligne présente, antérieure au redémarrage, Pod recréé")
    func persistence() async throws {
        let ok = try await run("persistance", "persistence-ok")
        #expect(ok.passed, "\(ok.checks)")
        #expect(try ok.check("table").message == "La table cours de postgres-0 contient 1 ligne.")
        #expect(try ok.check("older-than-restart").message == "Les données ont survécu au redémarrage de PostgreSQL (lignes de cours antérieures au démarrage : 1).")
        #expect(try ok.check("recreated").message
            == "postgres-0 a été recréé à 09:18:01, après son PVC data-postgres-0 (09:00:01), et le monte toujours : les données ont survécu.")

        let notRestarted = try await run("persistance", "persistence-not-restarted")
        #expect(try notRestarted.check("table").status == .passed)
        #expect(try notRestarted.check("older-than-restart").message
            == "Aucune ligne de cours n'est antérieure au dernier démarrage de PostgreSQL : supprimez le Pod postgres-0 après l'insertion.")
        // The row does not predate the restart: « the data survived » is not judged (skipped, no hint).
        #expect(try notRestarted.check("recreated").status == .skipped)
        #expect(try notRestarted.check("recreated").hint == nil)

        let noTable = try await run("persistance", "persistence-no-table", only: ["table"])
        #expect(try noTable.check("table").message
            == "La table cours n'existe pas dans la base postgres de postgres-0 : créez-la avec le CREATE TABLE de l'énoncé.")
    }

    @Test("pas de kubectl exec dans un Pod qui ne tourne pas")
    func execSkippedWhenPodIsDown() async throws {
        let standin = try Standin(scenario: "sts-crashloop")
        let engine = try standin.engine()
        let result = await engine.run(lesson: Self.lesson, step: "persistance", checks: try LessonContent.checks(step: "persistance"),
                                      quiz: nil, answers: nil, target: standin.target)
        #expect(try result.check("table").message == "Le conteneur postgres de postgres-0 ne tourne pas (CrashLoopBackOff) : impossible d'y lancer psql.")
        #expect(standin.invocations().count == 1, "seul l'instantané aurait dû être demandé")
    }

    @Test("DNS : bonne IP, ancienne IP, nom introuvable")
    func dns() async throws {
        let ok = try await verdict("dns", "resolves", "dns-ok")
        #expect(ok.status == .passed)
        #expect(ok.message == "Depuis postgres-1, postgres-0.postgres-service se résout en 10.1.254.78, l'adresse de postgres-0.")
        let wrong = try await verdict("dns", "resolves", "dns-wrong-ip")
        #expect(wrong.message == "Depuis postgres-1, postgres-0.postgres-service se résout en 10.1.254.75 au lieu de 10.1.254.78 (adresse de postgres-0).")
        let unresolved = try await verdict("dns", "resolves", "dns-unresolved")
        #expect(unresolved.status == .failed)
        #expect(unresolved.message.hasPrefix("Depuis postgres-1, postgres-0.postgres-service ne se résout pas"))
    }

    // MARK: - Kinds the lesson does not use

    @Test("motif et absence d'un champ")
    func fieldMatchesAndAbsent() async throws {
        let matches = try CheckSpec.parse("""
            {"id": "image-pattern", "title": "Image PostgreSQL", "kind": "fieldMatches",
             "params": {"resource": "sts", "name": "postgres", "path": "spec.template.spec.containers[name=postgres].image", "pattern": "^postgres:1[0-9]$"}}
            """)
        let absent = try CheckSpec.parse("""
            {"id": "no-policy", "title": "Pas de Parallel", "kind": "fieldAbsent",
             "params": {"resource": "StatefulSet", "name": "postgres", "path": "spec.template.spec.hostNetwork"}}
            """)
        let policy = try CheckSpec.parse("""
            {"id": "policy", "title": "Politique", "kind": "fieldAbsent",
             "params": {"resource": "statefulset", "name": "postgres", "path": "spec.podManagementPolicy"}}
            """)
        let ready = try await run("statefulset", "sts-ready", checks: [matches, absent, policy])
        #expect(try ready.check("image-pattern").status == .passed)
        #expect(try ready.check("no-policy").message == "Le StatefulSet postgres : spec.template.spec.hostNetwork est absent, comme attendu.")
        #expect(try ready.check("policy").message == "Le StatefulSet postgres : spec.podManagementPolicy est présent (« OrderedReady ») alors qu'il doit être absent.")
        let wrong = try await run("statefulset", "sts-wrong", checks: [matches])
        #expect(try wrong.check("image-pattern").status == .passed)
        let other = try CheckSpec.parse("""
            {"id": "image-pattern", "title": "Image", "kind": "fieldMatches",
             "params": {"resource": "sts", "name": "postgres", "path": "spec.template.spec.containers[0].image", "pattern": "^postgres:16$"}}
            """)
        let mismatch = try await run("statefulset", "sts-wrong", checks: [other]).check("image-pattern")
        #expect(mismatch.message == "Le StatefulSet postgres : spec.template.spec.containers[0].image vaut « postgres:17 », ce qui ne correspond pas au motif attendu (^postgres:16$).")
    }

    @Test("un champ d'env en clair n'est jamais cité")
    func envValuesAreMasked() async throws {
        let spec = try CheckSpec.parse("""
            {"id": "env", "title": "Env", "kind": "fieldEquals",
             "params": {"resource": "sts", "name": "postgres", "path": "spec.template.spec.containers[0].env[name=POSTGRES_PASSWORD].value", "value": "x"}}
            """)
        let result = try await run("statefulset", "sts-wrong", checks: [spec]).check("env")
        #expect(result.status == .failed)
        #expect(result.message.contains("valeur masquée"))
        #expect(!result.message.contains("atelier-postgres-55"))
    }

    @Test("variable absente : la valeur par défaut de l'image est prise en compte")
    func valueWhenUnset() async throws {
        let withDefault = try CheckSpec.parse("""
            {"id": "data", "title": "Données", "kind": "envPathUnderMount",
             "params": {"statefulSet": "postgres", "variable": "PGDATA_UNSET", "volume": "data", "valueWhenUnset": "/var/lib/postgresql/data"}}
            """)
        let withoutDefault = try CheckSpec.parse("""
            {"id": "nodefault", "title": "Données", "kind": "envPathUnderMount",
             "params": {"statefulSet": "postgres", "variable": "PGDATA_UNSET", "volume": "data"}}
            """)
        let otherVolume = try CheckSpec.parse("""
            {"id": "volume", "title": "Données", "kind": "envPathUnderMount",
             "params": {"statefulSet": "postgres", "variable": "PGDATA", "volume": "backup"}}
            """)
        let result = try await run("statefulset", "sts-ready", checks: [withDefault, withoutDefault, otherVolume])
        #expect(try result.check("data").message == "PGDATA_UNSET (/var/lib/postgresql/data) est sous le point de montage /var/lib/postgresql/data du volume data.")
        #expect(try result.check("nodefault").message == "Le conteneur postgres ne définit pas la variable PGDATA_UNSET.")
        #expect(try result.check("volume").message == "Le conteneur postgres ne monte pas le volume backup.")
    }

    @Test("requête SQL avec les messages par défaut")
    func sqlDefaultMessages() async throws {
        let older = try CheckSpec.parse("""
            {"id": "older", "title": "Ancienne", "kind": "sqlCount",
             "params": {"pod": "postgres-0", "container": "postgres", "query": "SELECT count(*) FROM cours WHERE cree_le < pg_postmaster_start_time()"}}
            """)
        #expect(try await run("persistance", "persistence-ok", checks: [older]).check("older").message
            == "La requête dans postgres-0 compte 1 ligne (minimum attendu : 1).")
        #expect(try await run("persistance", "persistence-not-restarted", checks: [older]).check("older").message
            == "La requête dans postgres-0 ne compte que 0 ligne (minimum attendu : 1).")
    }
}
