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
        await gate.waitUntilWaiting(20)
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

    /// The request is parked in its handler (the gate counts it) when the shutdown starts; the gate
    /// opens only once the listener is closed, so the request finishes during the grace period.
    @Test func shutdownLetsInFlightRequestsFinish() async throws {
        let gate = Gate()
        let server = try TestServer(grace: 30) { router in
            router.get("/slow") { _, _ in
                await gate.wait()
                return .text("finished")
            }
        }
        let port = server.port
        let inFlight = Task.detached { try await HTTPTestClient(port: port).get("/slow") }
        await gate.waitUntilWaiting(1)
        let stopping = Task.detached { await server.stop() }
        #expect(await Self.listenerCloses(port: port), "the listener stayed open after shutdown began")
        await gate.open()
        await stopping.value
        let reply = try await inFlight.value
        #expect(reply.status == 200)
        #expect(reply.text == "finished")
        // Nothing listens any more.
        await #expect(throws: HTTPTestClientError.self) { try await HTTPTestClient(port: port).connect() }
    }

    /// Shutdown starts only once the request is parked in its handler (the gate counts it): on a
    /// busy machine a fixed delay could stop the server before the request even arrived.
    @Test func shutdownAnswers503WhenTheGraceRunsOut() async throws {
        let gate = Gate()
        let server = try TestServer(grace: 0.2) { router in
            router.get("/forever") { _, _ in
                await gate.wait()
                return .text("too late")
            }
        }
        let port = server.port
        let inFlight = Task.detached { try await HTTPTestClient(port: port).get("/forever") }
        await gate.waitUntilWaiting(1)
        await server.stop()
        // The handler answers 200 only when the gate opens, after the shutdown: a 503 proves the
        // shutdown did not wait for it.
        let reply = try await inFlight.value
        await gate.open()
        #expect(reply.status == 503)
    }

    /// True once a new connection to `port` is refused (the shutdown closed the listener), trying
    /// again after each accepted one; false if it still accepts after a generous deadline.
    static func listenerCloses(port: Int, timeout: Duration = .seconds(20)) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            guard (try? await HTTPTestClient(port: port).connect()) != nil else { return true }
            await Task.yield()
        }
        return false
    }
}
