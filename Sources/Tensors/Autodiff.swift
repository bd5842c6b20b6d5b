/// A recorded operation: its inputs, and the rule that turns the gradient of its output into one
/// gradient per input (`nil` for an input that needs none).
struct Node {
    let parents: [Tensor]
    let pullback: (Tensor) throws -> [Tensor?]
}

extension Tensor {
    /// Records that `self`, just computed from `parents`, has the given backward rule, if gradients are
    /// being recorded and any parent requires one. Returns the tensor to hand back to the caller.
    func recording(from parents: [Tensor], _ pullback: @escaping (Tensor) throws -> [Tensor?]) -> Tensor {
        guard GradientMode.isRecording, parents.contains(where: \.requiresGradient) else { return self }
        let output = Tensor(unchecked: scalars, shape: shape, requiresGradient: true)
        output.node = Node(parents: parents, pullback: pullback)
        return output
    }

    /// Back-propagates from this scalar: adds d(self)/d(leaf) to the `gradient` of every leaf that
    /// requires one. Gradients add up over several calls until cleared with ``zeroGradient()``.
    public func backward() throws {
        guard elementCount == 1 else {
            throw TensorError.invalidArgument(
                operation: "backward()",
                reason: "it starts from a scalar, but this tensor has shape \(shape); reduce it first, e.g. with mean()")
        }
        guard requiresGradient else {
            throw TensorError.invalidArgument(
                operation: "backward()",
                reason: "this tensor does not depend on any tensor that requires a gradient (was it computed without recording?)")
        }
        try backward(seed: Tensor(unchecked: [1], shape: shape))
    }

    /// Back-propagates an upstream gradient of this tensor's shape.
    public func backward(seed: Tensor) throws {
        guard seed.shape == shape else {
            throw TensorError.shapeMismatch(
                operation: "backward(seed:)", shapes: [shape, seed.shape],
                hint: "the seed gradient must have the tensor's shape")
        }
        try GradientMode.withoutRecording {
            var gradients: [ObjectIdentifier: Tensor] = [ObjectIdentifier(self): seed]
            for tensor in topologicalOrder().reversed() {
                guard let gradient = gradients.removeValue(forKey: ObjectIdentifier(tensor)) else { continue }
                guard let node = tensor.node else {
                    tensor.gradient = try tensor.gradient.map { try $0 + gradient } ?? gradient
                    continue
                }
                for (parent, parentGradient) in zip(node.parents, try node.pullback(gradient)) {
                    guard parent.requiresGradient, let parentGradient else { continue }
                    let key = ObjectIdentifier(parent)
                    gradients[key] = try gradients[key].map { try $0 + parentGradient } ?? parentGradient
                }
            }
        }
    }

    /// Clears the accumulated gradient.
    public func zeroGradient() { gradient = nil }

    /// Tensors that lead to `self`, each after all of its inputs (iterative, so deep graphs cannot
    /// overflow the stack).
    private func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var visited: Set<ObjectIdentifier> = []
        var stack: [(tensor: Tensor, expanded: Bool)] = [(self, false)]
        while let (tensor, expanded) = stack.popLast() {
            if expanded {
                order.append(tensor)
                continue
            }
            guard visited.insert(ObjectIdentifier(tensor)).inserted else { continue }
            stack.append((tensor, true))
            for parent in tensor.node?.parents ?? [] where parent.requiresGradient {
                if !visited.contains(ObjectIdentifier(parent)) { stack.append((parent, false)) }
            }
        }
        return order
    }
}
