// OpenSSL's libcrypto (Debian libssl-dev), already built for the system: NeuralKit uses one digest
// from it, SHA-256, to check downloaded data sets.
#include <openssl/evp.h>
