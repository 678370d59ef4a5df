import AtelierCluster
import AtelierContent

extension CheckKind {
    /// Default French message templates, keyed by outcome. `{name}` placeholders are filled by
    /// the evaluator; checks.json may override any outcome through `messages`.
    var templates: [String: String] {
        let missingStatefulSet = "Le StatefulSet {statefulSet} n'existe pas dans le namespace {namespace}."
        let containerMissing = "Le StatefulSet {statefulSet} n'a pas de conteneur {container} (conteneurs : {containers})."
        let missingClaims = "Il manque {missingCount} PVC sur {replicas} : {missingClaims}."
        switch self {
        case .resourceExists:
            return [
                "passed": "{Object} existe.",
                "missing": "{Object} n'existe pas dans le namespace {namespace}.",
            ]
        case .fieldEquals:
            return [
                "passed": "{Object} : {field} vaut « {expected} ».",
                "mismatch": "{Object} : {field} vaut « {actual} » ; valeur attendue : « {expected} ».",
                "absent": "{Object} : {field} est absent ; valeur attendue : « {expected} ».",
                "missing": "{Object} n'existe pas dans le namespace {namespace}.",
            ]
        case .fieldMatches:
            return [
                "passed": "{Object} : {field} vaut « {actual} ».",
                "mismatch": "{Object} : {field} vaut « {actual} », ce qui ne correspond pas au motif attendu ({pattern}).",
                "absent": "{Object} : {field} est absent.",
                "missing": "{Object} n'existe pas dans le namespace {namespace}.",
            ]
        case .fieldAbsent:
            return [
                "passed": "{Object} : {field} est absent, comme attendu.",
                "present": "{Object} : {field} est présent (« {actual} ») alors qu'il doit être absent.",
                "missing": "{Object} n'existe pas dans le namespace {namespace}.",
            ]
        case .secretHasKey:
            return [
                "passed": "Le Secret {secret} contient la clé {key}.",
                "missingKey": "Le Secret {secret} ne contient pas la clé {key} (clés présentes : {keys}).",
                "missing": "Le Secret {secret} n'existe pas dans le namespace {namespace}.",
            ]
        case .serviceHeadless:
            return [
                "passed": "Le Service {service} est headless (clusterIP: None).",
                "notHeadless": "Le Service {service} a une ClusterIP ({clusterIP}) : un Service headless doit avoir clusterIP: None.",
                "missing": "Le Service {service} n'existe pas dans le namespace {namespace}.",
            ]
        case .servicePort:
            return [
                "passed": "Le Service {service} expose le port {port} sous le nom {portName}.",
                "noPort": "Le Service {service} n'expose pas le port {port} (ports déclarés : {ports}).",
                "wrongName": "Le port {port} du Service {service} s'appelle « {actualName} » au lieu de « {portName} ».",
                "unnamed": "Le port {port} du Service {service} n'a pas de nom ; nom attendu : « {portName} ».",
                "missing": "Le Service {service} n'existe pas dans le namespace {namespace}.",
            ]
        case .serviceSelectsStatefulSet:
            return [
                "passed": "Le sélecteur du Service {service} ({selector}) correspond aux Pods du StatefulSet {statefulSet}.",
                "noSelector": "Le Service {service} n'a pas de sélecteur : il ne peut trouver aucun Pod.",
                "mismatch": "Le sélecteur du Service {service} ({selector}) ne correspond pas aux labels des Pods du StatefulSet {statefulSet} ({labels}).",
                "missing": "Le Service {service} n'existe pas dans le namespace {namespace}.",
                "statefulSetMissing": missingStatefulSet,
            ]
        case .statefulSetServiceName:
            return [
                "passed": "Le StatefulSet {statefulSet} a serviceName: {service}.",
                "mismatch": "Le StatefulSet {statefulSet} a serviceName: {actual} ; il doit nommer le Service headless {service}.",
                "absent": "Le StatefulSet {statefulSet} n'a pas de serviceName ; il doit nommer le Service headless {service}.",
                "serviceMissing": "Le StatefulSet {statefulSet} a bien serviceName: {service}, mais ce Service n'existe pas dans le namespace {namespace}.",
                "missing": missingStatefulSet,
            ]
        case .containerImage:
            return [
                "passed": "Le conteneur {container} utilise l'image {actual}.",
                "mismatch": "Le conteneur {container} utilise l'image {actual} ; image attendue : {image}.",
                "containerMissing": containerMissing,
                "missing": missingStatefulSet,
            ]
        case .envFromSecret:
            return [
                "passed": "{variable} provient de la clé {key} du Secret {secret}.",
                "absent": "Le conteneur {container} ne définit pas la variable {variable}.",
                "literal": "{variable} est écrit en clair dans le manifeste (value) : utilisez valueFrom.secretKeyRef vers la clé {key} du Secret {secret}.",
                "otherSource": "{variable} ne provient pas d'un Secret ({source}) : utilisez valueFrom.secretKeyRef vers la clé {key} du Secret {secret}.",
                "wrongSecret": "{variable} provient du Secret {actualSecret} au lieu de {secret}.",
                "wrongKey": "{variable} lit la clé {actualKey} du Secret {secret} au lieu de {key}.",
                "secretMissing": "{variable} provient du Secret {secret}, mais ce Secret n'existe pas dans le namespace {namespace}.",
                "keyMissing": "{variable} lit la clé {key} du Secret {secret}, mais ce Secret n'a pas cette clé (clés présentes : {keys}).",
                "containerMissing": containerMissing,
                "missing": missingStatefulSet,
            ]
        case .envPathUnderMount:
            return [
                "passed": "{variable} ({value}) est sous le point de montage {mountPath} du volume {volume}.",
                "outside": "{variable} vaut {value}, hors du point de montage {mountPath} du volume {volume} : les données ne seraient pas sur le PVC.",
                "notMounted": "Le conteneur {container} ne monte pas le volume {volume}.",
                "absent": "Le conteneur {container} ne définit pas la variable {variable}.",
                "notLiteral": "{variable} ne vient pas d'une valeur écrite dans le manifeste : impossible de vérifier qu'il est sous {mountPath}.",
                "containerMissing": containerMissing,
                "missing": missingStatefulSet,
            ]
        case .readinessProbeCommand:
            return [
                "passed": "La readinessProbe du conteneur {container} exécute « {command} ».",
                "absent": "Le conteneur {container} n'a pas de readinessProbe.",
                "notExec": "La readinessProbe du conteneur {container} n'exécute pas de commande ({probeType}) : utilisez exec avec {executable}.",
                "mismatch": "La readinessProbe du conteneur {container} exécute « {command} » au lieu de {executable}.",
                "containerMissing": containerMissing,
                "missing": missingStatefulSet,
            ]
        case .statefulSetReady:
            return [
                "passed": "Le StatefulSet {statefulSet} a {ready} Pods prêts sur {replicas}.",
                "notReady": "{readyText} : {detail}",
                "wrongReplicas": "Le StatefulSet {statefulSet} demande {actualText} ; l'étape en attend {replicas} (kubectl scale statefulset {statefulSet} --replicas={replicas}).",
                "missing": missingStatefulSet,
            ]
        case .claimsBound:
            return [
                "passed": "Les PVC {claims} existent et sont Bound.",
                "missing": missingClaims,
                "notBound": "Le PVC {claim} est {phase} : il n'est pas encore lié à un volume.",
            ]
        case .claimsStorageClass:
            return [
                "passed": "Les PVC {claims} utilisent la StorageClass {storageClass}.",
                "wrongClass": "Le PVC {claim} utilise la StorageClass {actual} au lieu de {storageClass}.",
                "noClass": "Le PVC {claim} n'a pas de StorageClass ; attendue : {storageClass}.",
                "missing": missingClaims,
            ]
        case .claimsMountedByOrdinal:
            return [
                "passed": "Chaque Pod monte son propre PVC : {pairs}.",
                "podMissing": "Le Pod {pod} n'existe pas : impossible de vérifier qu'il monte {claim}.",
                "notMounted": "Le Pod {pod} ne monte pas le PVC {claim} ({actual}).",
            ]
        case .orderedCreation:
            return [
                "passed": "Création dans l'ordre observée : {sequence} ({source}).",
                "parallel": "Le StatefulSet {statefulSet} utilise podManagementPolicy: Parallel : ses Pods sont créés tous en même temps, sans ordre.",
                "outOfOrder": "{later} a été créé avant {earlier} ({laterTime} contre {earlierTime}) : la création n'a pas suivi l'ordre des ordinaux.",
                "incomplete": "Impossible de confirmer l'ordre de création : {detail}.",
                "missing": missingStatefulSet,
            ]
        case .orderedDeletion:
            return [
                "passed": "Suppression dans l'ordre inverse observée : {sequence}.",
                "notSeen": "Aucune suppression de {pods} n'a été observée : réduisez le StatefulSet (kubectl scale statefulset {statefulSet} --replicas={targetReplicas}). Les événements expirent au bout d'une heure.",
                "partial": "La suppression de {missingPods} n'a pas été observée (seulement celle de {seenPods}).",
                "outOfOrder": "{first} a été supprimé avant {second} ({firstTime} contre {secondTime}) : ce n'est pas l'ordre inverse des ordinaux.",
                "parallel": "Le StatefulSet {statefulSet} utilise podManagementPolicy: Parallel : ses Pods sont supprimés tous en même temps, sans ordre.",
                "missing": missingStatefulSet,
            ]
        case .sqlCount:
            return [
                "passed": "La requête dans {pod} compte {rows} (minimum attendu : {atLeast}).",
                "tooFew": "La requête dans {pod} ne compte que {rows} (minimum attendu : {atLeast}).",
                "missingRelation": "La table {relation} n'existe pas dans la base {database} de {pod}.",
                "missingColumn": "La colonne {column} n'existe pas dans la base {database} de {pod}.",
                "serverDown": "PostgreSQL ne répond pas dans {pod} : {detail}",
                "sqlError": "Erreur PostgreSQL dans {pod} : {detail}",
                "podMissing": "Le Pod {pod} n'existe pas dans le namespace {namespace}.",
                "podNotRunning": "Le conteneur {container} de {pod} ne tourne pas ({state}) : impossible d'y lancer psql.",
                "unparsable": "Réponse inattendue de psql dans {pod} : « {output} ».",
            ]
        case .podRecreated:
            return [
                "passed": "{pod} a été recréé à {podCreated}, après son PVC {claim} ({claimCreated}), et le monte toujours : les données ont survécu.",
                "notRecreated": "{pod} date de la création de son PVC {claim} ({podCreated}) : supprimez-le (kubectl delete pod {pod}) pour vérifier que les données survivent.",
                "wrongClaim": "{pod} ne monte pas le PVC {claim} ({actual}).",
                "podMissing": "Le Pod {pod} n'existe pas (encore) : attendez que le StatefulSet le recrée.",
                "claimMissing": "Le PVC {claim} n'existe pas dans le namespace {namespace}.",
            ]
        case .dnsResolvesToPod:
            return [
                "passed": "Depuis {fromPod}, {hostname} se résout en {ip}, l'adresse de {targetPod}.",
                "notResolved": "Depuis {fromPod}, {hostname} ne se résout pas : le Service est-il headless, sélectionne-t-il les Pods et est-il nommé dans serviceName du StatefulSet ?",
                "wrongIP": "Depuis {fromPod}, {hostname} se résout en {resolved} au lieu de {ip} (adresse de {targetPod}).",
                "targetNotReady": "{targetPod} n'a pas encore d'adresse IP : attendez qu'il soit démarré.",
                "targetMissing": "Le Pod {targetPod} n'existe pas dans le namespace {namespace}.",
                "fromPodMissing": "Le Pod {fromPod} n'existe pas dans le namespace {namespace}.",
                "fromPodNotRunning": "Le conteneur {container} de {fromPod} ne tourne pas ({state}) : impossible d'y lancer getent.",
                "unparsable": "Réponse inattendue de getent dans {fromPod} : « {output} ».",
            ]
        case .clusterDNSReady:
            return [
                "passed": "CoreDNS est prêt ({ready}/{total} Pods dans kube-system).",
                "absent": "CoreDNS n'est pas installé (aucun Pod k8s-app=kube-dns dans kube-system) : activez-le avec microk8s enable dns.",
                "notReady": "CoreDNS n'est pas prêt : {detail}.",
            ]
        case .defaultStorageClass:
            return [
                "passed": "La StorageClass par défaut est {actual}.",
                "none": "Aucune StorageClass par défaut : activez-en une avec microk8s enable hostpath-storage.",
                "notDefault": "La StorageClass {name} existe mais n'est pas la classe par défaut ({defaultText}).",
                "absent": "La StorageClass {name} n'existe pas ({defaultText}) : activez-la avec microk8s enable hostpath-storage.",
            ]
        }
    }

    /// Values an outcome provides beyond those its default template uses, which a checks.json
    /// override may quote: the raw count next to its phrased form (« 1 ligne »).
    func extraPlaceholders(_ outcome: String) -> Set<String> {
        switch (self, outcome) {
        case (.sqlCount, "passed"), (.sqlCount, "tooFew"): return ["count"]
        default: return []
        }
    }
}
