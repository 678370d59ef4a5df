import AtelierHTTP
import Foundation
import Testing
import TestSupport

@Suite("Async handlers do not hold worker threads; graceful shutdown")
struct ConcurrencyTests {
    /// 20 requests park in a handler that waits (here on a gate the test opens, so nothing depends on
    /// timing) while the server has only 2 worker threads: if a parked request held a thread, /healthz
    /// could not answer until the gate opens. Latencies are printed, not asserted.
    @Test func parkedAsyncHandlersLeaveTheServerResponsive() async throws {
        let gate = Gate()
        let server = try TestServer(threads: 2) { router in
            standardRoutes(&router)
            router.get("/slow") { _, _ in
                await gate.wait()
                return .text("slow done")
            }
        }
        defer { Task { await server.stop() } }
        let port = server.port
        let slow = Task.detached {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await HTTPTestClient(port: port).get("/slow").status }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
        }
        while await gate.waiting < 20 { try await Task.sleep(nanoseconds: 5_000_000) }
        #expect(server.server.metrics.inFlightRequests == 20)
        let client = server.client()
        var latencies: [Double] = []
        for _ in 0..<10 {
            let before = Date()
            #expect(try await client.get("/healthz").status == 200)
            latencies.append(Date().timeIntervalSince(before) * 1000)
        }
        // Still parked: the health checks were answered while all 20 waited.
        #expect(await gate.waiting == 20)
        await gate.open()
        let statuses = try await slow.value
        #expect(statuses == Array(repeating: 200, count: 20))
        print("healthz with 20 parked requests on 2 worker threads: min \(String(format: "%.2f", latencies.min()!)) ms, max \(String(format: "%.2f", latencies.max()!)) ms")
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
        await server.stop()
        // The handler would answer 200 after 30 s: a 503 proves the shutdown did not wait for it.
        let reply = try await inFlight.value
        #expect(reply.status == 503)
    }
}
