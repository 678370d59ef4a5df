/// One Server-Sent Event (`text/event-stream`, WHATWG HTML § 9.2) as it goes on the wire.
///
/// `data` may hold several lines: each becomes a `data:` field, as the format requires (a raw line
/// feed inside a field would end it). Compact JSON has none, so one JSON document is one `data:` line.
public struct ServerSentEvent: Sendable, Equatable {
    public var event: String?
    public var data: String

    public init(event: String? = nil, data: String) {
        self.event = event
        self.data = data
    }

    /// `event: NAME\ndata: …\n\n`; carriage returns and line feeds in the name are dropped.
    public var encoded: [UInt8] {
        var text = ""
        if let event {
            text += "event: " + event.filter { $0 != "\n" && $0 != "\r" } + "\n"
        }
        for line in data.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            text += "data: " + line + "\n"
        }
        text += "\n"
        return Array(text.utf8)
    }

    /// A comment line: ignored by clients, it keeps proxies and the server's own write path alive
    /// (a write is how a vanished client is noticed).
    public static func comment(_ text: String) -> [UInt8] {
        Array((": " + text.filter { $0 != "\n" && $0 != "\r" } + "\n\n").utf8)
    }
}
