/// How a Unicode scalar counts in a learner name; the first three make the name refused.
enum NameScalarClass {
    case control
    case bidi
    case invisible
    /// Draws something (letters, digits, punctuation, symbols, emoji).
    case visible
    /// Allowed but draws nothing by itself: spaces, combining marks, joiners.
    case neutral
    /// Private-use, non-character or unassigned: no font draws it for everyone.
    case unrenderable
}
