import Foundation
import Serialization
import TestSupport
import Testing
import Training

/// Keras 3's `keras/src/optimizers/schedules/learning_rate_schedule_test.py`, ported with its inputs,
/// expected values and tolerances (Keras's `assertAllClose(x, y, 1e-6)` is atol 1e-6, rtol 1e-6).
/// The expected values are Keras's own formulas (`np_cosine_decay`, …), written here in Double.
///
/// (`TestFitLRSchedulesFlow.test_fit_lr_correctness` needs a Model and `fit`: it is ported in
/// `Tests/ModelsTests/KerasPorts/OptimizerTests+KerasFit.swift`.)
///
/// Not ported:
/// - `CosineDecayTest.test_float64`, `CosineDecayRestartsTest.test_float64`: a float64 initial rate;
///   NeuralKit's rates are Float (float32), whose `test_decay` twins are ported.
@Suite("Keras port: learning_rate_schedule_test.py") struct KerasPortLearningRateScheduleTest {
    func expectValue(_ schedule: LearningRateSchedule, at step: Int, _ expected: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        expectAllClose([schedule.value(at: step)], [Float(expected)], atol: 1e-6, rtol: 1e-6, "step \(step)", sourceLocation: sourceLocation)
    }

    /// `run_class_serialization_test` of a schedule made with Keras's `name=`: the config read back is the
    /// same schedule under that name, and gives the same config again.
    func expectConfigRoundTrip(_ schedule: LearningRateSchedule, name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let named = LearningRateSchedule.named(name, schedule)
        #expect(try named.kerasConfig()["name"] == .string(name), sourceLocation: sourceLocation)
        let json = KerasObject(module: named.kerasModule, className: named.kerasClassName, config: try named.kerasConfig()).json
        let rebuilt = try LearningRate(keras: json, default: 0)
        #expect(rebuilt == .schedule(named), sourceLocation: sourceLocation)
        if case let .schedule(back) = rebuilt { #expect(try back.kerasConfig() == named.kerasConfig(), sourceLocation: sourceLocation) }
        for step in [0, 1, 5, 50] { #expect(named.value(at: step) == schedule.value(at: step), sourceLocation: sourceLocation) }
        // Without a name of its own, the schedule reads back as itself.
        let plain = KerasObject(module: schedule.kerasModule, className: schedule.kerasClassName, config: try schedule.kerasConfig()).json
        #expect(try LearningRate(keras: plain, default: 0) == .schedule(schedule), sourceLocation: sourceLocation)
    }

    // MARK: ExponentialDecayTest

    @Test func exponentialDecayConfig() throws {
        try expectConfigRoundTrip(.exponentialDecay(initial: 0.05, decaySteps: 10, decayRate: 0.96, staircase: true), name: "my_ed")
    }

    @Test func exponentialDecayContinuous() {
        expectValue(.exponentialDecay(initial: 0.05, decaySteps: 10, decayRate: 0.96), at: 5, 0.05 * pow(0.96, 5.0 / 10.0))
    }

    /// `test_staircase` and `test_variables` (the same steps and values).
    @Test func exponentialDecayStaircase() {
        let schedule = LearningRateSchedule.exponentialDecay(initial: 0.1, decaySteps: 3, decayRate: 0.96, staircase: true)
        expectValue(schedule, at: 1, 0.1)
        expectValue(schedule, at: 2, 0.1)
        expectValue(schedule, at: 100, 0.1 * pow(0.96, Double(100 / 3)))
    }

    // MARK: PiecewiseConstantDecayTest

    @Test func piecewiseConstantConfig() throws {
        try expectConfigRoundTrip(.piecewiseConstant(boundaries: [10, 20], values: [1, 2, 3]), name: "my_pcd")
    }

    @Test func piecewiseValues() {
        let schedule = LearningRateSchedule.piecewiseConstant(boundaries: [100, 110, 120], values: [1.0, 0.1, 0.01, 0.001])
        for (step, expected) in [(-999, 1.0), (100, 1.0), (105, 0.1), (110, 0.1), (120, 0.01), (999, 0.001)] { expectValue(schedule, at: step, expected) }
    }

    @Test func piecewiseBoundaryValues() {
        let schedule = LearningRateSchedule.piecewiseConstant(boundaries: [1, 2, 3], values: [0.4, 0.5, 0.6, 0.7])
        for (step, expected) in [(0, 0.4), (1, 0.4), (2, 0.5), (3, 0.6), (4, 0.7)] { expectValue(schedule, at: step, expected) }
    }

    // MARK: LinearDecayTest and SqrtDecayTest (PolynomialDecay)

    @Test func polynomialDecayConfig() throws {
        try expectConfigRoundTrip(.polynomialDecay(initial: 0.1, decaySteps: 100, end: 0.005, power: 1, cycle: false), name: "my_ld")
    }

    @Test(arguments: [1.0, 0.5]) func polynomialDecay(power: Double) {
        let lr = 0.05, p = Float(power)
        expectValue(.polynomialDecay(initial: 0.05, decaySteps: 10, end: 0, power: p), at: 5, lr * pow(0.5, power))
        expectValue(.polynomialDecay(initial: 0.05, decaySteps: 10, end: 0.001, power: p), at: 10, 0.001)
        expectValue(.polynomialDecay(initial: 0.05, decaySteps: 10, end: 0.001, power: p), at: 5, (lr - 0.001) * pow(0.5, power) + 0.001)
        expectValue(.polynomialDecay(initial: 0.05, decaySteps: 10, end: 0.001, power: p), at: 15, 0.001)
        expectValue(.polynomialDecay(initial: 0.05, decaySteps: 10, end: 0.001, power: p, cycle: true), at: 15, (lr - 0.001) * pow(0.25, power) + 0.001)
    }

    @Test func polynomialDecayBeginWithCycle() { expectValue(.polynomialDecay(initial: 0.001, decaySteps: 10, cycle: true), at: 0, 0.001) }

    // MARK: InverseTimeDecayTest

    @Test func inverseTimeDecayConfig() throws {
        try expectConfigRoundTrip(.inverseTimeDecay(initial: 0.05, decaySteps: 10, decayRate: 0.96, staircase: true), name: "my_itd")
    }

    @Test func inverseTimeDecay() {
        let continuous = LearningRateSchedule.inverseTimeDecay(initial: 0.1, decaySteps: 10, decayRate: 0.96)
        let staircase = LearningRateSchedule.inverseTimeDecay(initial: 0.1, decaySteps: 10, decayRate: 0.96, staircase: true)
        for i in 0...10 {
            expectValue(continuous, at: i, 0.1 / (1 + Double(i) / 10 * 0.96))
            expectValue(staircase, at: i, 0.1 / (1 + 0.96 * Double(i / 10)))
        }
    }

    // MARK: CosineDecayTest

    static func cosineDecay(_ step: Double, _ decaySteps: Double, alpha: Double = 0) -> Double {
        let decay = 0.5 * (1 + cos(Double.pi * min(step, decaySteps) / decaySteps))
        return (1 - alpha) * decay + alpha
    }

    @Test func cosineDecayConfig() throws {
        try expectConfigRoundTrip(.cosineDecay(initial: 0.05, decaySteps: 10, alpha: 0.1, warmupTarget: 0.2, warmupSteps: 2), name: "my_cd")
    }

    /// `test_decay` and `test_alpha`.
    @Test(arguments: [0.0, 0.1]) func cosineDecay(alpha: Double) {
        for step in stride(from: 0, to: 1500, by: 250) {
            expectValue(.cosineDecay(initial: 1, decaySteps: 1000, alpha: Float(alpha)), at: step, Self.cosineDecay(Double(step), 1000, alpha: alpha))
        }
    }

    /// `test_warmup` and `test_warmup_decay` (Keras's default tolerance, 1e-6).
    @Test func cosineDecayWarmup() {
        for step in stride(from: 0, to: 1500, by: 250) {
            expectValue(.cosineDecay(initial: 0, decaySteps: 10, warmupTarget: 10, warmupSteps: 1500), at: step, Double(step) / 1500 * 10)
        }
        for step in stride(from: 0, to: 3000, by: 250) {
            let expected = step < 2001 ? Double(step) / 2000 * 10 : 10 * Self.cosineDecay(Double(step - 2000), 1000)
            expectValue(.cosineDecay(initial: 0, decaySteps: 1000, warmupTarget: 10, warmupSteps: 2000), at: step, expected)
        }
    }

    // MARK: CosineDecayRestartsTest

    static func cosineDecayRestarts(_ step: Double, _ decaySteps: Double, tMul: Double = 2, mMul: Double = 1, alpha: Double = 0) -> Double {
        var (step, decaySteps, factor) = (step, decaySteps, 1.0)
        while step >= decaySteps {
            step -= decaySteps
            decaySteps *= tMul
            factor *= mMul
        }
        return (1 - alpha) * factor * 0.5 * (1 + cos(Double.pi * step / decaySteps)) + alpha
    }

    @Test func cosineDecayRestartsConfig() throws {
        try expectConfigRoundTrip(.cosineDecayRestarts(initial: 0.05, firstDecaySteps: 10, tMul: 3, mMul: 4, alpha: 0.1), name: "my_cdr")
    }

    /// `test_decay`, `test_alpha`, `test_mmul` and `test_tmul`.
    @Test(arguments: [(2.0, 1.0, 0.0), (2.0, 1.0, 0.1), (2.0, 0.9, 0.0), (1.0, 1.0, 0.0)])
    func cosineDecayRestarts(tMul: Double, mMul: Double, alpha: Double) {
        let schedule = LearningRateSchedule.cosineDecayRestarts(initial: 1, firstDecaySteps: 1000, tMul: Float(tMul), mMul: Float(mMul), alpha: Float(alpha))
        for step in stride(from: 0, to: 1500, by: 250) {
            expectValue(schedule, at: step, Self.cosineDecayRestarts(Double(step), 1000, tMul: tMul, mMul: mMul, alpha: alpha))
        }
    }
}
