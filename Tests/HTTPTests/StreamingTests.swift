import AtelierHTTP
import Foundation
import Testing
import TestSupport

/// The producers of the test streams: the test pushes events into them and learns, through
/// `Countdown`s, when a stream started and when its producer was told to stop.
final class StreamFeeds: @unchecked Sendable {
    private let lock = NSLock()
    private var continuations: [AsyncStream<ServerSentEvent>.Continuation] = []
    let started = Countdown()
    let terminated = Countdown()

    func response(heartbeat: Duration) -> Response {
        let (events, continuation) = AsyncStream.makeStream(of: ServerSentEvent.self)
        let terminated = self.terminated
        continuation.onTermination = { _ in Task { await terminated.add() } }
        lock.withLock { continuations.append(continuation) }
        Task { await started.add() }
        return .eventStream(events, heartbeat: heartbeat)
    }

    func send(_ event: ServerSentEvent) { lock.withLock { continuations }.forEach { $0.yield(event) } }
    func finishAll() { lock.withLock { continuations }.forEach { $0.finish() } }
}

@Suite("Streamed responses (Server-Sent Events) on suspended connections")
struct StreamingTests {
    static func server(_ feeds: StreamFeeds, heartbeat: Duration = .seconds(60), threads: Int = 2) throws -> TestServer {
        try TestServer(threads: threads) { router in
            standardRoutes(&router)
            router.get("/events") { _, _ in feeds.response(heartbeat: heartbeat) }
        }
    }

    @Test func headersEventsAndACleanEndThenKeepAlive() async throws {
        let feeds = StreamFeeds()
        let server = try Self.server(feeds)
        defer { Task { await server.stop() } }
        let client = server.client()
        let head = try await client.openStream("/events")
        #expect(head.status == 200)
        #expect(head.header("content-type") == "text/event-stream; charset=utf-8")
        #expect(head.header("cache-control") == "no-store")
        #expect(head.header("transfer-encoding")?.lowercased() == "chunked")
        feeds.send(ServerSentEvent(event: "cluster", data: "{\"a\":1}"))
        let first = try await client.readStream { $0.contains("\n\n") }
        #expect(first.text == "event: cluster\ndata: {\"a\":1}\n\n")
        feeds.send(ServerSentEvent(data: "two\nlines"))
        let second = try await client.readStream { $0.contains("data: lines\n\n") }
        #expect(second.text.hasSuffix("data: two\ndata: lines\n\n"))
        feeds.finishAll()
        let end = try await client.readStream { _ in false }
        #expect(end.ended)
        // The stream ended with its last chunk: the connection serves the next request.
        #expect(try await client.get("/healthz").status == 200)
        #expect(client.connectionsOpened == 1)
    }

    @Test func aQuietStreamGetsPings() async throws {
        let feeds = StreamFeeds()
        let server = try Self.server(feeds, heartbeat: .milliseconds(100))
        defer { Task { await server.stop() } }
        let client = server.client()
        _ = try await client.openStream("/events")
        let read = try await client.readStream { $0.components(separatedBy: ": ping\n\n").count > 2 }
        #expect(read.text.hasPrefix(": ping\n\n"))
        #expect(!read.ended)
    }

    /// A client that leaves is noticed at the next write (here a ping): the producer is cancelled.
    @Test func aClientLeavingStopsTheProducer() async throws {
        let feeds = StreamFeeds()
        let server = try Self.server(feeds, heartbeat: .milliseconds(50))
        defer { Task { await server.stop() } }
        let client = server.client()
        _ = try await client.openStream("/events")
        _ = try await client.readStream { $0.contains(": ping") }
        client.close()
        await feeds.terminated.wait(for: 1)
        #expect(try await server.client().get("/healthz").status == 200)
    }

    /// 100 open streams on 2 worker threads: none holds a thread, /healthz answers at once.
    @Test func hundredOpenStreamsHoldNoWorker() async throws {
        let feeds = StreamFeeds()
        let server = try Self.server(feeds, threads: 2)
        defer { Task { await server.stop() } }
        let port = server.port
        var clients: [HTTPTestClient] = []
        for _ in 0..<100 {
            let client = HTTPTestClient(port: port)
            clients.append(client)
            #expect(try await client.openStream("/events").status == 200)
        }
        await feeds.started.wait(for: 100)
        #expect(server.server.metrics.render().contains("atelier_http_streams_open 100.0"))
        let probe = server.client()
        var latencies: [Double] = []
        for _ in 0..<20 {
            let before = Date()
            #expect(try await probe.get("/healthz").status == 200)
            latencies.append(Date().timeIntervalSince(before) * 1000)
        }
        // A generous bound (a held worker would block until the streams end: never).
        #expect(latencies.max()! < 5000)
        feeds.send(ServerSentEvent(event: "x", data: "1"))
        for client in clients {
            #expect(try await client.readStream { $0.contains("data: 1\n\n") }.text == "event: x\ndata: 1\n\n")
        }
        print("healthz with 100 open streams on 2 worker threads: min \(String(format: "%.2f", latencies.min()!)) ms, max \(String(format: "%.2f", latencies.max()!)) ms")
    }

    /// A shutdown ends every open stream (last chunk sent), cancels the producers, and returns.
    @Test func shutdownEndsOpenStreams() async throws {
        let feeds = StreamFeeds()
        let server = try Self.server(feeds)
        var clients: [HTTPTestClient] = []
        for _ in 0..<5 {
            let client = server.client()
            clients.append(client)
            _ = try await client.openStream("/events")
        }
        await feeds.started.wait(for: 5)
        feeds.send(ServerSentEvent(event: "x", data: "before"))
        for client in clients { _ = try await client.readStream { $0.contains("before") } }
        await server.stop()
        for client in clients {
            let end = try await client.readStream { _ in false }
            #expect(end.ended)
        }
        await feeds.terminated.wait(for: 5)
    }
}
