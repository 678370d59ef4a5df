import Testing
@testable import AtelierContent

/// The one French typography function (AtelierContent/Text), shared by the Markdown renderer,
/// the texts of lesson.json and checks.json, and the check-message templates.
@Suite("Typographie française")
struct FrenchTypographyTests {
    static let nbsp = "\u{00A0}"
    static let nnbsp = "\u{202F}"

    @Test("espaces insécables avant : ; ! ? et dans « »")
    func spacesBeforeHighPunctuationAndInsideGuillemets() {
        #expect(FrenchTypography.apply("a : b ; c ! d ? « e »") == "a\(Self.nbsp): b\(Self.nnbsp); c\(Self.nnbsp)! d\(Self.nnbsp)? «\(Self.nnbsp)e\(Self.nnbsp)»")
        #expect(FrenchTypography.apply("«serré»") == "«\(Self.nnbsp)serré\(Self.nnbsp)»")
        #expect(FrenchTypography.apply("sans ponctuation") == "sans ponctuation")
    }

    @Test("seule une espace existante change : commandes, YAML, URL et heures restent tels quels")
    func onlyAnExistingSpaceChanges() {
        for typed in ["clusterIP: None", "app: postgres", "--replicas=1", "http://x:8080", "10:30", "ndots:5",
                      "a != b, c ?= d", "kubectl get pods -l app=postgres -w", "VALUES ('Kubernetes');", "a?b"] {
            #expect(FrenchTypography.apply(typed) == typed, "\(typed)")
        }
    }

    @Test("après du code en ligne et sur des espaces déjà insécables")
    func afterInlineCodeAndAlreadyUnbreakableSpaces() {
        #expect(FrenchTypography.apply(" : la suite") == "\(Self.nbsp): la suite")
        #expect(FrenchTypography.apply("déjà\(Self.nbsp)? oui") == "déjà\(Self.nnbsp)? oui")
        #expect(FrenchTypography.apply("« a »\n« b") == "«\(Self.nnbsp)a\(Self.nnbsp)»\n«\(Self.nnbsp)b")
    }

    @Test("une indication qui cite une commande ou du YAML : seule la prose change")
    func hintsQuotingCommandsKeepTheirCommands() {
        let hint = "Dans spec.selector du Service, mettez exactement « app: postgres », le label des Pods ; puis lancez « kubectl scale statefulset postgres --replicas=3 » : c'est tout !"
        #expect(FrenchTypography.apply(hint) == "Dans spec.selector du Service, mettez exactement «\(Self.nnbsp)app: postgres\(Self.nnbsp)», le label des Pods\(Self.nnbsp); puis lancez «\(Self.nnbsp)kubectl scale statefulset postgres --replicas=3\(Self.nnbsp)»\(Self.nbsp): c'est tout\(Self.nnbsp)!")
    }

    @Test("idempotente")
    func idempotent() {
        for text in ["x : « y »", "Prêt ? Oui ! « Vérifier » ; fin", "«a»"] {
            let once = FrenchTypography.apply(text)
            #expect(FrenchTypography.apply(once) == once, "\(text)")
        }
    }
}
