import AtelierHTTP
import Foundation
import Testing
import TestSupport

@Suite("Async handlers do not hold worker threads; graceful shutdown")
struct ConcurrencyTests {
    @Test func slowHandlersLeaveTheServerResponsive() async throws {
        let server = try TestServer(threads: 2) { router in
            standardRoutes(&router)
            router.get("/slow") { _, _ in
                try await Task.sleep(nanoseconds: 2_000_000_000)
                return .text("slow done")
            }
        }
        defer { Task { await server.stop() } }
        let port = server.port
        let started = Date()
        // 20 slow requests on 20 connections, more than the 2 worker threads.
        let slow = Task.detached {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        let client = HTTPTestClient(port: port)
                        return try await client.get("/slow").status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
        }
        try await Task.sleep(nanoseconds: 300_000_000)
        // While they are parked, health checks answer at once (far below the 2 s the slow ones take).
        let client = server.client()
        var fastest = Double.infinity, slowest = 0.0
        for _ in 0..<10 {
            let before = Date()
            #expect(try await client.get("/healthz").status == 200)
            let elapsed = Date().timeIntervalSince(before)
            fastest = min(fastest, elapsed)
            slowest = max(slowest, elapsed)
        }
        #expect(server.server.metrics.inFlightRequests >= 20, "the slow requests are still in flight")
        let statuses = try await slow.value
        #expect(statuses == Array(repeating: 200, count: 20))
        let total = Date().timeIntervalSince(started)
        print("healthz during 20 parked 2 s requests: fastest \(fastest * 1000) ms, slowest \(slowest * 1000) ms; all 20 done in \(total) s")
        // Sequential on 2 threads would take 20 s; parked connections finish together.
        #expect(total < 10)
        #expect(slowest < 1.5, "healthz was never stuck behind a slow handler")
    }

    @Test func shutdownLetsInFlightRequestsFinish() async throws {
        let server = try TestServer(grace: 5) { router in
            router.get("/slow") { _, _ in
                try await Task.sleep(nanoseconds: 500_000_000)
                return .text("finished")
            }
        }
        let port = server.port
        let inFlight = Task.detached { try await HTTPTestClient(port: port).get("/slow") }
        try await Task.sleep(nanoseconds: 150_000_000)
        await server.stop()
        let reply = try await inFlight.value
        #expect(reply.status == 200)
        #expect(reply.text == "finished")
        // Nothing listens any more.
        await #expect(throws: HTTPTestClientError.self) { try await HTTPTestClient(port: port).connect() }
    }

    @Test func shutdownAnswers503WhenTheGraceRunsOut() async throws {
        let server = try TestServer(grace: 0.2) { router in
            router.get("/forever") { _, _ in
                try? await Task.sleep(nanoseconds: 30_000_000_000)
                return .text("too late")
            }
        }
        let port = server.port
        let inFlight = Task.detached { try await HTTPTestClient(port: port).get("/forever") }
        try await Task.sleep(nanoseconds: 150_000_000)
        let before = Date()
        await server.stop()
        #expect(Date().timeIntervalSince(before) < 5)
        let reply = try await inFlight.value
        #expect(reply.status == 503)
    }
}
