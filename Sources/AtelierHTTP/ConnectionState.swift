import Foundation

/// One request's state between libmicrohttpd callbacks. The worker thread owns the request fields;
/// `deliver`/`takeResponse` cross threads (handler task → worker) under the lock.
final class ConnectionState: @unchecked Sendable {
    let target: String
    var headersSeen = false
    var method = ""
    /// The peer's IP address (text), read with the head.
    var clientAddress = ""
    var headers = HTTPHeaders()
    var body: [UInt8] = []
    var bodyTooLarge = false
    var discarded = 0
    var dispatched = false
    /// A shared buffer being sent without copy stays alive until libmicrohttpd is done with it.
    var retained: SharedBuffer?
    /// The pump of a streamed response, closed when libmicrohttpd reports the request finished.
    var pump: StreamPump?

    private let lock = NSLock()
    private var pending: Response?
    private var delivered = false
    /// The parked connection (an `MHD_Connection *`), set before suspension.
    private var connection: OpaquePointer?

    init(target: String) {
        self.target = target
    }

    func park(_ connection: OpaquePointer) {
        lock.withLock { self.connection = connection }
    }

    /// Stores the response once; returns the connection to resume, or `nil` if already delivered.
    func deliver(_ response: Response) -> OpaquePointer? {
        lock.withLock {
            guard !delivered else { return nil }
            delivered = true
            pending = response
            return connection
        }
    }

    func takeResponse() -> Response? {
        lock.withLock {
            defer { pending = nil }
            return pending
        }
    }
}
