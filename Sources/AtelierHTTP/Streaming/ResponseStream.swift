/// A response body produced while it is sent (Server-Sent Events): the handler returns at once
/// with a `Response` whose body is `.stream`, and the transport pulls the chunks as they come.
///
/// No worker thread waits for the next chunk: the libmicrohttpd connection is suspended while
/// nothing is pending and resumed when the producer pushes something (see `StreamPump`).
public struct ResponseStream: Sendable {
    /// Runs the producer; every call of `emit` queues one chunk. The stream ends when `run`
    /// returns. The task running it is cancelled when the client goes away or the server stops.
    let run: @Sendable (_ emit: @escaping @Sendable ([UInt8]) -> Void) async -> Void
    /// Sent when nothing else was for this long (nil: never).
    let heartbeat: Duration?
    let heartbeatBytes: [UInt8]

    public init(heartbeat: Duration? = nil, heartbeatBytes: [UInt8] = [],
                run: @escaping @Sendable (_ emit: @escaping @Sendable ([UInt8]) -> Void) async -> Void) {
        self.run = run
        self.heartbeat = heartbeat
        self.heartbeatBytes = heartbeatBytes
    }
}

extension Response {
    /// `text/event-stream` from a sequence of events, with a `: ping` comment whenever nothing was
    /// sent for `heartbeat`. The events' producer is cancelled (`onTermination` of an AsyncStream)
    /// when the client leaves or the server shuts down.
    public static func eventStream(_ events: AsyncStream<ServerSentEvent>, heartbeat: Duration = .seconds(15)) -> Response {
        eventStream(heartbeat: heartbeat) { send in
            for await event in events { send(event) }
        }
    }

    /// `text/event-stream` whose producer runs only while the response is being sent: `produce` is
    /// started by the transport once the response is queued and cancelled when the client leaves or
    /// the server stops; the stream ends when it returns. A response dropped before it is sent (the
    /// client gone meanwhile) never starts it, so nothing is left running.
    public static func eventStream(heartbeat: Duration = .seconds(15),
                                   produce: @escaping @Sendable (_ send: @escaping @Sendable (ServerSentEvent) -> Void) async -> Void)
        -> Response {
        var headers = HTTPHeaders()
        headers.set("Content-Type", "text/event-stream; charset=utf-8")
        headers.set("Cache-Control", "no-store")
        // A reverse proxy (nginx) would otherwise buffer the stream.
        headers.set("X-Accel-Buffering", "no")
        let stream = ResponseStream(heartbeat: heartbeat, heartbeatBytes: ServerSentEvent.comment("ping")) { emit in
            await produce { event in emit(event.encoded) }
        }
        return Response(status: 200, headers: headers, body: .stream(stream))
    }
}
