// Softmax and log-softmax, composed from primitives so that their gradients need no rule of their own.

extension Tensor {
    /// `x - logsumexp(x)` along `axis`: log-probabilities that stay finite for any finite logits.
    public func logSoftmax(alongAxis axis: Int = -1) throws -> Tensor {
        try self - logSumExp(alongAxes: [axis], keepingDimensions: true)
    }

    /// `exp(x) / sum(exp(x))` along `axis`, computed as `exp(logSoftmax(x))` so that it cannot overflow.
    public func softmax(alongAxis axis: Int = -1) throws -> Tensor {
        try logSoftmax(alongAxis: axis).exp()
    }
}
