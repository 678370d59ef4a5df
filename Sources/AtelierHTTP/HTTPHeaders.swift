/// Header fields in arrival order; names keep their case for the wire and are compared case-insensitively.
public struct HTTPHeaders: Sendable, Sequence {
    private var fields: [(name: String, value: String)]

    public init(_ fields: [(String, String)] = []) {
        self.fields = fields.map { (name: $0.0, value: $0.1) }
    }

    /// Takes the fields as they are (the transport's collector builds them in this shape).
    init(fields: [(name: String, value: String)]) {
        self.fields = fields
    }

    /// The first value of a field, `nil` when absent.
    public subscript(name: String) -> String? {
        fields.first(where: { HTTPHeaders.same($0.name, name) })?.value
    }

    /// Replaces every value of `name` by one value.
    public mutating func set(_ name: String, _ value: String) {
        fields.removeAll { HTTPHeaders.same($0.name, name) }
        fields.append((name: name, value: value))
    }

    public mutating func add(_ name: String, _ value: String) {
        fields.append((name: name, value: value))
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Adds each of `defaults` whose name is not already present (case-insensitively), in order, with
    /// one allocation at most: this runs for every response.
    mutating func addMissing(_ defaults: [(String, String)]) {
        guard defaults.count <= 64 else {
            for (name, value) in defaults where !contains(name) { add(name, value) }
            return
        }
        var absent: UInt64 = 0
        for (index, field) in defaults.enumerated() where !fields.contains(where: { HTTPHeaders.same($0.name, field.0) }) {
            absent |= 1 << UInt64(index)
        }
        guard absent != 0 else { return }
        fields.reserveCapacity(fields.count + absent.nonzeroBitCount)
        for (index, field) in defaults.enumerated() where absent & (1 << UInt64(index)) != 0 {
            fields.append((name: field.0, value: field.1))
        }
    }

    public var count: Int { fields.count }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }

    /// ASCII case-insensitive comparison: header names are ASCII tokens.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = a.utf8, y = b.utf8
        guard x.count == y.count else { return false }
        for (p, q) in zip(x, y) where p != q {
            let lp = (p >= 65 && p <= 90) ? p + 32 : p
            let lq = (q >= 65 && q <= 90) ? q + 32 : q
            if lp != lq { return false }
        }
        return true
    }
}
