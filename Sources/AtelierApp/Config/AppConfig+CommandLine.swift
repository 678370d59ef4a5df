extension AppConfig {
    /// `--host` and `--port` win over the file and the environment.
    public mutating func applyCommandLine(host: String?, port: Int?) throws(ConfigError) {
        if let host { self.host = try AppConfig.validHost(host, key: "--host") }
        if let port {
            guard (0...65535).contains(port) else {
                throw ConfigError(.invalidValue, key: "--port", "must be between 0 and 65535, found \(port)")
            }
            self.port = port
        }
    }
}
