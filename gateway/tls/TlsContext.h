#pragma once

#include "Result.h"

#include <QString>

#include <memory>

typedef struct ssl_ctx_st SSL_CTX;

namespace gateway::tls {

// The OpenSSL client context for a set of trust anchors: the system CA store, plus caFile when
// given. Peer verification is always on; TLS 1.2 is the minimum. Contexts are created once per
// caFile and shared by all threads (an SSL_CTX is thread-safe once configured).
Result<SSL_CTX*> clientTlsContext(const QString& caFile);

// The server context for the gateway's own listener: the certificate chain (PEM, leaf first)
// and its private key (PEM). Fails with a readable reason when a file is missing, is not PEM,
// or the key does not belong to the certificate. TLS 1.2 is the minimum; ALPN offers http/1.1.
using ServerContext = std::shared_ptr<SSL_CTX>;
Result<ServerContext> serverTlsContext(const QString& certFile, const QString& keyFile);

// The last OpenSSL error queue entries as text (and clears the queue).
QString takeOpenSslErrors();

} // namespace gateway::tls
