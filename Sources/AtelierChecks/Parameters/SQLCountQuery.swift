import AtelierCluster
import AtelierContent

/// A `SELECT count(*)` run with psql inside a pod, whose answer must reach a minimum.
struct SQLCountQuery: Sendable, Hashable {
    var pod: String
    var container: String
    var user: String
    var database: String?
    var query: String
    var atLeast: Int

    /// `psql -U postgres [-d db] -tAc "<query>"`: tuples only, unaligned, so the count is the
    /// whole of stdout. No host: inside the container psql uses the local socket (trust auth).
    var command: [String] {
        var command = ["psql", "-U", user]
        if let database { command += ["-d", database] }
        return command + ["-tAc", query]
    }
}
