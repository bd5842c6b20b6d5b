import CKernels

/// The products of a Dense layer whose inputs are mostly zeros (half of a Fashion-MNIST image is black), which
/// visit only the nonzero inputs: what the planned training step runs for its first layer when a batch is at
/// least ``minimumZeroFraction`` zeros, on a processor with AVX-512 or with AVX2 and FMA. Each output and each
/// kernel-gradient entry sums its terms in order with one rounding each (a skipped zero would have added an exact
/// zero), so where the work is cut between threads, and which instruction set runs, changes no value.
public enum SparseInput {
    /// The instruction sets the kernels are written for: AVX-512 (`Sources/CKernels/avx512_train.c`, 32 registers
    /// of 16 floats) and AVX2 with FMA (`avx2_train.c`, 16 registers of 8 floats, for processors such as AMD's Zen 2).
    /// Both give the same values, bit for bit.
    public enum InstructionSet: String, Sendable, CaseIterable {
        case avx512, avx2

        /// Whether this processor has the instructions.
        public var isAvailable: Bool {
            switch self {
            case .avx512: BLAS.hasAVX512
            case .avx2: BLAS.rowKernelHasAVX2
            }
        }

        /// Whether the kernels beat BLAS's dense products for batches of `rows` rows through `units` outputs (on
        /// Fashion-MNIST, half zeros), on a processor that has the instructions. The AVX2 kernels hold 12 sums of 8
        /// floats where the AVX-512 ones hold 20 of 16, and measured (on a Zen 4 core, against OpenBLAS's AVX2 Zen
        /// kernels; README, Speed, "AVX2") 0.8–0.9× BLAS's time for batches of 32 and 128 rows through 300 and 1,000
        /// units (level at 100), but level or slower for batches of 1,024 rows and layers of 3,000 units: AVX2 is used
        /// only up to 128 rows and 1,000 units.
        public func pays(rows: Int, units: Int) -> Bool {
            switch self {
            case .avx512: isAvailable
            case .avx2: isAvailable && rows <= 128 && units <= 1000
            }
        }
    }

    /// The instruction set the kernels use unless told otherwise: AVX-512 when the processor has it (faster: 20 sums
    /// of 16 floats in registers against 12 of 8), else AVX2 with FMA; nil when it has neither.
    public static let preferred: InstructionSet? = InstructionSet.allCases.first(where: \.isAvailable)

    /// Whether the processor has the instructions of one of the kernels' versions.
    public static var isAvailable: Bool { preferred != nil }

    /// The share of zeros from which the kernels are used. Measured on a Zen 4 core: on Fashion-MNIST, whose zeros
    /// lie in regions (the background), the forward product and the kernel gradient take 0.65–0.77 of OpenBLAS's
    /// time at batch 32 to 1,024 and widths 100 to 1,000 (the forward product 0.88–1.01 at width 3,000); with
    /// zeros scattered at random they only tie it, since they skip an input only where a whole group of 4 is zero.
    public static let minimumZeroFraction = 0.3

    /// The nonzero values (NaN counts as nonzero) of `rows` rows of `inputs` values at `x`: per row into
    /// `rowCounts`, per input into `inputCounts`; returns their total. Like the other kernels, it runs only with an
    /// `instructionSet` the processor has (``InstructionSet/isAvailable``).
    public static func countNonzeros(
        _ x: UnsafePointer<Float>, rows: Int, inputs: Int, rowCounts: UnsafeMutablePointer<Int32>, inputCounts: UnsafeMutablePointer<Int32>,
        using instructionSet: InstructionSet
    ) -> Int {
        switch instructionSet {
        case .avx512: nk_nonzero_counts_avx512(x, rows, inputs, rowCounts, inputCounts)
        case .avx2: nk_nonzero_counts_avx2(x, rows, inputs, rowCounts, inputCounts)
        }
    }

    /// Whether `nonzero` values of `count` leave at least ``minimumZeroFraction`` zeros.
    public static func isSparse(nonzero: Int, of count: Int) -> Bool {
        count > 0 && Double(count - nonzero) >= minimumZeroFraction * Double(count)
    }

    /// Where to cut `count` items, at a multiple of `multiple`, so that both sides hold as nearly half of the
    /// work as such a cut can, item `i` costing `weights[i] · scale + offset`: two threads then share the nonzero
    /// values (and what each row costs beyond them), not just the rows or inputs.
    public static func balancedCut(_ weights: UnsafePointer<Int32>, count: Int, multiple: Int, scale: Int = 1, offset: Int = 0) -> Int {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 3) { cuts in
            guard let cuts = cuts.baseAddress else { return count }
            balancedCuts(weights, count: count, multiple: multiple, scale: scale, offset: offset, parts: 2, into: cuts)
            return cuts[1]
        }
    }

    /// The bounds of `parts` blocks of `count` items (`cuts[0]` 0, `cuts[parts]` `count`, in order), each inner cut
    /// at a multiple of `multiple` where the work before it is nearest its share (item `i` costing
    /// `weights[i] · scale + offset`).
    public static func balancedCuts(
        _ weights: UnsafePointer<Int32>, count: Int, multiple: Int, scale: Int = 1, offset: Int = 0, parts: Int, into cuts: UnsafeMutablePointer<Int>
    ) {
        var total = 0
        for index in 0..<count { total += Int(weights[index]) }
        total = total * scale + count * offset
        cuts[0] = 0
        cuts[parts] = count
        for share in stride(from: 1, to: parts, by: 1) {
            // The work before each cut at a multiple of `multiple` (no division per item: this runs every step).
            var best = count, bestGap = Int.max, running = 0, cut = 0
            while cut + multiple < count {
                var block = 0
                for index in cut..<(cut + multiple) { block += Int(weights[index]) }
                running += block * scale + multiple * offset
                cut += multiple
                guard cut >= cuts[share - 1] else { continue }
                let gap = abs(parts * running - share * total)
                if gap < bestGap { (best, bestGap) = (cut, gap) }
            }
            cuts[share] = best
        }
    }

    /// The floats of work space ``forward(_:rows:inputs:kernel:units:bias:relu:into:scratch:using:)`` needs (either
    /// instruction set).
    public static func forwardScratchCount(rows: Int, inputs: Int) -> Int { (nk_dense_rows_scratch_bytes(rows, inputs) + 3) / 4 }

    /// The floats of work space ``addKernelGradient(_:rows:inputs:kernelRows:delta:units:alpha:into:scratch:using:)``
    /// needs for `inputs` kernel rows (either instruction set).
    public static func gradientScratchCount(rows: Int, inputs: Int) -> Int { (nk_sparse_gradient_scratch_bytes(rows, inputs) + 3) / 4 }

    /// `y = x · kernel + bias` (`max(0, ·)` when `relu`) for `rows` rows, skipping the inputs that are zero in a
    /// group of rows. The rows of `x` lie `inputStride` floats apart (`inputs` when nil), of which the first `inputs`
    /// are used: a block of a wider layer's inputs, with `kernel` at the block's first kernel row. `scratch` holds at
    /// least ``forwardScratchCount(rows:inputs:)`` floats.
    public static func forward(
        _ x: UnsafePointer<Float>, rows: Int, inputs: Int, inputStride: Int? = nil, kernel: UnsafePointer<Float>, units: Int,
        bias: UnsafePointer<Float>?, relu: Bool, into y: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>,
        using instructionSet: InstructionSet
    ) {
        let stride = inputStride ?? inputs
        switch instructionSet {
        case .avx512: nk_dense_rows_avx512_into(x, rows, inputs, stride, kernel, units, bias, relu ? 1 : 0, y, scratch)
        case .avx2: nk_dense_rows_avx2_into(x, rows, inputs, stride, kernel, units, bias, relu ? 1 : 0, y, scratch)
        }
    }

    /// `out[i] += alpha · Σ_s x[s][i] · delta[s]` for the kernel rows `kernelRows`: a kernel's gradient (into a zeroed
    /// buffer, alpha 1) or plain SGD's update (alpha −η), visiting each sample's nonzero inputs only. `scratch`
    /// holds at least ``gradientScratchCount(rows:inputs:)`` floats for `kernelRows.count` inputs.
    public static func addKernelGradient(
        _ x: UnsafePointer<Float>, rows: Int, inputs: Int, kernelRows: Range<Int>, delta: UnsafePointer<Float>, units: Int, alpha: Float,
        into out: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>, using instructionSet: InstructionSet
    ) {
        let (first, end) = (kernelRows.lowerBound, kernelRows.upperBound)
        switch instructionSet {
        case .avx512: nk_sparse_kernel_gradient_avx512(x, rows, inputs, first, end, delta, units, alpha, out, scratch)
        case .avx2: nk_sparse_kernel_gradient_avx2(x, rows, inputs, first, end, delta, units, alpha, out, scratch)
        }
    }
}
