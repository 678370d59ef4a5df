import AtelierApp
import Foundation
import Testing
import TestSupport

/// Issue 14, items 1, 2 and 4 over HTTP: resume codes, classes, the CSV for French Excel.
@Suite("Classroom: resume codes, classes, Excel CSV")
struct ClassroomRoutesTests {
    static let lesson = "statefulsets-postgresql"
    static let trainer = TestApp.bearer(TestApp.trainerToken)

    static func error(_ reply: HTTPTestClient.Reply) throws -> (code: String, message: String) {
        let error = try #require(try reply.json()["error"] as? [String: Any], "\(reply.status) \(reply.text)")
        return (try #require(error["code"] as? String), try #require(error["message"] as? String))
    }

    static func register(_ app: TestApp, _ body: String) async throws -> [String: Any] {
        let reply = try await app.client().postJSON("/api/learners", body)
        #expect(reply.status == 201, "\(reply.text)")
        return try reply.json()
    }

    // MARK: - Resume codes

    @Test func aResumeCodeBringsTheLearnerBackWithAFreshToken() async throws {
        let app = try await TestApp()
        defer { Task { await app.stop() } }
        let client = app.client()
        let created = try await Self.register(app, #"{"name": "Inès Martin"}"#)
        let id = try #require(created["id"] as? String)
        let firstToken = try #require(created["token"] as? String)
        let code = try #require(created["resumeCode"] as? String)
        // Readable: XXXX-XXXX-XXXX in Crockford's alphabet (no I, L, O, U).
        #expect(code.count == 14 && code.split(separator: "-").map(\.count) == [4, 4, 4], "\(code)")
        #expect(code.allSatisfy { "0123456789ABCDEFGHJKMNPQRSTVWXYZ-".contains($0) })
        #expect(created["warning"] == nil && created["class"] == nil)
        _ = try await client.request("POST", "/api/lessons/\(Self.lesson)/start", headers: TestApp.bearer(firstToken))

        // Typed as people type: lower case, spaces instead of hyphens, O for 0 and l for 1.
        let typed = code.lowercased().replacingOccurrences(of: "-", with: " ")
            .replacingOccurrences(of: "0", with: "o").replacingOccurrences(of: "1", with: "l")
        let resumed = try await client.postJSON("/api/learners/resume", "{\"code\": \"\(typed)\"}")
        #expect(resumed.status == 200, "\(resumed.text)")
        let body = try resumed.json()
        #expect(Set(body.keys) == ["id", "name", "token"])
        #expect(body["id"] as? String == id && body["name"] as? String == "Inès Martin")
        let token = try #require(body["token"] as? String)
        #expect(token != firstToken)
        let me = try await client.get("/api/me", headers: TestApp.bearer(token)).json()
        #expect(me["id"] as? String == id)
        #expect((me["lessons"] as? [String: Any])?[Self.lesson] != nil, "the progress came back")
        // The other browser's token is replaced; the code keeps working.
        #expect(try await client.get("/api/me", headers: TestApp.bearer(firstToken)).status == 401)
        #expect(try await client.postJSON("/api/learners/resume", "{\"code\": \"\(code)\"}").status == 200)
        // Only hashes on disk.
        let file = try String(contentsOf: app.data.url.appendingPathComponent("\(id).json"), encoding: .utf8)
        #expect(!file.contains(code) && !file.contains(code.replacingOccurrences(of: "-", with: "")))
        #expect(file.contains("\"resumeCodeHash\""))
    }

    @Test(arguments: ["AAAA-BBBB-CCCC", "", "not a code at all", String(repeating: "A", count: 5000), "ÀÀÀÀ-BBBB-CCCC"])
    func aWrongCodeIs404InFrench(code: String) async throws {
        let app = try await TestApp()
        defer { Task { await app.stop() } }
        _ = try await app.register("Léa")
        let reply = try await app.client().postJSON("/api/learners/resume", "{\"code\": \"\(code)\"}")
        #expect(reply.status == 404)
        let error = try Self.error(reply)
        #expect(error.code == "resume_code_unknown")
        #expect(error.message.hasPrefix("Code de reprise inconnu\u{00A0}:"))
    }

    @Test(arguments: [#"{}"#, #"{"code": 12}"#, #"{"code": "A", "name": "x"}"#])
    func malformedResumeBodiesAre400(body: String) async throws {
        let app = try await TestApp()
        defer { Task { await app.stop() } }
        let reply = try await app.client().postJSON("/api/learners/resume", body)
        #expect(reply.status == 400)
    }

    @Test func moreThanTenWrongCodesAMinuteFromOneAddressAre429() async throws {
        #expect(AppConfig().rateLimits.failedResumeBurst == 10 && AppConfig().rateLimits.failedResumePerMinute == 10)
        // The default burst; the refill slowed to one a minute so that a busy machine taking more than
        // 6 s for the ten requests does not hand a token back in the middle.
        let app = try await TestApp(configure: { $0.rateLimits.failedResumePerMinute = 1 })
        defer { Task { await app.stop() } }
        let client = app.client()
        let code = try #require(try await Self.register(app, #"{"name": "Noé"}"#)["resumeCode"] as? String)
        for attempt in 1...10 {
            let reply = try await client.postJSON("/api/learners/resume", #"{"code": "ZZZZ-ZZZZ-ZZZZ"}"#)
            #expect(reply.status == 404, "attempt \(attempt)")
        }
        let eleventh = try await client.postJSON("/api/learners/resume", #"{"code": "ZZZZ-ZZZZ-ZZZZ"}"#)
        try RequestGuardTests.expectRateLimited(eleventh, code: "too_many_wrong_resume_codes")
        // While refused, even the right code waits: guessing gains nothing.
        let right = try await client.postJSON("/api/learners/resume", "{\"code\": \"\(code)\"}")
        #expect(right.status == 429)
    }

    @Test func theTrainerIssuesANewCodeAndTheOldOneStopsWorking() async throws {
        let app = try await TestApp()
        defer { Task { await app.stop() } }
        let client = app.client()
        let created = try await Self.register(app, #"{"name": "Yanis"}"#)
        let id = try #require(created["id"] as? String)
        let old = try #require(created["resumeCode"] as? String)
        #expect(try await client.postJSON("/api/progress/\(id)/resume-code", "").status == 401)
        let issued = try await client.postJSON("/api/progress/\(id)/resume-code", "", headers: Self.trainer)
        #expect(issued.status == 200)
        let new = try #require(try issued.json()["resumeCode"] as? String)
        #expect(new != old)
        #expect(try await client.postJSON("/api/learners/resume", "{\"code\": \"\(old)\"}").status == 404)
        #expect(try await client.postJSON("/api/learners/resume", "{\"code\": \"\(new)\"}").status == 200)
        let unknown = try await client.postJSON("/api/progress/aaaaaaaaaaaa/resume-code", "", headers: Self.trainer)
        #expect(unknown.status == 404)
    }

    @Test func theSameNameInTheSameClassWarnsButRegisters() async throws {
        let app = try await TestApp()
        defer { Task { await app.stop() } }
        let first = try await Self.register(app, #"{"name": "Camille"}"#)
        #expect(first["warning"] == nil)
        let second = try await Self.register(app, #"{"name": "  camille "}"#)
        let warning = try #require(second["warning"] as? String)
        #expect(warning == "Ce nom existe déjà\u{00A0}: reprenez votre progression avec votre code.")
        #expect(second["id"] as? String != first["id"] as? String)
        // In another class, the same name is someone else: no warning.
        let created = try await app.client().postJSON("/api/classes", #"{"name": "Mardi"}"#, headers: Self.trainer).json()
        let code = try #require(created["code"] as? String)
        let third = try await Self.register(app, "{\"name\": \"Camille\", \"classCode\": \"\(code)\"}")
        #expect(third["warning"] == nil)
    }

    // MARK: - Classes

    @Test func classesFilterTheDashboardAndTheCSVDefaultingToTheMostRecent() async throws {
        let app = try await TestApp()
        defer { Task { await app.stop() } }
        let client = app.client()
        // No class: today's behaviour, and no "class" key.
        let loner = try await app.register("Avant les classes")
        let before = try await client.get("/api/progress", headers: Self.trainer).json()
        #expect(before["class"] == nil && (before["learners"] as? [Any])?.count == 1)

        #expect(try await client.postJSON("/api/classes", #"{"name": "Lundi"}"#).status == 401)
        let monday = try await client.postJSON("/api/classes", #"{"name": "Groupe « lundi »"}"#, headers: Self.trainer)
        #expect(monday.status == 201)
        let mondayJSON = try monday.json()
        let mondayId = try #require(mondayJSON["id"] as? String)
        let mondayCode = try #require(mondayJSON["code"] as? String)
        #expect(mondayCode.count == 7 && mondayJSON["archivedAt"] is NSNull)
        let tuesdayJSON = try await client.postJSON("/api/classes", #"{"name": "Mardi"}"#, headers: Self.trainer).json()
        let tuesdayId = try #require(tuesdayJSON["id"] as? String)
        let tuesdayCode = try #require(tuesdayJSON["code"] as? String)

        let anne = try await Self.register(app, "{\"name\": \"Anne\", \"classCode\": \"\(mondayCode.lowercased())\"}")
        #expect((anne["class"] as? [String: Any])?["id"] as? String == mondayId)
        _ = try await Self.register(app, "{\"name\": \"Bruno\", \"classCode\": \"\(tuesdayCode)\"}")
        _ = try await Self.register(app, "{\"name\": \"Chloé\", \"classCode\": \"\(tuesdayCode)\"}")

        func names(_ query: String) async throws -> (String?, [String]) {
            let json = try await client.get("/api/progress\(query)", headers: Self.trainer).json()
            let rows = (json["learners"] as? [[String: Any]]) ?? []
            // Rows come by creation second, then id: sorted here, as the learners share a second.
            return ((json["class"] as? [String: Any])?["id"] as? String, rows.compactMap { $0["name"] as? String }.sorted())
        }
        // Default: the most recent open class.
        #expect(try await names("") == (tuesdayId, ["Bruno", "Chloé"]))
        #expect(try await names("?class=\(mondayId)") == (mondayId, ["Anne"]))
        #expect(try await names("?class=all") == (nil, ["Anne", "Avant les classes", "Bruno", "Chloé"]))
        #expect(try await names("?class=none") == (nil, ["Avant les classes"]))
        #expect(try await client.get("/api/progress?class=zzzzzzzzzzzz", headers: Self.trainer).status == 404)
        let csv = try await client.get("/api/progress.csv?class=\(mondayId)", headers: Self.trainer)
        #expect(csv.text.contains("Anne") && !csv.text.contains("Bruno") && !csv.text.contains(loner.id))
        #expect(csv.header("Content-Disposition")?.contains("progression-\(Self.lesson)-Groupe-lundi.csv") == true)

        let list = try await client.get("/api/classes", headers: Self.trainer).json()
        let classes = try #require(list["classes"] as? [[String: Any]])
        #expect(classes.map { $0["id"] as? String } == [tuesdayId, mondayId], "most recent first")
        #expect(classes.map { $0["learners"] as? Int } == [2, 1])

        // Archived: the code takes no one, and the default falls back to the open class.
        let archived = try await client.postJSON("/api/classes/\(tuesdayId)/archive", "", headers: Self.trainer)
        #expect(archived.status == 200)
        let archivedAt = try archived.json()["archivedAt"]
        #expect(archivedAt is String)
        let late = try await client.postJSON("/api/learners", "{\"name\": \"Retard\", \"classCode\": \"\(tuesdayCode)\"}")
        #expect(late.status == 400)
        let lateError = try Self.error(late)
        #expect(lateError.code == "class_archived")
        #expect(try await names("") == (mondayId, ["Anne"]))
        #expect(try await client.postJSON("/api/classes/zzzzzzzzzzzz/archive", "", headers: Self.trainer).status == 404)

        // Classes survive a restart (classes.json, fsync'd).
        let file = try String(contentsOf: app.data.url.appendingPathComponent("classes.json"), encoding: .utf8)
        #expect(file.contains(mondayCode) && file.contains(tuesdayId))
    }

    @Test(arguments: [
        (#"{"name": "X", "classCode": "ZZZZ-ZZ"}"#, "class_code_unknown"),
        (#"{"name": "X", "classCode": "12"}"#, "class_code_unknown"),
        (#"{"name": "X", "classCode": 12}"#, "class_code_invalid"),
    ])
    func anUnknownClassCodeIs400InFrench(body: String, code: String) async throws {
        let app = try await TestApp()
        defer { Task { await app.stop() } }
        _ = try await app.client().postJSON("/api/classes", #"{"name": "Jeudi"}"#, headers: Self.trainer)
        let reply = try await app.client().postJSON("/api/learners", body)
        #expect(reply.status == 400)
        let error = try Self.error(reply)
        #expect(error.code == code)
        #expect(error.message.contains(" "))
        let learners = try FileManager.default.contentsOfDirectory(atPath: app.data.url.path).filter { $0.hasSuffix(".json") && $0 != "classes.json" }
        #expect(learners.isEmpty, "nothing registered")
    }

    @Test(arguments: [#"{}"#, #"{"name": ""}"#, #"{"name": "a\u202Eb"}"#, #"{"name": "X", "code": "ABCD-EF"}"#])
    func hostileClassBodiesAre400(body: String) async throws {
        let app = try await TestApp()
        defer { Task { await app.stop() } }
        let reply = try await app.client().postJSON("/api/classes", body, headers: Self.trainer)
        #expect(reply.status == 400)
        #expect(!FileManager.default.fileExists(atPath: app.data.url.appendingPathComponent("classes.json").path))
    }

    // MARK: - Excel CSV

    @Test func timeZoneIsAnIANANameOrStartUpStops() throws {
        let base = URL(fileURLWithPath: "/srv")
        #expect(try AppConfig.parse(Data(#"{"timeZone": "Europe/Paris"}"#.utf8), baseDirectory: base).timeZone.identifier == "Europe/Paris")
        #expect(try AppConfig.parse(Data(#"{}"#.utf8), baseDirectory: base).timeZone == TimeZone.current)
        let limits = try AppConfig.parse(Data(#"{"rateLimits": {"failedResumeBurst": 3, "failedResumePerMinute": 2}}"#.utf8), baseDirectory: base)
        #expect(limits.rateLimits.failedResumeBurst == 3 && limits.rateLimits.failedResumePerMinute == 2)
        for bad in [#""Mars/Olympus""#, #""CET""#, #""""#, "3", #""../../etc/localtime""#, #""../../../etc/localtime""#, #""Europe/../../../etc/localtime""#] {
            let error = #expect(throws: ConfigError.self) {
                _ = try AppConfig.parse(Data("{\"timeZone\": \(bad)}".utf8), baseDirectory: base)
            }
            #expect(error?.key == "timeZone", "\(bad)")
        }
    }

    @Test func theExcelCSVIsFrenchSemicolonSeparatedInTheConfiguredZone() async throws {
        // 2026-11-25T09:00:00Z is 10:00 in Paris (winter time).
        let start = Date(timeIntervalSince1970: 1_795_597_200)
        let clock = ManualTestClock(start)
        let app = try await TestApp(configure: { $0.timeZone = TimeZone(identifier: "Europe/Paris")! }, now: { clock.now })
        defer { Task { await app.stop() } }
        let client = app.client()
        let learner = try await app.register("Zoé;=1+1")
        let headers = TestApp.bearer(learner.token)
        _ = try await client.request("POST", "/api/lessons/\(Self.lesson)/start", headers: headers)
        _ = try await client.get("/api/lessons/\(Self.lesson)/steps/preparation", headers: headers)
        clock.advance(3_725)
        let check = try await client.postJSON("/api/lessons/\(Self.lesson)/steps/preparation/check", "{}", headers: headers)
        #expect(try check.json()["passed"] as? Bool == true, "\(check.text)")

        let reply = try await client.get("/api/progress.csv?format=excel", headers: Self.trainer)
        #expect(reply.status == 200)
        #expect(reply.header("Content-Type") == "text/csv; charset=utf-8")
        #expect(reply.header("Content-Disposition") == "attachment; filename=\"progression-\(Self.lesson)-excel-Europe-Paris.csv\"")
        #expect(Array(reply.body.prefix(3)) == [0xEF, 0xBB, 0xBF], "UTF-8 BOM")
        let lines = String(decoding: reply.body.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines[0] == "Identifiant;Nom;Étape;Statut;Tentatives;Première visite (Europe/Paris);Validée le (Europe/Paris);Temps passé (h:mm:ss);Dernier échec")
        let row = try #require(lines.first { $0.contains("Préparer le cluster MicroK8s") })
        #expect(row == "\(learner.id);\"Zoé;'=1+1\";Préparer le cluster MicroK8s;Validée;1;2026-11-25 10:00:00;2026-11-25 11:02:05;1:02:05;")
        // A step without checks has no status of its own.
        let reading = try #require(lines.first { $0.hasPrefix(learner.id) && $0.contains(";—;") }, "\(lines)")
        #expect(!reading.isEmpty)
        // The default CSV is unchanged for scripts.
        let plain = try await client.get("/api/progress.csv", headers: Self.trainer).text
        #expect(plain.hasPrefix("\u{FEFF}learner_id,name,step,status,attempts,first_viewed_at,passed_at,time_spent_seconds,last_failure\r\n"))
        #expect(try await client.get("/api/progress.csv?format=xlsx", headers: Self.trainer).status == 400)
    }
}

/// A clock the test moves by hand (no sleeping).
final class ManualTestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date) { current = start }
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}
