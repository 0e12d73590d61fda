#pragma once

#include "config/Governance.h"
#include "governance/Authenticator.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>

namespace gateway::config {
struct Config;
}
namespace gateway::state {
class SharedState;
}

namespace gateway::governance {

// An mTLS client certificate (server.tls.clientCaFile, verified by the listener) that stands
// for a key through auth.clientCertificates: by the SHA-256 of its DER or by its subject in
// RFC 2253 form (as `openssl x509 -noout -subject -nameopt RFC2253` prints it). The principal
// has the key's id, tenant, models and limits, and the certificate's subject.
//
// No certificate, or one that no mapping names: Absent. The CA may issue certificates for
// other uses than this gateway (a machine's or a person's), and such a client may still
// present a gateway key or a token in the same request; if it presents nothing else, the auth
// stage refuses it as unauthenticated anyway. A mapped certificate whose key is missing,
// revoked or expired: Refused, since it was meant as this request's credential.
class CertificateAuthenticator : public Authenticator
{
public:
    explicit CertificateAuthenticator(QList<config::ClientCertificateMapping> mappings);
    AuthResult authenticate(const http::Request& head, const KeySet& keys,
                            qint64 nowMs) const override;

private:
    QList<config::ClientCertificateMapping> m_mappings;
};

// The certificate authenticator of a config with auth.clientCertificates; null without any.
std::unique_ptr<Authenticator> makeCertificateAuthenticator(const config::Config& config,
                                                            state::SharedState& shared);

// A DER certificate's subject in RFC 2253 form (XN_FLAG_RFC2253); empty if it does not parse.
QString certificateSubject(const QByteArray& der);

} // namespace gateway::governance
