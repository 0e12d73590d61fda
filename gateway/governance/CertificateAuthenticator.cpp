#include "governance/CertificateAuthenticator.h"

#include "config/Config.h"
#include "governance/KeyPrincipal.h"
#include "governance/KeySet.h"
#include "http/Request.h"

#include <QCryptographicHash>

#include <openssl/bio.h>
#include <openssl/buffer.h>
#include <openssl/x509.h>

namespace gateway::governance {

QString certificateSubject(const QByteArray& der)
{
    const auto* bytes = reinterpret_cast<const unsigned char*>(der.constData());
    X509* certificate = d2i_X509(nullptr, &bytes, long(der.size()));
    if (!certificate)
        return QString();
    QString subject;
    if (BIO* bio = BIO_new(BIO_s_mem())) {
        if (X509_NAME_print_ex(bio, X509_get_subject_name(certificate), 0, XN_FLAG_RFC2253) >= 0) {
            BUF_MEM* text = nullptr;
            BIO_get_mem_ptr(bio, &text);
            subject = QString::fromUtf8(text->data, qsizetype(text->length));
        }
        BIO_free(bio);
    }
    X509_free(certificate);
    return subject;
}

CertificateAuthenticator::CertificateAuthenticator(QList<config::ClientCertificateMapping> mappings)
    : m_mappings(std::move(mappings))
{}

AuthResult CertificateAuthenticator::authenticate(const http::Request& head, const KeySet& keys,
                                                  qint64 nowMs) const
{
    // The connection fills this only with a certificate the listener verified against
    // server.tls.clientCaFile.
    const QByteArray& der = head.peer.clientCertificateDer;
    if (der.isEmpty())
        return {};
    const QByteArray fingerprint = QCryptographicHash::hash(der, QCryptographicHash::Sha256);
    const QString subject = certificateSubject(der);
    const config::ClientCertificateMapping* found = nullptr;
    for (const config::ClientCertificateMapping& mapping : m_mappings) {
        if ((!mapping.sha256.isEmpty() && mapping.sha256 == fingerprint) ||
            (!mapping.subject.isEmpty() && mapping.subject == subject)) {
            found = &mapping;
            break;
        }
    }
    if (!found)
        return {};
    Result<std::shared_ptr<Principal>> principal =
        principalOfNamedKey(keys, found->key, Principal::Method::Certificate, nowMs);
    AuthResult result;
    if (!principal) {
        result.outcome = AuthResult::Outcome::Refused;
        result.message = QStringLiteral("the client certificate (%1) is mapped to a key that "
                                        "cannot be used: %2")
                             .arg(subject, principal.error())
                             .toUtf8();
        return result;
    }
    principal.value()->subject = subject;
    result.outcome = AuthResult::Outcome::Accepted;
    result.principal = std::move(principal.value());
    return result;
}

std::unique_ptr<Authenticator> makeCertificateAuthenticator(const config::Config& config,
                                                            state::SharedState&)
{
    if (config.auth.clientCertificates.isEmpty())
        return nullptr;
    return std::make_unique<CertificateAuthenticator>(config.auth.clientCertificates);
}

} // namespace gateway::governance
