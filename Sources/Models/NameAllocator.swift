/// Gives Keras's default names, unique within one model: `dense`, `dense_1`, `dense_2`, …
struct NameAllocator {
    private var taken: Set<String>

    init(taken: some Sequence<String>) { self.taken = Set(taken) }

    /// `base` if free, else `base_1`, `base_2`, … whichever comes first; the name is then taken.
    mutating func unique(_ base: String) -> String {
        var candidate = base, index = 0
        while taken.contains(candidate) {
            index += 1
            candidate = "\(base)_\(index)"
        }
        taken.insert(candidate)
        return candidate
    }
}
