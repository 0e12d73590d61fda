#pragma once

#include "Result.h"

#include <QString>
#include <QStringList>

namespace gateway::tls {

// Writes a new self-signed server certificate and its private key (PEM), for serving HTTPS on a
// developer's machine: an ECDSA P-256 key, SHA-256 signature, valid for `days` from now, with
// the given names as subjectAltNames (IP addresses become iPAddress entries, the rest dNSName).
// The first name is also the subject's common name. The key file is written readable by its
// owner only. Clients trust it by pinning the certificate file (curl --cacert,
// NODE_EXTRA_CA_CERTS).
Result<bool> writeSelfSignedCertificate(const QString& certFile, const QString& keyFile,
                                        const QStringList& names, int days = 365);

} // namespace gateway::tls
