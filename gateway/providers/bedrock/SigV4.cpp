#include "providers/bedrock/SigV4.h"

#include "tls/Sha256.h"

#include <QList>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <ctime>

namespace gateway::providers::bedrock {

namespace {

QByteArray hmac(QByteArrayView key, QByteArrayView data)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), int(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), size_t(data.size()), out, &length);
    return QByteArray(reinterpret_cast<const char*>(out), int(length));
}

bool unreserved(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '~';
}

// The canonical form of a header value: trimmed, inner runs of spaces as one (SigV4, "canonical
// headers": Trimall).
QByteArray trimAll(QByteArrayView value)
{
    QByteArray out;
    out.reserve(value.size());
    bool space = false;
    for (char c : value) {
        if (c == ' ' || c == '\t') {
            space = !out.isEmpty();
            continue;
        }
        if (space)
            out += ' ';
        space = false;
        out += c;
    }
    return out;
}

QByteArray amzDate(qint64 timeMs)
{
    const time_t seconds = time_t(timeMs / 1000);
    tm utc{};
    gmtime_r(&seconds, &utc);
    char text[17];
    strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
    return QByteArray(text, 16);
}

} // namespace

SigV4Signer::SigV4Signer(Credentials credentials, QByteArray region, QByteArray service)
    : m_credentials(std::move(credentials)), m_region(std::move(region)),
      m_service(std::move(service))
{}

QByteArray SigV4Signer::sha256Hex(QByteArrayView data)
{
    return tls::sha256(data).toHex();
}

QByteArray SigV4Signer::uriEncode(QByteArrayView text, bool keepSlash)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    QByteArray out;
    out.reserve(text.size() * 3 / 2);
    for (char c : text) {
        if (unreserved(c) || (keepSlash && c == '/')) {
            out += c;
            continue;
        }
        const auto byte = static_cast<unsigned char>(c);
        out += '%';
        out += hex[byte >> 4];
        out += hex[byte & 0xf];
    }
    return out;
}

// Each name and value decoded, then encoded the SigV4 way, and the pairs sorted by name and
// value (SigV4, "canonical query string"). Decoding first makes "%E1%88%B4" and a raw "ሴ" one
// and the same, as the test suite's get-vanilla-query-order-encoded and -utf8-query expect.
QByteArray SigV4Signer::canonicalQuery(QByteArrayView query) const
{
    if (query.isEmpty())
        return {};
    std::vector<std::pair<QByteArray, QByteArray>> pairs;
    const QList<QByteArray> items = QByteArray::fromRawData(query.data(), query.size()).split('&');
    for (QByteArrayView item : items) {
        if (item.isEmpty())
            continue;
        const qsizetype eq = item.indexOf('=');
        const QByteArrayView name = eq < 0 ? item : item.first(eq);
        const QByteArrayView value = eq < 0 ? QByteArrayView() : item.sliced(eq + 1);
        pairs.emplace_back(uriEncode(QByteArray::fromPercentEncoding(name.toByteArray())),
                           uriEncode(QByteArray::fromPercentEncoding(value.toByteArray())));
    }
    std::sort(pairs.begin(), pairs.end());
    QByteArray out;
    for (const auto& [name, value] : pairs) {
        if (!out.isEmpty())
            out += '&';
        out += name;
        out += '=';
        out += value;
    }
    return out;
}

SigV4Signer::Signature SigV4Signer::sign(const Request& request, qint64 timeMs) const
{
    Signature s;
    s.amzDate = amzDate(timeMs);
    const QByteArray date = s.amzDate.left(8);
    s.payloadHash = sha256Hex(request.payload);

    std::vector<std::pair<QByteArray, QByteArray>> headers;
    headers.reserve(request.headers.size() + 3);
    for (const auto& [name, value] : request.headers)
        headers.emplace_back(name.toLower(), trimAll(value));
    headers.emplace_back("x-amz-date", s.amzDate);
    if (!m_credentials.sessionToken.isEmpty())
        headers.emplace_back("x-amz-security-token", m_credentials.sessionToken);
    if (request.payloadHashHeader)
        headers.emplace_back("x-amz-content-sha256", s.payloadHash);
    std::stable_sort(headers.begin(), headers.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });

    QByteArray canonicalHeaders;
    QByteArray signedHeaders;
    for (size_t i = 0; i < headers.size(); ++i) {
        // A header given twice is one line with its values joined by commas.
        if (i > 0 && headers[i].first == headers[i - 1].first) {
            canonicalHeaders.chop(1);
            canonicalHeaders += ',' + headers[i].second + '\n';
            continue;
        }
        canonicalHeaders += headers[i].first + ':' + headers[i].second + '\n';
        if (!signedHeaders.isEmpty())
            signedHeaders += ';';
        signedHeaders += headers[i].first;
    }

    s.canonicalRequest = request.method.toByteArray() + '\n' +
                         uriEncode(request.path.isEmpty() ? "/" : request.path, true) + '\n' +
                         canonicalQuery(request.query) + '\n' + canonicalHeaders + '\n' +
                         signedHeaders + '\n' + s.payloadHash;
    const QByteArray scope = date + '/' + m_region + '/' + m_service + "/aws4_request";
    s.stringToSign =
        "AWS4-HMAC-SHA256\n" + s.amzDate + '\n' + scope + '\n' + sha256Hex(s.canonicalRequest);

    // The signing key: the secret, then the date, region, service and "aws4_request" in turn.
    const QByteArray dateKey = hmac("AWS4" + m_credentials.secretAccessKey, date);
    const QByteArray regionKey = hmac(dateKey, m_region);
    const QByteArray serviceKey = hmac(regionKey, m_service);
    const QByteArray signingKey = hmac(serviceKey, "aws4_request");
    s.signature = hmac(signingKey, s.stringToSign).toHex();
    s.authorization = "AWS4-HMAC-SHA256 Credential=" + m_credentials.accessKeyId + '/' + scope +
                      ", SignedHeaders=" + signedHeaders + ", Signature=" + s.signature;

    s.headers.emplace_back("X-Amz-Date", s.amzDate);
    if (!m_credentials.sessionToken.isEmpty())
        s.headers.emplace_back("X-Amz-Security-Token", m_credentials.sessionToken);
    if (request.payloadHashHeader)
        s.headers.emplace_back("X-Amz-Content-Sha256", s.payloadHash);
    s.headers.emplace_back("Authorization", s.authorization);
    return s;
}

} // namespace gateway::providers::bedrock
