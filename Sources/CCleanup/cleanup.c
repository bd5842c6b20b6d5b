#include "CCleanup.h"
#include <pthread.h>
#include <signal.h>
#include <string.h>
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
