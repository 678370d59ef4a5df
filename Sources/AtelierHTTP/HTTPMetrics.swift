import Foundation

/// Request counters, a latency histogram and the in-flight gauge, rendered in Prometheus text format.
/// One lock guards everything: the critical sections are a few additions, far below the cost of a request.
public final class HTTPMetrics: @unchecked Sendable {
    /// Upper bounds of the latency buckets, in seconds.
    public static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct Key: Hashable { let route: String; let method: String; let status: Int }
    private struct Histogram {
        var counts = [UInt64](repeating: 0, count: HTTPMetrics.buckets.count)
        var sum: Double = 0
        var count: UInt64 = 0

        mutating func record(_ seconds: Double) {
            for index in HTTPMetrics.buckets.indices where seconds <= HTTPMetrics.buckets[index] { counts[index] += 1 }
            sum += seconds
            count += 1
        }
    }

    private let lock = NSLock()
    private var requests: [Key: UInt64] = [:]
    private var latency: [String: Histogram] = [:]
    private var inFlight: Int = 0
    private var suspended: Int = 0
    private var extraGauges: [String: @Sendable () -> Double] = [:]

    public init() {}

    func begin() { lock.withLock { inFlight += 1 } }

    func end(route: String, method: HTTPMethod, status: Int, seconds: Double) {
        lock.withLock {
            inFlight -= 1
            requests[Key(route: route, method: method.metricsLabel, status: status), default: 0] += 1
            // Updated in place: a copy taken out of the dictionary and stored back copied the counts too.
            latency[route, default: Histogram()].record(seconds)
        }
    }

    func suspendedChanged(by delta: Int) { lock.withLock { suspended += delta } }

    /// Lets other parts (kubectl processes, learners) publish a gauge read at scrape time.
    public func registerGauge(_ name: String, _ read: @escaping @Sendable () -> Double) {
        lock.withLock { extraGauges[name] = read }
    }

    public var inFlightRequests: Int { lock.withLock { inFlight } }

    public func requestCount(route: String, status: Int) -> UInt64 {
        lock.withLock { requests.filter { $0.key.route == route && $0.key.status == status }.values.reduce(0, +) }
    }

    public func render() -> String {
        let (requests, latency, inFlight, suspended, gauges) = lock.withLock {
            (self.requests, self.latency, self.inFlight, self.suspended, self.extraGauges)
        }
        var out = "# HELP atelier_http_requests_total HTTP requests answered, by route pattern, method and status.\n"
        out += "# TYPE atelier_http_requests_total counter\n"
        for (key, value) in requests.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            out += "atelier_http_requests_total{route=\"\(HTTPMetrics.escape(key.route))\",method=\"\(HTTPMetrics.escape(key.method))\",status=\"\(key.status)\"} \(value)\n"
        }
        out += "# HELP atelier_http_request_duration_seconds Time from the complete request to the queued response.\n"
        out += "# TYPE atelier_http_request_duration_seconds histogram\n"
        for (route, histogram) in latency.sorted(by: { $0.key < $1.key }) {
            let label = HTTPMetrics.escape(route)
            for (index, bound) in HTTPMetrics.buckets.enumerated() {
                out += "atelier_http_request_duration_seconds_bucket{route=\"\(label)\",le=\"\(bound)\"} \(histogram.counts[index])\n"
            }
            out += "atelier_http_request_duration_seconds_bucket{route=\"\(label)\",le=\"+Inf\"} \(histogram.count)\n"
            out += "atelier_http_request_duration_seconds_sum{route=\"\(label)\"} \(histogram.sum)\n"
            out += "atelier_http_request_duration_seconds_count{route=\"\(label)\"} \(histogram.count)\n"
        }
        out += "# HELP atelier_http_requests_in_flight Requests being handled now.\n"
        out += "# TYPE atelier_http_requests_in_flight gauge\n"
        out += "atelier_http_requests_in_flight \(inFlight)\n"
        out += "# HELP atelier_http_connections_suspended Connections parked while an async handler runs.\n"
        out += "# TYPE atelier_http_connections_suspended gauge\n"
        out += "atelier_http_connections_suspended \(suspended)\n"
        for (name, read) in gauges.sorted(by: { $0.key < $1.key }) {
            out += "# TYPE \(name) gauge\n\(name) \(read())\n"
        }
        return out
    }

    /// A label value as the text exposition format wants it: backslash, double quote and line feed escaped.
    static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for character in value.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
