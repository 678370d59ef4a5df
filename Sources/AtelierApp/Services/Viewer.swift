/// Who is asking for a lesson page: a known learner or an anonymous visitor, and the namespace their
/// commands must carry.
public struct Viewer: Sendable {
    public var learnerID: String?
    public var namespace: String
}
