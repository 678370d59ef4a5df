/// Key order shared by the hand-written trainer JSON: `JSONEncoder`'s `.sortedKeys` order.
enum ClassProgressEncoding {
    /// The outline's steps paired with `values` (same order), sorted by step id as `.sortedKeys` sorts.
    static func sortedSteps<Value>(_ outline: LessonOutline, _ values: [Value]) -> [(OutlineStep, Value)] {
        zip(outline.steps, values).sorted { precedes($0.0.id, $1.0.id) }
    }

    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}
