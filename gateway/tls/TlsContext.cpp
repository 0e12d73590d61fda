#include "tls/TlsContext.h"

#include <QFileInfo>
#include <QHash>
#include <QMutex>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

namespace gateway::tls {

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

namespace {

constexpr long commonModes =
    SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS;

// A file the context is about to read: a clear reason instead of OpenSSL's "system lib".
QString unreadable(const QString& what, const QString& path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return QStringLiteral("%1 \"%2\" does not exist").arg(what, path);
    if (!info.isFile())
        return QStringLiteral("%1 \"%2\" is not a file").arg(what, path);
    if (!info.isReadable())
        return QStringLiteral("%1 \"%2\" is not readable by this user").arg(what, path);
    return QString();
}

// ALPN (RFC 7301): the listener speaks HTTP/1.1 only. Without ALPN, clients assume it anyway.
int selectHttp11(SSL*, const unsigned char** out, unsigned char* outLength,
                 const unsigned char* offered, unsigned int offeredLength, void*)
{
    static const unsigned char ours[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    unsigned char* selected = nullptr;
    if (SSL_select_next_proto(&selected, outLength, ours, sizeof ours, offered, offeredLength) !=
        OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_NOACK;
    *out = selected;
    return SSL_TLSEXT_ERR_OK;
}

} // namespace

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
    SSL_CTX_set_mode(ctx, commonModes);
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

Result<ServerContext> serverTlsContext(const QString& certFile, const QString& keyFile,
                                       const ClientCertificates& clients)
{
    using R = Result<ServerContext>;
    if (QString reason = unreadable(QStringLiteral("certificate file"), certFile);
        !reason.isEmpty())
        return R::failure(reason);
    if (QString reason = unreadable(QStringLiteral("key file"), keyFile); !reason.isEmpty())
        return R::failure(reason);

    ERR_clear_error();
    ServerContext ctx(SSL_CTX_new(TLS_server_method()), SSL_CTX_free);
    if (!ctx)
        return R::failure(takeOpenSslErrors());
    SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
    SSL_CTX_set_mode(ctx.get(), commonModes);
    // Renegotiation would let SSL_write ask for a read; a gateway has no use for it.
    SSL_CTX_set_options(ctx.get(), SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    SSL_CTX_set_alpn_select_cb(ctx.get(), selectHttp11, nullptr);
    // Read ahead: one read() for many records rather than two (header, then body) per record;
    // measured 31 -> 28 µs of CPU per request (bench/run.sh tls). Connection drains what
    // OpenSSL holds, since the socket no longer signals it.
    SSL_CTX_set_read_ahead(ctx.get(), 1);
    // A private key protected by a passphrase cannot be unlocked by a service: refuse it
    // instead of letting OpenSSL prompt on the terminal.
    SSL_CTX_set_default_passwd_cb(ctx.get(), [](char*, int, int, void*) { return 0; });

    if (SSL_CTX_use_certificate_chain_file(ctx.get(), certFile.toLocal8Bit().constData()) != 1)
        return R::failure(QStringLiteral("\"%1\" is not a PEM certificate: %2")
                              .arg(certFile, takeOpenSslErrors()));
    // The key is read on its own first, so that "not a key" and "another certificate's key"
    // get different answers (OpenSSL reports both as a failure to use the key).
    EVP_PKEY* privateKey = nullptr;
    if (BIO* bio = BIO_new_file(keyFile.toLocal8Bit().constData(), "r")) {
        privateKey = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
        BIO_free(bio);
    }
    if (!privateKey)
        return R::failure(QStringLiteral("\"%1\" is not an unencrypted PEM private key: %2")
                              .arg(keyFile, takeOpenSslErrors()));
    const bool matches = X509_check_private_key(SSL_CTX_get0_certificate(ctx.get()), privateKey);
    const bool used = matches && SSL_CTX_use_PrivateKey(ctx.get(), privateKey) == 1;
    EVP_PKEY_free(privateKey);
    if (!matches)
        return R::failure(QStringLiteral("the key in \"%1\" does not belong to the certificate "
                                         "in \"%2\"")
                              .arg(keyFile, certFile));
    if (!used)
        return R::failure(takeOpenSslErrors());
    if (!clients.caFile.isEmpty()) {
        if (QString reason = unreadable(QStringLiteral("client CA file"), clients.caFile);
            !reason.isEmpty())
            return R::failure(reason);
        const QByteArray caFile = clients.caFile.toLocal8Bit();
        // The client CA file is the only trust anchor: the server context loads no system
        // store, so a certificate from a public CA does not pass.
        if (SSL_CTX_load_verify_locations(ctx.get(), caFile.constData(), nullptr) != 1)
            return R::failure(QStringLiteral("\"%1\" holds no PEM CA certificate: %2")
                                  .arg(clients.caFile, takeOpenSslErrors()));
        // The names sent in the CertificateRequest, so that a client (a browser) with several
        // certificates picks one these CAs issued.
        STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(caFile.constData());
        if (!names)
            return R::failure(QStringLiteral("\"%1\" holds no PEM CA certificate: %2")
                                  .arg(clients.caFile, takeOpenSslErrors()));
        SSL_CTX_set_client_CA_list(ctx.get(), names);
        SSL_CTX_set_verify(
            ctx.get(), SSL_VERIFY_PEER | (clients.required ? SSL_VERIFY_FAIL_IF_NO_PEER_CERT : 0),
            nullptr);
        // OpenSSL refuses to resume a session on a verifying server without a session id
        // context (the handshake fails): name this listener's.
        static const unsigned char context[] = "switchboard-gateway";
        SSL_CTX_set_session_id_context(ctx.get(), context, sizeof context - 1);
    }
    ERR_clear_error();
    return ctx;
}

} // namespace gateway::tls
