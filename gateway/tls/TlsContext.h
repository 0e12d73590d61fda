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

// Client certificates on the gateway's listener (mTLS, server.tls.clientCaFile and
// clientAuth). caFile empty: the listener asks for none.
struct ClientCertificates
{
    QString caFile; // PEM CA certificates; the only anchors a client certificate may chain to
    bool required = false; // a client without a certificate fails the handshake
};

// The server context for the gateway's own listener: the certificate chain (PEM, leaf first)
// and its private key (PEM). Fails with a readable reason when a file is missing, is not PEM,
// or the key does not belong to the certificate. TLS 1.2 is the minimum; ALPN offers http/1.1.
//
// With clients.caFile the listener asks every client for a certificate, naming those CAs.
// A certificate that does not verify against them fails the handshake, whether clientAuth is
// optional or required: "optional" lets a client present none, not one that is untrusted (a
// client that sent a certificate meant to use it, and hears "unknown CA" at once rather than
// a 401 that does not say why).
using ServerContext = std::shared_ptr<SSL_CTX>;
Result<ServerContext> serverTlsContext(const QString& certFile, const QString& keyFile,
                                       const ClientCertificates& clients = {});

// The last OpenSSL error queue entries as text (and clears the queue).
QString takeOpenSslErrors();

} // namespace gateway::tls
