import Layers

extension Model {
    /// A subclass's layer-valued stored properties (a layer, an optional layer or an array of layers), in
    /// declaration order, each with Keras's attribute name: Swift's `mainOutput` is Python's `main_output`.
    ///
    /// The one use of reflection in NeuralKit, and a narrow one: a model finds its layers and weights by
    /// tracing its call, never by reflection; but Keras's `.keras` files name a subclass's weights by the
    /// attribute that holds each layer (`hidden1/vars/0`) and order its layers as the attributes were set,
    /// and a property's name is known only to `Mirror`. Saving, loading and the layer order use this.
    var layerAttributes: [(name: String, layers: [Layer], isList: Bool)] {
        var chain: [Mirror] = []
        var mirror: Mirror? = Mirror(reflecting: self)
        while let current = mirror, current.subjectType != Model.self, current.subjectType != Functional.self,
            current.subjectType != Sequential.self
        {
            chain.append(current)
            mirror = current.superclassMirror
        }
        var attributes: [(name: String, layers: [Layer], isList: Bool)] = []
        for current in chain.reversed() {
            for child in current.children {
                guard let label = child.label, !label.hasPrefix("$") else { continue }
                if let layer = child.value as? Layer {
                    attributes.append((snakeCaseName(label), [layer], false))
                } else if let list = child.value as? [Layer] {
                    attributes.append((snakeCaseName(label), list, true))
                }
            }
        }
        return attributes
    }
}
