import Tensors

/// The parameters an optimizer leaves out of weight decay: chosen ones, and any whose name a pattern finds.
struct WeightDecayExclusions {
    var parameters: Set<ObjectIdentifier> = []
    var names: [String] = []
    var pattern: Regex<AnyRegexOutput>?

    func excludes(_ parameter: Parameter) -> Bool {
        if parameters.contains(ObjectIdentifier(parameter)) { return true }
        guard let pattern else { return false }
        return parameter.name.contains(pattern)
    }
}

extension Optimizer {
    /// Keras's `exclude_from_weight_decay(var_list, var_names)`: no decoupled weight decay for these
    /// parameters, nor for any whose name matches one of `names` (regular expressions searched in the name,
    /// as Keras does: `["bias"]` leaves every bias out). Like Keras, only before the first update.
    public func excludeFromWeightDecay(_ parameters: [Parameter] = [], names: [String] = []) throws {
        guard self.parameters.isEmpty && iterations == 0 else {
            throw TrainingError.invalidArgument(
                "\(name): excludeFromWeightDecay can only be configured before the optimizer's first update")
        }
        var exclusions = WeightDecayExclusions(parameters: Set(parameters.map(ObjectIdentifier.init)), names: names)
        if !names.isEmpty {
            do {
                exclusions.pattern = try Regex(names.joined(separator: "|"))
            } catch {
                throw TrainingError.invalidArgument("\(name): excludeFromWeightDecay(names:) got \(names), which is not a valid regular expression")
            }
        }
        decayExclusions = exclusions
    }

    /// Whether weight decay applies to `parameter`.
    func usesWeightDecay(_ parameter: Parameter) -> Bool { weightDecay != nil && !decayExclusions.excludes(parameter) }
}
