#pragma once

// Certificates made in a test with OpenSSL: a CA, the client certificates it issues, and
// another CA's for "untrusted". Written to a temporary directory when a file is needed; no
// key file is ever committed.

#include <QByteArray>
#include <QFile>
#include <QString>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace testcerts {

struct Issued
{
    std::shared_ptr<EVP_PKEY> key;
    std::shared_ptr<X509> certificate;

    QByteArray der() const
    {
        unsigned char* out = nullptr;
        const int length = i2d_X509(certificate.get(), &out);
        QByteArray bytes(reinterpret_cast<const char*>(out), length);
        OPENSSL_free(out);
        return bytes;
    }
    QByteArray certificatePem() const
    {
        BIO* bio = BIO_new(BIO_s_mem());
        PEM_write_bio_X509(bio, certificate.get());
        char* data = nullptr;
        const long length = BIO_get_mem_data(bio, &data);
        QByteArray pem(data, length);
        BIO_free(bio);
        return pem;
    }
    QByteArray keyPem() const
    {
        BIO* bio = BIO_new(BIO_s_mem());
        PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
        char* data = nullptr;
        const long length = BIO_get_mem_data(bio, &data);
        QByteArray pem(data, length);
        BIO_free(bio);
        return pem;
    }
};

inline void addExtension(X509* certificate, X509* issuer, int nid, const char* value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, certificate, nullptr, nullptr, 0);
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    X509_add_ext(certificate, extension, -1);
    X509_EXTENSION_free(extension);
}

// A certificate for subject (O, CN), valid from an hour ago for a year, signed by issuer (or
// self-signed when issuer is null). A CA gets basicConstraints CA:TRUE; a client certificate
// gets extendedKeyUsage clientAuth, as a client CA issues them.
inline Issued issue(const char* organisation, const char* commonName, const Issued* issuer, bool ca)
{
    Issued issued;
    issued.key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), EVP_PKEY_free);
    issued.certificate.reset(X509_new(), X509_free);
    X509* cert = issued.certificate.get();
    X509_set_version(cert, 2);
    static long serial = 1;
    ASN1_INTEGER_set(X509_get_serialNumber(cert), ++serial);
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 365L * 24 * 3600);
    X509_set_pubkey(cert, issued.key.get());
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(organisation), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(commonName), -1, -1, 0);
    X509* signer = issuer ? issuer->certificate.get() : cert;
    X509_set_issuer_name(cert, X509_get_subject_name(signer));
    if (ca) {
        addExtension(cert, signer, NID_basic_constraints, "critical,CA:TRUE");
        addExtension(cert, signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        addExtension(cert, signer, NID_basic_constraints, "critical,CA:FALSE");
        addExtension(cert, signer, NID_ext_key_usage, "clientAuth");
    }
    addExtension(cert, signer, NID_subject_key_identifier, "hash");
    X509_sign(cert, issuer ? issuer->key.get() : issued.key.get(), EVP_sha256());
    return issued;
}

inline bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace testcerts
