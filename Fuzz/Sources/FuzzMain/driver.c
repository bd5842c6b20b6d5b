// The entry point of every fuzz target: SwiftPM links an executable's `<Target>_main`; this hands the
// arguments to libFuzzer's driver (libclang_rt.fuzzer_no_main), which calls LLVMFuzzerTestOneInput.
#include <stdint.h>
#include <stddef.h>
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int nk_fuzz_main(int argc, char **argv) { return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput); }
