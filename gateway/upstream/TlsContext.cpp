#include "upstream/TlsContext.h"

#include <QHash>
#include <QMutex>

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace gateway::upstream {

QString takeOpenSslErrors()
{
    QStringList parts;
    while (unsigned long code = ERR_get_error()) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        parts << QString::fromLatin1(buffer);
    }
    return parts.join(QStringLiteral("; "));
}

Result<SSL_CTX*> clientTlsContext(const QString& caFile)
{
    static QMutex mutex;
    static QHash<QString, SSL_CTX*> contexts;
    QMutexLocker lock(&mutex);
    if (SSL_CTX* existing = contexts.value(caFile))
        return existing;

    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx)
        return Result<SSL_CTX*>::failure(takeOpenSslErrors());
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                              SSL_MODE_RELEASE_BUFFERS);
    if (SSL_CTX_set_default_verify_paths(ctx) != 1) {
        SSL_CTX_free(ctx);
        return Result<SSL_CTX*>::failure(QStringLiteral("cannot load the system CA store: ") +
                                         takeOpenSslErrors());
    }
    if (!caFile.isEmpty() &&
        SSL_CTX_load_verify_locations(ctx, caFile.toLocal8Bit().constData(), nullptr) != 1) {
        SSL_CTX_free(ctx);
        return Result<SSL_CTX*>::failure(
            QStringLiteral("cannot load CA file %1: %2").arg(caFile, takeOpenSslErrors()));
    }
    contexts.insert(caFile, ctx);
    return ctx;
}

} // namespace gateway::upstream
