/// Gives Keras's default names, unique within one model: `dense`, `dense_1`, `dense_2`, …
struct NameAllocator {
    private var taken: Set<String>
    /// Where the search for each base's next free suffix starts, so that naming n layers of one class
    /// takes linear time, not quadratic.
    private var nextSuffix: [String: Int] = [:]

    init(taken: some Sequence<String>) { self.taken = Set(taken) }

    /// `base` if free, else the first free `base_1`, `base_2`, … after the last one given; the name is
    /// then taken.
    mutating func unique(_ base: String) -> String {
        var candidate = base, index = nextSuffix[base, default: 1] - 1
        while taken.contains(candidate) {
            index += 1
            candidate = "\(base)_\(index)"
        }
        nextSuffix[base] = index + 1
        taken.insert(candidate)
        return candidate
    }

    /// Takes a name given explicitly, as it is.
    mutating func take(_ name: String) { taken.insert(name) }

    /// Frees a name (a layer left the model).
    mutating func release(_ name: String) { taken.remove(name) }

    func isTaken(_ name: String) -> Bool { taken.contains(name) }
}
