#include "tls/SelfSignedCertificate.h"

#include "tls/TlsContext.h"

#include <QHostAddress>
#include <QSaveFile>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include <functional>
#include <memory>

namespace gateway::tls {

namespace {

template <typename T, void (*Free)(T*)> struct Deleter
{
    void operator()(T* p) const { Free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

bool addExtension(X509* cert, int nid, const QByteArray& value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.constData());
    if (!ext)
        return false;
    const bool added = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return added;
}

QByteArray pem(const std::function<int(BIO*)>& write)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || write(bio.get()) != 1)
        return QByteArray();
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, int(length));
}

Result<bool> save(const QString& path, const QByteArray& bytes, bool ownerOnly)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Result<bool>::failure(
            QStringLiteral("cannot write \"%1\": %2").arg(path, file.errorString()));
    // Set before any byte of the key is written, on the temporary file that becomes it.
    if (ownerOnly)
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(bytes);
    if (!file.commit())
        return Result<bool>::failure(
            QStringLiteral("cannot write \"%1\": %2").arg(path, file.errorString()));
    return true;
}

} // namespace

Result<bool> writeSelfSignedCertificate(const QString& certFile, const QString& keyFile,
                                        const QStringList& names, int days)
{
    using R = Result<bool>;
    if (names.isEmpty())
        return R::failure(QStringLiteral("a certificate needs at least one host name"));
    ERR_clear_error();
    KeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    CertPtr cert(X509_new());
    if (!key || !cert)
        return R::failure(takeOpenSslErrors());

    unsigned char serial[16];
    if (RAND_bytes(serial, sizeof serial) != 1)
        return R::failure(QStringLiteral("no random serial number: ") + takeOpenSslErrors());
    serial[0] &= 0x7f; // RFC 5280 section 4.1.2.2: a positive integer
    BIGNUM* serialNumber = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(serialNumber, X509_get_serialNumber(cert.get()));
    BN_free(serialNumber);

    X509_set_version(cert.get(), 2); // v3
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), long(days) * 24 * 3600);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* subject = X509_get_subject_name(cert.get());
    const QByteArray commonName = names.first().toUtf8().left(64);
    X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>("Switchboard"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(commonName.constData()), -1,
                               -1, 0);
    X509_set_issuer_name(cert.get(), subject);

    // No keyUsage extension: one without keyCertSign would make OpenSSL (and Qt) stop seeing
    // the certificate as its own issuer, and clients pin it as their trust anchor.
    QStringList altNames;
    for (const QString& name : names)
        altNames << (QHostAddress(name).isNull() ? QStringLiteral("DNS:") : QStringLiteral("IP:")) +
                        name;
    if (!addExtension(cert.get(), NID_subject_alt_name, altNames.join(QLatin1Char(',')).toUtf8()) ||
        !addExtension(cert.get(), NID_basic_constraints, "critical,CA:FALSE") ||
        !addExtension(cert.get(), NID_ext_key_usage, "serverAuth") ||
        !addExtension(cert.get(), NID_subject_key_identifier, "hash"))
        return R::failure(QStringLiteral("invalid host name: ") + takeOpenSslErrors());
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0)
        return R::failure(takeOpenSslErrors());

    const QByteArray keyPem = pem([&](BIO* bio) {
        return PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
    const QByteArray certPem = pem([&](BIO* bio) { return PEM_write_bio_X509(bio, cert.get()); });
    if (keyPem.isEmpty() || certPem.isEmpty())
        return R::failure(takeOpenSslErrors());
    if (R saved = save(keyFile, keyPem, true); !saved)
        return saved;
    return save(certFile, certPem, false);
}

} // namespace gateway::tls
