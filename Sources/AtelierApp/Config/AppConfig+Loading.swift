import AtelierCluster
import AtelierContent
import Foundation

extension AppConfig {
    /// Reads config.json; relative directories are resolved against the file's folder, so
    /// `atelier serve --config /etc/atelier/config.json` works from anywhere.
    /// Environment (`ATELIER_HOST`, `ATELIER_PORT`, `ATELIER_TRAINER_TOKEN`) overrides the file.
    public static func load(from file: URL, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigError) -> AppConfig {
        let data: Data
        do { data = try Data(contentsOf: file) } catch {
            throw ConfigError(.unreadable, key: file.path, "cannot read \(file.path) (\(error.localizedDescription))")
        }
        return try parse(data, baseDirectory: file.deletingLastPathComponent(), environment: environment)
    }

    public static func parse(_ data: Data, baseDirectory: URL, environment: [String: String] = [:])
        throws(ConfigError) -> AppConfig {
        let root: JSONValue
        do { root = try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            throw ConfigError(.invalidJSON, key: "", "config.json is not valid JSON (\(error.localizedDescription))")
        }
        guard case .object(let fields) = root else {
            throw ConfigError(.invalidJSON, key: "", "config.json must hold a JSON object")
        }
        var reader = ConfigReader(JSONObjectReader(fields))
        var config = AppConfig()
        if let host = try reader.string("host") { config.host = try validHost(host, key: "host") }
        if let port = try reader.integer("port", in: 0...65535) { config.port = port }
        if let threads = try reader.integer("threads", in: 1...256) { config.threads = threads }
        if let dir = try reader.string("contentDir") { config.contentDir = directory(dir, base: baseDirectory, key: "contentDir") }
        if let dir = try reader.string("publicDir") { config.publicDir = directory(dir, base: baseDirectory, key: "publicDir") }
        if let dir = try reader.string("dataDir") { config.dataDir = directory(dir, base: baseDirectory, key: "dataDir") }
        if let token = try reader.string("trainerToken") { config.trainerToken = try validToken(token, key: "trainerToken") }
        if let zone = try reader.string("timeZone") {
            // A known IANA name (Europe/Paris): abbreviations such as CET are ambiguous, and a path
            // (`../../etc/localtime`) must never reach the zoneinfo look-up.
            guard zone == "UTC" || (zone.contains("/") && TimeZone.knownTimeZoneIdentifiers.contains(zone)),
                  let timeZone = TimeZone(identifier: zone) else {
                throw ConfigError(.invalidValue, key: "timeZone", "must be an IANA time zone name such as \"Europe/Paris\" or \"UTC\", found \"\(zone.prefix(60))\"")
            }
            config.timeZone = timeZone
        }
        if let days = try reader.integer("retentionDays", in: 1...36_500) { config.retentionDays = days }
        if let bytes = try reader.integer("maxBodyBytes", in: 1024...(64 << 20)) { config.maxBodyBytes = bytes }
        if let seconds = try reader.integer("connectionTimeoutSeconds", in: 1...3600) { config.connectionTimeoutSeconds = seconds }
        if let seconds = try reader.integer("requestHeadTimeoutSeconds", in: 1...3600) { config.requestHeadTimeoutSeconds = seconds }
        if let count = try reader.integer("connectionLimit", in: 16...65536) { config.connectionLimit = count }
        if let count = try reader.integer("perAddressConnectionLimit", in: 1...65536) { config.perAddressConnectionLimit = count }
        if let seconds = try reader.number("shutdownGraceSeconds", in: 0...300) { config.shutdownGraceSeconds = seconds }
        if let level = try reader.string("logLevel") {
            guard logLevels.contains(level) else {
                throw ConfigError(.invalidValue, key: "logLevel", "must be one of \(logLevels.joined(separator: ", "))")
            }
            config.logLevel = level
        }
        if let access = try reader.string("metricsAccess") {
            guard ["public", "trainer"].contains(access) else {
                throw ConfigError(.invalidValue, key: "metricsAccess", "must be \"public\" or \"trainer\"")
            }
            config.metricsAccess = access
        }
        if var cluster = try reader.object("cluster") {
            // The cluster module reads and validates its own section: one set of rules and ranges.
            do throws(ClusterSettingsError) {
                config.cluster = try ClusterSettings(reading: &cluster.object)
                try config.cluster.validate()
            } catch {
                throw ConfigError(error)
            }
        }
        if var stuck = try reader.object("stuck") {
            if let count = try stuck.integer("failedAttemptsInARow", in: 1...1000) { config.stuck.failedAttemptsInARow = count }
            if let minutes = try stuck.integer("minutesOnStep", in: 1...1440) { config.stuck.minutesOnStep = minutes }
            try stuck.rejectUnknownKeys()
        }
        if var limits = try reader.object("rateLimits") {
            func read(_ key: String, _ value: inout Int) throws(ConfigError) {
                if let number = try limits.integer(key, in: 1...1_000_000) { value = number }
            }
            try read("failedLearnerAuthBurst", &config.rateLimits.failedLearnerAuthBurst)
            try read("failedLearnerAuthPerMinute", &config.rateLimits.failedLearnerAuthPerMinute)
            try read("failedTrainerAuthBurst", &config.rateLimits.failedTrainerAuthBurst)
            try read("failedTrainerAuthPerMinute", &config.rateLimits.failedTrainerAuthPerMinute)
            try read("registrationBurst", &config.rateLimits.registrationBurst)
            try read("registrationsPerMinute", &config.rateLimits.registrationsPerMinute)
            try read("failedResumeBurst", &config.rateLimits.failedResumeBurst)
            try read("failedResumePerMinute", &config.rateLimits.failedResumePerMinute)
            try limits.rejectUnknownKeys()
        }
        if var live = try reader.object("live") {
            if let seconds = try live.number("heartbeatSeconds", in: 1...20) { config.live.heartbeatSeconds = seconds }
            if let seconds = try live.number("refreshSeconds", in: 1...60) { config.live.refreshSeconds = seconds }
            if let count = try live.integer("streamsPerLearner", in: 1...64) { config.live.streamsPerLearner = count }
            if let seconds = try live.number("snapshotReuseSeconds", in: 0...10) { config.live.snapshotReuseSeconds = seconds }
            try live.rejectUnknownKeys()
        }
        try reader.rejectUnknownKeys()
        try config.applyEnvironment(environment)
        return config
    }

    /// Applies `ATELIER_HOST`, `ATELIER_PORT`, `ATELIER_TRAINER_TOKEN`, validated like the file.
    mutating func applyEnvironment(_ environment: [String: String]) throws(ConfigError) {
        if let host = environment["ATELIER_HOST"], !host.isEmpty { self.host = try AppConfig.validHost(host, key: "ATELIER_HOST") }
        if let port = environment["ATELIER_PORT"], !port.isEmpty {
            guard let value = Int(port), (0...65535).contains(value) else {
                throw ConfigError(.invalidValue, key: "ATELIER_PORT", "must be a port number between 0 and 65535, found \"\(port)\"")
            }
            self.port = value
        }
        if let token = environment["ATELIER_TRAINER_TOKEN"], !token.isEmpty {
            trainerToken = try AppConfig.validToken(token, key: "ATELIER_TRAINER_TOKEN")
        }
    }

    static func validHost(_ host: String, key: String) throws(ConfigError) -> String {
        let allowed = host == "localhost" || host.allSatisfy { $0.isHexDigit || $0 == "." || $0 == ":" || $0 == "[" || $0 == "]" }
        guard !host.isEmpty, allowed else {
            throw ConfigError(.invalidValue, key: key, "must be an IP address (e.g. 127.0.0.1, 0.0.0.0, ::1) or \"localhost\", found \"\(host)\"")
        }
        return host
    }

    static func validToken(_ token: String, key: String) throws(ConfigError) -> String {
        guard token.count >= 16, token.count <= 512, token.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != "\0" }) else {
            // The value itself is a secret: never echo it.
            throw ConfigError(.invalidValue, key: key, "must be 16 to 512 printable ASCII characters without spaces")
        }
        if let weakness = tokenWeakness(token) {
            // Why, never the token itself.
            throw ConfigError(.invalidValue, key: key, "is too weak: \(weakness) (generate one with `openssl rand -base64 24`)")
        }
        return token
    }

    /// Why a trainer token is too easy to guess, `nil` when it is not: at least 20 characters, two
    /// kinds (lower case, upper case, digits, symbols), 10 different characters, none making up more
    /// than a quarter of it. A random base64 token of 16 bytes or more always passes.
    static func tokenWeakness(_ token: String) -> String? {
        let characters = Array(token)
        guard characters.count >= 20 else { return "\(characters.count) characters, at least 20 are needed" }
        let kinds = [
            characters.contains { $0.isLowercase }, characters.contains { $0.isUppercase },
            characters.contains { $0.isNumber }, characters.contains { !$0.isLetter && !$0.isNumber },
        ].filter { $0 }.count
        guard kinds >= 2 else { return "only one kind of character (mix lower case, upper case, digits or symbols)" }
        let counts = Dictionary(characters.map { ($0, 1) }, uniquingKeysWith: +)
        guard counts.count >= 10 else { return "only \(counts.count) different characters, at least 10 are needed" }
        if let most = counts.values.max(), most * 4 > characters.count {
            return "one character makes up more than a quarter of it"
        }
        return nil
    }

    private static func directory(_ path: String, base: URL, key: String) -> URL {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path, isDirectory: true)
            : base.appendingPathComponent(path, isDirectory: true)
        return url.standardizedFileURL
    }
}
