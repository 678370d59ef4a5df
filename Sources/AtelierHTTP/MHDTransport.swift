import CMicroHTTPD
import Foundation
import Logging

/// The only Swift file that touches libmicrohttpd. It owns the daemon, turns its callbacks into
/// `RequestDispatcher` calls and parks connections (suspend/resume) while async handlers run.
///
/// Objects cross the C boundary through `void *` with `Unmanaged`: the transport is retained for the
/// daemon's lifetime, each request's `ConnectionState` from the URI callback to the completion callback.
final class MHDTransport: @unchecked Sendable {
    private let configuration: HTTPServerConfiguration
    private let dispatcher: RequestDispatcher
    private let logger: Logger
    private let lock = NSLock()
    private var daemon: OpaquePointer?
    private var parked: Set<ObjectIdentifier> = []
    private var parkedStates: [ObjectIdentifier: ConnectionState] = [:]
    /// Resumed connections whose response libmicrohttpd has not completed yet: a shutdown waits for
    /// them, so an answer handed over (a handler's, or the shutdown's 503) is not cut off.
    private var flushing: Set<ObjectIdentifier> = []
    /// Streamed responses being sent (Server-Sent Events): a shutdown ends each and waits for it.
    private var streams: [ObjectIdentifier: StreamPump] = [:]
    private var stopping = false
    private var selfReference: Unmanaged<MHDTransport>?
    private(set) var boundPort: Int = 0

    /// Per-connection memory pool (request head, response head). libmicrohttpd 0.9.75 zeroes the whole
    /// pool between two requests and half of it again when the read buffer shrinks: at 32 KiB that was
    /// a third of the instructions of a static request (callgrind). 16 KiB takes request heads up to about
    /// 15 KB (nginx's default: 1 KiB, growing to 8 KiB per line; the browser app sends about 1 KB, no
    /// cookies); a longer head gets 431. 8 KiB would save another 12,000 instructions a request, but a
    /// chunk-size line longer than the pool gets a 500 from libmicrohttpd, and the hostile suite sends 10 KB.
    static let connectionMemory = 16 * 1024

    /// A hostile sender streaming a body past the limit is cut off after this many discarded bytes.
    private var discardLimit: Int { max(configuration.maxBodyBytes * 4, 1 << 20) }

    init(configuration: HTTPServerConfiguration, dispatcher: RequestDispatcher, logger: Logger) {
        self.configuration = configuration
        self.dispatcher = dispatcher
        self.logger = logger
        dispatcher.metrics.registerGauge("atelier_http_streams_open") { [weak self] in
            Double(self.map { transport in transport.lock.withLock { transport.streams.count } } ?? 0)
        }
    }

    /// The head deadline for new connections, 0 when it is not shorter than the idle timeout.
    private var headTimeout: UInt32 {
        configuration.requestHeadTimeoutSeconds < configuration.connectionTimeoutSeconds
            ? UInt32(max(configuration.requestHeadTimeoutSeconds, 1)) : 0
    }

    func start() throws(HTTPServerError) {
        var flags = atelier_mhd_default_flags()
        let reference = Unmanaged.passRetained(self)
        let cls = reference.toOpaque()
        let started: OpaquePointer? = try withSocketAddress(host: configuration.host, port: configuration.port) { address, isIPv6 in
            if isIPv6 { flags |= atelier_mhd_ipv6_flag() }
            return atelier_mhd_start(
                flags, address,
                UInt32(configuration.threads > 1 ? configuration.threads : 0),
                UInt32(configuration.connectionTimeoutSeconds),
                UInt32(configuration.connectionLimit),
                UInt32(configuration.perAddressConnectionLimit),
                MHDTransport.connectionMemory,
                { cls, connection, _, method, _, uploadData, uploadSize, requestContext in
                    guard let cls, let connection, let method, let uploadSize, let requestContext,
                          let raw = requestContext.pointee else { return .NO }
                    let transport = Unmanaged<MHDTransport>.fromOpaque(cls).takeUnretainedValue()
                    let state = Unmanaged<ConnectionState>.fromOpaque(raw).takeUnretainedValue()
                    return transport.access(state: state, connection: connection, method: method,
                                            uploadData: uploadData, uploadSize: uploadSize)
                },
                { cls, _, requestContext, _ in
                    guard let requestContext, let raw = requestContext.pointee else { return }
                    if let cls {
                        let transport = Unmanaged<MHDTransport>.fromOpaque(cls).takeUnretainedValue()
                        let state = Unmanaged<ConnectionState>.fromOpaque(raw).takeUnretainedValue()
                        let id = ObjectIdentifier(state)
                        // A stream's connection may be gone after this: its pump never resumes it again.
                        state.pump?.close()
                        _ = transport.lock.withLock {
                            transport.flushing.remove(id)
                            transport.streams.removeValue(forKey: id)
                        }
                    }
                    Unmanaged<ConnectionState>.fromOpaque(raw).release()
                    requestContext.pointee = nil
                },
                { _, uri, _ in
                    let target = uri.map { String(cString: $0) } ?? ""
                    return Unmanaged.passRetained(ConnectionState(target: target)).toOpaque()
                },
                { _, _, text in
                    // Leave the target undecoded: RequestTarget decodes it and refuses NUL bytes.
                    guard let text else { return 0 }
                    return strlen(text)
                },
                cls,
                headTimeout)
        }
        guard let started else {
            reference.release()
            throw HTTPServerError(code: .bindFailed, host: configuration.host, port: configuration.port, errno: errno)
        }
        lock.withLock {
            daemon = started
            selfReference = reference
        }
        boundPort = Int(atelier_mhd_bound_port(started))
    }

    /// Stops accepting, waits (bounded) for async handlers, answers 503 to what is still parked,
    /// resumes every suspended connection and only then stops the daemon.
    func stop(grace: Double) async {
        guard let daemon = lock.withLock({ () -> OpaquePointer? in
            guard !stopping else { return nil }
            stopping = true
            return self.daemon
        }) else { return }
        let listener = MHD_quiesce_daemon(daemon)
        if listener >= 0 { close(listener) }
        // Open streams end now (their pending bytes, then the last chunk): they would never finish
        // on their own, and a suspended connection must be resumed before MHD_stop_daemon.
        for pump in lock.withLock({ Array(streams.values) }) { pump.finish() }
        let deadline = Date().addingTimeInterval(grace)
        while dispatcher.pendingTasks > 0 && Date() < deadline {
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        let leftovers = lock.withLock { Array(parkedStates.values) }
        for state in leftovers {
            finish(state, with: dispatcher.shuttingDownResponse(method: state.method, target: state.target))
        }
        // Resumed connections flush their answers before the sockets close: wait for libmicrohttpd to
        // report each one completed (a fixed delay lost the 503 on a busy machine), within a bound.
        let flushDeadline = Date().addingTimeInterval(5)
        while Date() < flushDeadline && lock.withLock({ !flushing.isEmpty || !parkedStates.isEmpty || !streams.isEmpty }) {
            try? await Task.sleep(nanoseconds: 5_000_000)
        }
        MHD_stop_daemon(daemon)
        dispatcher.accessLog.flush()
        lock.withLock {
            self.daemon = nil
            selfReference?.release()
            selfReference = nil
        }
    }

    // MARK: - Callbacks (libmicrohttpd worker threads)

    private func access(state: ConnectionState, connection: OpaquePointer, method: UnsafePointer<CChar>,
                        uploadData: UnsafePointer<CChar>?, uploadSize: UnsafeMutablePointer<Int>) -> MHD_Result {
        if !state.headersSeen {
            // First call: headers only. Never answer here (it would cost the keep-alive), except to
            // refuse a declared body that is too large before reading it.
            state.headersSeen = true
            state.method = String(cString: method)
            state.headers = collectHeaders(connection)
            state.clientAddress = clientAddress(connection)
            if headTimeout != 0 { atelier_mhd_head_complete(connection, UInt32(configuration.connectionTimeoutSeconds)) }
            if let refusal = RequestFraming.problem(in: state.headers) {
                return queue(dispatcher.refusedBeforeBody(refusal, method: state.method, target: state.target),
                             on: connection, state: state)
            }
            if let declared = state.headers["content-length"], let length = Int(declared),
               length > configuration.maxBodyBytes {
                return queue(dispatcher.refusedBeforeBody(RequestDispatcher.payloadTooLarge, method: state.method,
                                                          target: state.target),
                             on: connection, state: state)
            }
            return .YES
        }
        if uploadSize.pointee > 0 {
            let count = uploadSize.pointee
            if !state.bodyTooLarge, state.body.count + count <= configuration.maxBodyBytes, let uploadData {
                uploadData.withMemoryRebound(to: UInt8.self, capacity: count) { bytes in
                    state.body.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
                }
            } else {
                state.bodyTooLarge = true
                state.body = []
                state.discarded += count
                if state.discarded > discardLimit { return .NO }
            }
            uploadSize.pointee = 0
            return .YES
        }
        if let response = state.takeResponse() {
            return queue(response, on: connection, state: state)
        }
        if state.dispatched { return .YES }
        state.dispatched = true
        switch dispatcher.plan(method: state.method, target: state.target, headers: state.headers,
                               body: state.body, bodyTooLarge: state.bodyTooLarge, clientAddress: state.clientAddress) {
        case .respond(let response):
            return queue(response, on: connection, state: state)
        case .run(let start):
            // The connection is known to the state before anyone (a shutdown) can find it parked.
            state.park(connection)
            let accepted = lock.withLock { () -> Bool in
                guard daemon != nil else { return false }
                parkedStates[ObjectIdentifier(state)] = state
                return true
            }
            guard accepted else {
                return queue(dispatcher.shuttingDownResponse(method: state.method, target: state.target),
                             on: connection, state: state)
            }
            MHD_suspend_connection(connection)
            dispatcher.metrics.suspendedChanged(by: 1)
            start { [self] response in finish(state, with: response) }
            return .YES
        }
    }

    /// Hands a response to a parked connection and resumes it; the first caller wins, so a handler
    /// finishing during shutdown and the shutdown's 503 never resume twice.
    private func finish(_ state: ConnectionState, with response: Response) {
        guard let connection = state.deliver(response) else { return }
        lock.withLock {
            parkedStates[ObjectIdentifier(state)] = nil
            if daemon != nil {
                flushing.insert(ObjectIdentifier(state))
                MHD_resume_connection(connection)
            }
        }
        dispatcher.metrics.suspendedChanged(by: -1)
    }

    private func queue(_ response: Response, on connection: OpaquePointer, state: ConnectionState) -> MHD_Result {
        let mhdResponse: OpaquePointer?
        switch response.body {
        case .bytes(let bytes):
            mhdResponse = bytes.withUnsafeBytes { buffer in
                MHD_create_response_from_buffer(buffer.count, UnsafeMutableRawPointer(mutating: buffer.baseAddress),
                                                .RESPMEM_MUST_COPY)
            }
        case .shared(let buffer):
            // The buffer outlives the send: the request holds it until libmicrohttpd reports completion.
            state.retained = buffer
            // Static files and cached step bodies: the same bytes with the same headers every time, so
            // the response libmicrohttpd built last time is queued again (it counts its references).
            if let cached = buffer.nativeResponse.native(status: response.status, headers: response.headers)
                as? NativeResponse {
                return MHD_queue_response(connection, UInt32(response.status), cached.pointer)
            }
            guard let created = MHD_create_response_from_buffer(
                buffer.count, UnsafeMutableRawPointer(mutating: buffer.baseAddress), .RESPMEM_PERSISTENT) else { return .NO }
            addHeaders(response.headers, to: created)
            let native = NativeResponse(created)
            buffer.nativeResponse.store(status: response.status, headers: response.headers, native: native)
            return MHD_queue_response(connection, UInt32(response.status), native.pointer)
        case .stream(let stream):
            return queueStream(stream, response: response, on: connection, state: state)
        }
        guard let mhdResponse else { return .NO }
        defer { MHD_destroy_response(mhdResponse) }
        addHeaders(response.headers, to: mhdResponse)
        return MHD_queue_response(connection, UInt32(response.status), mhdResponse)
    }

    /// A callback response fed by a `StreamPump`: the content reader suspends the connection when
    /// nothing is pending (libmicrohttpd allows suspending from the reader), the producer resumes it.
    private func queueStream(_ stream: ResponseStream, response: Response, on connection: OpaquePointer,
                             state: ConnectionState) -> MHD_Result {
        let handle = ConnectionHandle(connection)
        let pump = StreamPump(suspend: { MHD_suspend_connection(handle.pointer) },
                              resume: { MHD_resume_connection(handle.pointer) })
        let accepted = lock.withLock { () -> Bool in
            guard !stopping else { return false }
            streams[ObjectIdentifier(state)] = pump
            return true
        }
        guard accepted else {
            return queue(dispatcher.shuttingDownResponse(method: state.method, target: state.target), on: connection, state: state)
        }
        state.pump = pump
        let context = Unmanaged.passRetained(pump).toOpaque()
        guard let created = MHD_create_response_from_callback(UInt64.max, 4096, { cls, _, buffer, max in
            guard let cls, let buffer else { return -2 }
            return Unmanaged<StreamPump>.fromOpaque(cls).takeUnretainedValue().read(into: buffer, max: max)
        }, context, { cls in
            if let cls { Unmanaged<StreamPump>.fromOpaque(cls).release() }
        }) else {
            Unmanaged<StreamPump>.fromOpaque(context).release()
            return .NO
        }
        defer { MHD_destroy_response(created) }
        addHeaders(response.headers, to: created)
        let queued = MHD_queue_response(connection, UInt32(response.status), created)
        if queued == .YES { pump.start(stream) } else { pump.close() }
        return queued
    }

    private func addHeaders(_ headers: HTTPHeaders, to mhdResponse: OpaquePointer) {
        for (name, value) in headers {
            if MHD_add_response_header(mhdResponse, name, value) == .NO {
                logger.warning("header refused by libmicrohttpd", metadata: ["header": "\(name)"])
            }
        }
    }

    private func collectHeaders(_ connection: OpaquePointer) -> HTTPHeaders {
        let box = HeaderCollector()
        let context = Unmanaged.passUnretained(box).toOpaque()
        withExtendedLifetime(box) {
            _ = MHD_get_connection_values(connection, .HEADER_KIND, { cls, _, key, value in
                guard let cls, let key else { return .YES }
                let box = Unmanaged<HeaderCollector>.fromOpaque(cls).takeUnretainedValue()
                box.fields.append((String(cString: key), value.map { String(cString: $0) } ?? ""))
                return .YES
            }, context)
        }
        return HTTPHeaders(fields: box.fields)
    }

    private func clientAddress(_ connection: OpaquePointer) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            atelier_mhd_client_address(connection, buffer.baseAddress!, buffer.count)
            return String(cString: buffer.baseAddress!)
        }
    }

    private func withSocketAddress<T>(host: String, port: Int,
                                      _ body: (UnsafePointer<sockaddr>, Bool) -> T) throws(HTTPServerError) -> T {
        let name = host == "localhost" ? "127.0.0.1" : host
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, name, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = in_port_t(UInt16(port).bigEndian)
            return withUnsafePointer(to: &v4) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, false) } }
        }
        var v6 = sockaddr_in6()
        let bare = name.hasPrefix("[") && name.hasSuffix("]") ? String(name.dropFirst().dropLast()) : name
        if inet_pton(AF_INET6, bare, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = in_port_t(UInt16(port).bigEndian)
            return withUnsafePointer(to: &v6) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, true) } }
        }
        throw HTTPServerError(code: .invalidHost, host: host, port: port, errno: 0)
    }
}

/// Our reference to a libmicrohttpd response kept for reuse; connections it is queued on hold their own.
private final class NativeResponse: @unchecked Sendable {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { MHD_destroy_response(pointer) }
}

/// A libmicrohttpd connection handed to the closures of a stream's pump.
private struct ConnectionHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
}

/// Collects request headers from libmicrohttpd's iterator callback.
private final class HeaderCollector {
    var fields: [(name: String, value: String)]
    init() {
        fields = []
        fields.reserveCapacity(16)
    }
}
