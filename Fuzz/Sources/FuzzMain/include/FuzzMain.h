int nk_fuzz_main(int argc, char **argv);
