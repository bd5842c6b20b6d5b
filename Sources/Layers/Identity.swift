import Serialization
import Tensors

/// Passes its input through unchanged (Keras's `Identity`): a placeholder in a network.
public final class Identity: Layer {
    public override init(name: String? = nil, inputShape: Shape? = nil) { super.init(name: name, inputShape: inputShape) }
}
