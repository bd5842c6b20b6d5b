import ArgumentParser

/// `--idx-images`/`--idx-labels`: train the chapter's classifier on uncompressed IDX files read in
/// place, a batch at a time; under `mpirun` each rank reads only its rows of each global batch.
/// `--validation-csv`: validate a `--csv` training read in place (under `mpirun`, each rank its part).
struct StreamOptions: ParsableArguments {
    @Option(help: "Train the chapter's image classifier on this uncompressed IDX image file, read in place (each MPI rank reads only its rows).")
    var idxImages: String?

    @Option(help: "With --idx-images: the IDX label file (one byte per image).")
    var idxLabels: String?

    @Option(help: "With --idx-images: the number of classes.")
    var classes: Int = 10

    @Option(help: "With --csv: validate on this CSV file (same columns) after each epoch; both are read in place, each MPI rank only its part.")
    var validationCsv: String?

    func validate() throws {
        if idxImages != nil && idxLabels == nil { throw ValidationError("--idx-images needs --idx-labels (the labels to train on)") }
        if idxImages == nil && idxLabels != nil { throw ValidationError("--idx-labels goes with --idx-images") }
        if classes < 2 { throw ValidationError("--classes must be at least 2, not \(classes)") }
    }
}
