#pragma once

#include "Result.h"

#include <QString>

typedef struct ssl_ctx_st SSL_CTX;

namespace gateway::upstream {

// The OpenSSL client context for a set of trust anchors: the system CA store, plus caFile when
// given. Peer verification is always on; TLS 1.2 is the minimum. Contexts are created once per
// caFile and shared by all threads (an SSL_CTX is thread-safe once configured).
Result<SSL_CTX*> clientTlsContext(const QString& caFile);

// The last OpenSSL error queue entries as text (and clears the queue).
QString takeOpenSslErrors();

} // namespace gateway::upstream
