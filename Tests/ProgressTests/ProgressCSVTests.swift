import AtelierProgress
import class TestSupport.LogCapture
import Foundation
import Testing

@Suite("CSV export")
struct ProgressCSVTests {
    /// A strict RFC 4180 reader, so the test checks what a spreadsheet would actually see.
    private func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            if quoted {
                if scalar == "\"" {
                    if scalars.first == "\"" { field.unicodeScalars.append("\""); scalars.removeFirst() } else { quoted = false }
                } else {
                    field.unicodeScalars.append(scalar)
                }
            } else if scalar == "\"" && field.isEmpty {
                quoted = true
            } else if scalar == "," {
                row.append(field); field = ""
            } else if scalar == "\r" && scalars.first == "\n" {
                scalars.removeFirst()
                row.append(field); field = ""
                rows.append(row); row = []
            } else {
                field.unicodeScalars.append(scalar)
            }
        }
        #expect(field.isEmpty && row.isEmpty, "the document ends with CRLF")
        return rows
    }

    @Test("One row per learner × step, BOM, CRLF, quoting and formula neutralisation")
    func export() async throws {
        let directory = TemporaryDirectory("csv")
        let clock = ManualClock()
        let store = try await FileProgressStore(directory: directory.data, logger: LogCapture().logger,
                                                clock: clock.progressClock)
        let names = ["Dupont, Jean", "Jean \"JJ\" Dupont", "=HYPERLINK(\"http://evil.example\",\"clic\")",
                     "+33 6 12 34 56 78", "-2+3", "@SUM(A1:A2)", "Zoé Ñúñez 李"]
        var ids: [String] = []
        for name in names {
            clock.advance(seconds: 1)  // rows follow creation order
            ids.append(try await store.createLearner(name: Fixtures.name(name)).learner.id)
        }
        let t0 = ManualClock.origin
        _ = try await store.recordView(learnerId: ids[0], lesson: Fixtures.lessonId, step: "preparation", at: t0)
        _ = try await store.recordCheckRun(learnerId: ids[0], run: Fixtures.run("preparation", passed: false, at: t0 + 5,
                                                                                 message: "Attendu: 3 réplicas, trouvé 1,\n\"postgres\""),
                                           outline: Fixtures.outline)
        _ = try await store.recordCheckRun(learnerId: ids[0], run: Fixtures.run("preparation", passed: true, at: t0 + 65),
                                           outline: Fixtures.outline)

        let text = ProgressCSV.render(learners: await store.snapshot().learners, outline: Fixtures.outline)
        #expect(Array(text.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(text.hasSuffix("\r\n"))
        // No bare LF: every line break outside quoted fields is CRLF.
        let body = String(text.dropFirst())
        #expect(body.hasPrefix("learner_id,name,step,status,attempts,first_viewed_at,passed_at,time_spent_seconds,last_failure\r\n"))

        let rows = parse(body)
        #expect(rows.count == 1 + names.count * Fixtures.outline.steps.count)
        #expect(rows.allSatisfy { $0.count == 9 })
        #expect(rows[0] == ProgressCSV.header)

        // Learners in creation order, steps in lesson order.
        let expectedNames = ["Dupont, Jean", "Jean \"JJ\" Dupont", "'=HYPERLINK(\"http://evil.example\",\"clic\")",
                             "'+33 6 12 34 56 78", "'-2+3", "'@SUM(A1:A2)", "Zoé Ñúñez 李"]
        for (index, name) in expectedNames.enumerated() {
            let learnerRows = rows[(1 + index * 5)..<(1 + (index + 1) * 5)]
            #expect(learnerRows.allSatisfy { $0[0] == ids[index] && $0[1] == name })
            #expect(learnerRows.map { $0[2] } == ["preparation", "secret", "lecture", "statefulset", "quiz"])
        }
        #expect(rows[1] == [ids[0], "Dupont, Jean", "preparation", "passed", "2", "2026-11-25T09:00:12Z",
                            "2026-11-25T09:01:17Z", "65", "Attendu: 3 réplicas, trouvé 1,\n\"postgres\""])
        // « secret » is now the current step: in progress for the CSV as for the dashboard.
        #expect(rows[2] == [ids[0], "Dupont, Jean", "secret", "in_progress", "0", "", "", "", ""])
        #expect(rows[3] == [ids[0], "Dupont, Jean", "lecture", "not_started", "0", "", "", "", ""])
        #expect(rows[6] == [ids[1], "Jean \"JJ\" Dupont", "preparation", "not_started", "0", "", "", "", ""])
        // The raw text shows the RFC 4180 forms.
        #expect(text.contains(",\"Dupont, Jean\","))
        #expect(text.contains(",\"Jean \"\"JJ\"\" Dupont\","))
        #expect(text.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"clic\"\")\","))
    }

    @Test("Field rules, one by one", arguments: [
        ("simple", "simple"),
        ("", ""),
        ("a,b", "\"a,b\""),
        ("dit \"non\"", "\"dit \"\"non\"\"\""),
        ("ligne 1\nligne 2", "\"ligne 1\nligne 2\""),
        ("ligne 1\r\nligne 2", "\"ligne 1\r\nligne 2\""),
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\tcaché", "\"'\tcaché\""),
        // Issue 15, item 8: a `;`- or tab-separated reader starts a cell after `;` or tab.
        ("a;=1+1", "\"a;'=1+1\""),
        ("a;b", "\"a;b\""),
        ("x\t@SUM(A1)", "\"x\t'@SUM(A1)\""),
        ("a; -1", "\"a; -1\""),
        ("\rcaché", "\"'\rcaché\""),
        ("=A1,\"x\"", "\"'=A1,\"\"x\"\"\""),
        ("a=b", "a=b"),
        ("Émilie", "Émilie"),
    ])
    func field(raw: String, expected: String) {
        #expect(ProgressCSV.field(raw) == expected)
    }

    @Test("An empty class still has the BOM and the header")
    func empty() {
        let text = ProgressCSV.render(learners: [], outline: Fixtures.outline)
        #expect(text == "\u{FEFF}learner_id,name,step,status,attempts,first_viewed_at,passed_at,time_spent_seconds,last_failure\r\n")
    }
}
