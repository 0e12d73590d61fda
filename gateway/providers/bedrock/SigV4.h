#pragma once

#include "http/Exchange.h"

#include <QByteArray>
#include <QByteArrayView>

namespace gateway::providers::bedrock {

// AWS Signature Version 4 for requests signed in the Authorization header (AWS General
// Reference, "Create a signed AWS API request": canonical request, string to sign, signing key
// derived from the date, region and service, signature). HMAC-SHA256 and SHA-256 are OpenSSL's.
// Immutable: one signer per backend, shared by every worker thread.
class SigV4Signer
{
public:
    struct Credentials
    {
        QByteArray accessKeyId;
        QByteArray secretAccessKey;
        QByteArray sessionToken; // temporary credentials (STS); empty when none
    };

    // What is signed of one request.
    struct Request
    {
        QByteArrayView method;
        // The path as it goes on the wire, without the query. It is URI-encoded once more for
        // the canonical request, as SigV4 asks of every service but S3 ("each path segment must
        // be URI-encoded twice"): a Bedrock model id's ':' is %3A on the wire, %253A signed.
        QByteArrayView path;
        QByteArrayView query; // as on the wire, without '?'; empty when none
        // Headers to sign besides the ones the signer adds (x-amz-date, x-amz-security-token,
        // x-amz-content-sha256): at least Host. Names in any case; values are trimmed and their
        // inner runs of spaces folded, as the canonical form asks.
        http::HeaderList headers;
        QByteArrayView payload;
        // Adds and signs x-amz-content-sha256 (the payload's hash in a header).
        bool payloadHashHeader = false;
    };

    // A request's signature and everything that led to it (the intermediate texts are what the
    // AWS test suite publishes, so tests compare them).
    struct Signature
    {
        QByteArray amzDate; // x-amz-date: 20150830T123600Z
        QByteArray payloadHash;
        QByteArray canonicalRequest;
        QByteArray stringToSign;
        QByteArray signature; // lower-case hex
        QByteArray authorization;
        // The headers to send with the request: X-Amz-Date, X-Amz-Security-Token (with a
        // session token), X-Amz-Content-Sha256 (when asked) and Authorization.
        http::HeaderList headers;
    };

    SigV4Signer(Credentials credentials, QByteArray region, QByteArray service);

    // Signs request at timeMs (milliseconds since the epoch, UTC: the caller's clock).
    Signature sign(const Request& request, qint64 timeMs) const;

    static QByteArray sha256Hex(QByteArrayView data);
    // RFC 3986 percent-encoding of everything but the unreserved characters (A-Z a-z 0-9 - _ . ~),
    // upper-case hex, as SigV4 asks; '/' is kept when keepSlash.
    static QByteArray uriEncode(QByteArrayView text, bool keepSlash = false);

private:
    QByteArray canonicalQuery(QByteArrayView query) const;

    Credentials m_credentials;
    QByteArray m_region;
    QByteArray m_service;
};

} // namespace gateway::providers::bedrock
