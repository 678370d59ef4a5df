@testable import AtelierHTTP
import Foundation
import Testing

/// What reaches the wire or a log without a server: framing decisions, metric labels, access lines.
@Suite("Request framing, metric labels and access lines")
struct WireFormatTests {
    private func status(_ fields: [(String, String)]) -> Int? {
        RequestFraming.problem(in: HTTPHeaders(fields))?.status
    }

    @Test func unambiguousHeadsPass() {
        #expect(status([("Host", "x")]) == nil)
        #expect(status([("Content-Length", "12")]) == nil)
        #expect(status([("Transfer-Encoding", "chunked")]) == nil)
        #expect(status([("transfer-encoding", "Chunked")]) == nil)
    }

    @Test func ambiguousLengthsAre400() {
        #expect(status([("Content-Length", "4"), ("Transfer-Encoding", "chunked")]) == 400)
        #expect(status([("Content-Length", "4"), ("Content-Length", "4")]) == 400)
        #expect(status([("Transfer-Encoding", "chunked"), ("Transfer-Encoding", "chunked")]) == 400)
        #expect(status([("Transfer-Encoding ", "chunked")]) == 400)
        #expect(status([("Transfer-Encoding\t", "chunked")]) == 400)
        #expect(status([("Transfer-Encoding", "chunked ")]) == 400)
        #expect(status([("Transfer-Encoding", "identity")]) == 400)
        #expect(status([("Transfer-Encoding", "chunked, gzip")]) == 400)
        #expect(status([("Transfer-Encoding", "chunked, chunked")]) == 400)
        #expect(status([("Transfer-Encoding", "chunked,,")]) == 400)
        #expect(status([("Transfer-Encoding", "")]) == 400)
    }

    @Test func unknownCodingsAre501AndEveryRefusalCloses() {
        #expect(status([("Transfer-Encoding", "gzip")]) == 501)
        #expect(status([("Transfer-Encoding", "gzip, chunked")]) == 501)
        #expect(status([("Transfer-Encoding", "x-custom")]) == 501)
        let refusal = RequestFraming.problem(in: HTTPHeaders([("Transfer-Encoding", "identity")]))
        #expect(refusal?.headers["Connection"] == "close")
    }

    @Test func metricsBoundTheMethodAndEscapeLabels() {
        let metrics = HTTPMetrics()
        for method in ["GET", "A{b=\"c\"}", String(repeating: "X", count: 8000), "get"] {
            metrics.begin()
            metrics.end(route: "/a\"b\\c\nd", method: HTTPMethod(rawValue: method), status: 404, seconds: 0.001)
        }
        let page = metrics.render()
        #expect(page.contains("method=\"GET\""))
        #expect(page.contains("method=\"OTHER\",status=\"404\"} 3"))
        #expect(!page.contains("XXXX") && !page.contains("A{b"))
        #expect(page.contains("route=\"/a\\\"b\\\\c\\nd\""))
    }

    @Test func accessLineHasThePathOnlyCleanedAndClipped() {
        var line: [UInt8] = []
        AccessLog.appendMessage(to: &line, method: "GET", target: "/app.js?token=secret", status: 200, bytes: 11279,
                                seconds: 0.00026)
        #expect(String(decoding: line, as: UTF8.self) == "GET /app.js 200 11279B 0.3ms")
        line = []
        AccessLog.appendMessage(to: &line, method: "POST", target: "/a\u{1}b\u{7F}" + String(repeating: "é", count: 150),
                                status: 400, bytes: 0, seconds: 1.25)
        let text = String(decoding: line, as: UTF8.self)
        #expect(text.hasPrefix("POST /a?b?éé"))
        #expect(text.contains("… 400 0B 1250.0ms"))
        #expect(text.utf8.count < 230)
        #expect(String(validatingUTF8: text) != nil)
    }
}
