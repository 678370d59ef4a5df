/// A start-up failure that is not a config or content error (unusable folders).
public struct StartupError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case publicDirectory
        case dataDirectory
        case cluster
    }

    public var code: Code
    public var detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { detail }
}
