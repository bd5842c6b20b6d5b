// Temporary files removed when the process is interrupted (SIGINT, SIGTERM, SIGHUP), so that an
// interrupted save leaves nothing behind. The handler is async-signal-safe: it only unlinks the
// registered paths, then re-raises the signal with its default action.
#ifndef CCLEANUP_H
#define CCLEANUP_H

// Registers a path to remove on a signal; returns a slot for nk_cleanup_unregister, or -1 if all
// slots are taken or the path is too long (the file is then still removed by the writer on errors).
int nk_cleanup_register(const char *path);
void nk_cleanup_unregister(int slot);

// Crash containment for a C library that reads untrusted files (libhdf5): between begin and end, a
// SIGSEGV, SIGBUS, SIGFPE or SIGILL prints `message` to standard error and ends the process with status
// 70, instead of a bare "Segmentation fault". Set NEURALKIT_NO_CRASH_GUARD to leave crashes to a
// sanitizer (the fuzzers do).
void nk_crash_guard_begin(const char *message);
void nk_crash_guard_end(void);

#endif
