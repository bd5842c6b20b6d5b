#include "CCleanup.h"
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

#define NK_SLOTS 64
#define NK_PATH_MAX 4096

static char nk_paths[NK_SLOTS][NK_PATH_MAX];
static volatile sig_atomic_t nk_used[NK_SLOTS];
static pthread_mutex_t nk_lock = PTHREAD_MUTEX_INITIALIZER;
static int nk_installed = 0;

static void nk_handler(int signal_number) {
    for (int i = 0; i < NK_SLOTS; i++) {
        if (nk_used[i]) unlink(nk_paths[i]);
    }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    sigaction(signal_number, &action, NULL);
    raise(signal_number);
}

// Installs the handler for each signal whose action is still the default (a program's own handler
// is left alone).
static void nk_install(void) {
    const int signals[] = {SIGINT, SIGTERM, SIGHUP};
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction current;
        if (sigaction(signals[i], NULL, &current) != 0 || current.sa_handler != SIG_DFL) continue;
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = nk_handler;
        sigemptyset(&action.sa_mask);
        sigaction(signals[i], &action, NULL);
    }
}

int nk_cleanup_register(const char *path) {
    size_t length = strlen(path);
    if (length >= NK_PATH_MAX) return -1;
    int slot = -1;
    pthread_mutex_lock(&nk_lock);
    if (!nk_installed) {
        nk_install();
        nk_installed = 1;
    }
    for (int i = 0; i < NK_SLOTS; i++) {
        if (!nk_used[i]) {
            memcpy(nk_paths[i], path, length + 1);
            nk_used[i] = 1;
            slot = i;
            break;
        }
    }
    pthread_mutex_unlock(&nk_lock);
    return slot;
}

void nk_cleanup_unregister(int slot) {
    if (slot < 0 || slot >= NK_SLOTS) return;
    pthread_mutex_lock(&nk_lock);
    nk_used[slot] = 0;
    pthread_mutex_unlock(&nk_lock);
}

static char nk_crash_message[2048];
static size_t nk_crash_length = 0;
static struct sigaction nk_previous[4];
static const int nk_crash_signals[4] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL};
static int nk_guarding = 0;

static void nk_crash_handler(int signal_number) {
    (void)signal_number;
    ssize_t ignored = write(2, nk_crash_message, nk_crash_length);
    (void)ignored;
    _exit(70);
}

void nk_crash_guard_begin(const char *message) {
    if (getenv("NEURALKIT_NO_CRASH_GUARD")) return;
    pthread_mutex_lock(&nk_lock);
    size_t length = strlen(message);
    if (length >= sizeof nk_crash_message) length = sizeof nk_crash_message - 1;
    memcpy(nk_crash_message, message, length);
    nk_crash_length = length;
    static int stack_ready = 0;
    if (!stack_ready) {
        // A crash from a stack overflow needs a stack of its own to report on.
        stack_t stack;
        stack.ss_sp = malloc(1 << 16);
        stack.ss_size = 1 << 16;
        stack.ss_flags = 0;
        if (stack.ss_sp && sigaltstack(&stack, NULL) == 0) stack_ready = 1;
    }
    if (!nk_guarding) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = nk_crash_handler;
        action.sa_flags = SA_ONSTACK;
        sigemptyset(&action.sa_mask);
        for (int i = 0; i < 4; i++) sigaction(nk_crash_signals[i], &action, &nk_previous[i]);
        nk_guarding = 1;
    }
    pthread_mutex_unlock(&nk_lock);
}

void nk_crash_guard_end(void) {
    pthread_mutex_lock(&nk_lock);
    if (nk_guarding) {
        for (int i = 0; i < 4; i++) sigaction(nk_crash_signals[i], &nk_previous[i], NULL);
        nk_guarding = 0;
    }
    pthread_mutex_unlock(&nk_lock);
}
