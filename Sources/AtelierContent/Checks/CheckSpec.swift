/// One check of a step, as written in checks.json.
///
/// Checks are data so that trainers can adjust names, messages and hints without touching Swift;
/// `validate(step:)` turns each one into a typed plan at start-up so a typo stops the server
/// instead of failing a learner.
public struct CheckSpec: Decodable, Sendable, Hashable {
    /// Stable id within the step (`headless`), used in progress files.
    public let id: String
    /// Short French title shown next to the verdict.
    public let title: String
    /// One of `CheckKind`'s raw values.
    public let kind: String
    /// Kind-specific parameters (names, paths, expected values).
    package let params: [String: JSONValue]
    /// Overrides of the French message templates, keyed by outcome (`missing`, `notHeadless`…).
    public let messages: [String: String]?
    /// French hint shown only when the check failed.
    public let hint: String?
    /// Ids of earlier checks of the step this one depends on: when one of them fails, this check
    /// is `skipped` (« Non vérifié… ») instead of judged.
    public let requires: [String]

    private enum CodingKeys: String, CodingKey {
        case id, title, kind, params, messages, hint, requires
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        title = try container.decode(String.self, forKey: .title)
        kind = try container.decode(String.self, forKey: .kind)
        params = try container.decodeIfPresent([String: JSONValue].self, forKey: .params) ?? [:]
        messages = try container.decodeIfPresent([String: String].self, forKey: .messages)
        hint = try container.decodeIfPresent(String.self, forKey: .hint)
        requires = try container.decodeIfPresent([String].self, forKey: .requires) ?? []
    }

    package init(id: String, title: String, kind: String, params: [String: JSONValue] = [:], messages: [String: String]? = nil,
                 hint: String? = nil, requires: [String] = []) {
        self.requires = requires
        self.id = id
        self.title = title
        self.kind = kind
        self.params = params
        self.messages = messages
        self.hint = hint
    }
}
