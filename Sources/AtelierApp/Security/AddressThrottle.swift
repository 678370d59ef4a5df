import Foundation

/// A token bucket per client address: `burst` events at once, then `perMinute` more each minute.
///
/// A classroom shares one NAT address, so the numbers bound what one address can do in total (the
/// README says why the defaults never bother a class of 200); they are not a per-person quota.
/// Memory is bounded: buckets that have refilled are forgotten, and at most `maximumAddresses` are kept.
final class AddressThrottle: @unchecked Sendable {
    struct Limit: Sendable, Equatable {
        var burst: Int
        var perMinute: Int
    }

    /// What `take` decided.
    enum Decision: Equatable {
        case allowed
        /// Refused; retry after this many whole seconds (`Retry-After`).
        case refused(retryAfter: Int)
    }

    static let maximumAddresses = 50_000

    let limit: Limit
    private let lock = NSLock()
    private var buckets: [String: Bucket] = [:]
    private let clock: @Sendable () -> Double

    private struct Bucket {
        var tokens: Double
        var updated: Double
        /// Events taken or refused since the bucket was last full (for log lines).
        var count: Int
    }

    init(_ limit: Limit, clock: @escaping @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }) {
        self.limit = limit
        self.clock = clock
    }

    private var ratePerSecond: Double { Double(limit.perMinute) / 60 }

    /// Refused without taking anything when the address has no token left (checked before the work).
    func check(_ address: String) -> Decision {
        lock.withLock {
            let now = clock()
            guard var bucket = buckets[address] else { return .allowed }
            refill(&bucket, now: now)
            buckets[address] = bucket
            return bucket.tokens >= 1 ? .allowed : .refused(retryAfter: retryAfter(bucket))
        }
    }

    /// Takes one token; returns the decision and how many events the address had since its bucket was full.
    @discardableResult
    func take(_ address: String) -> (decision: Decision, count: Int) {
        lock.withLock {
            let now = clock()
            var bucket = buckets[address] ?? Bucket(tokens: Double(limit.burst), updated: now, count: 0)
            refill(&bucket, now: now)
            bucket.count += 1
            let decision: Decision
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                decision = .allowed
            } else {
                decision = .refused(retryAfter: retryAfter(bucket))
            }
            if buckets[address] == nil, buckets.count >= Self.maximumAddresses { forgetFull(now: now) }
            buckets[address] = bucket
            return (decision, bucket.count)
        }
    }

    private func refill(_ bucket: inout Bucket, now: Double) {
        let elapsed = max(0, now - bucket.updated)
        bucket.tokens = min(Double(limit.burst), bucket.tokens + elapsed * ratePerSecond)
        bucket.updated = now
        if bucket.tokens >= Double(limit.burst) { bucket.count = 0 }
    }

    private func retryAfter(_ bucket: Bucket) -> Int {
        guard ratePerSecond > 0 else { return 3600 }
        return max(1, Int(((1 - bucket.tokens) / ratePerSecond).rounded(.up)))
    }

    /// Drops buckets that are full again (they mean nothing); if none, the oldest half.
    private func forgetFull(now: Double) {
        for (address, var bucket) in buckets {
            refill(&bucket, now: now)
            if bucket.tokens >= Double(limit.burst) { buckets[address] = nil }
        }
        if buckets.count >= Self.maximumAddresses {
            let oldest = buckets.sorted { $0.value.updated < $1.value.updated }.prefix(buckets.count / 2)
            for (address, _) in oldest { buckets[address] = nil }
        }
    }
}
