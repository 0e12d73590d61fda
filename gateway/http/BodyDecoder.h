#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <memory>

namespace gateway::http {

// Decodes a request body sent with Content-Encoding gzip, x-gzip or deflate (RFC 9110 8.4.1)
// incrementally, as its bytes arrive, so that the size limit applies to what it inflates to:
// a decompression bomb is refused after maxDecodedBytes, not after it was inflated whole.
class BodyDecoder
{
public:
    enum class Coding {
        Identity,    // no coding, or "identity": bytes pass through
        Gzip,        // "gzip" or "x-gzip" (RFC 1952; several members are allowed)
        Deflate,     // "deflate": the zlib format (RFC 1950); raw deflate (RFC 1951) is accepted
                     // too, since some clients send that
        Unsupported, // anything else (br, zstd, compress, a chain of codings): answer 415
    };

    enum class Status {
        Ok,       // the bytes were decoded and appended
        TooLarge, // the decoded body would exceed maxDecodedBytes: answer 413
        Corrupt,  // not a valid stream of the coding, or it ended early: answer 400
    };

    // The coding a Content-Encoding field value names ("identity" entries are ignored).
    static Coding codingFor(QByteArrayView contentEncoding);

    BodyDecoder(Coding coding, qint64 maxDecodedBytes);
    ~BodyDecoder();
    BodyDecoder(const BodyDecoder&) = delete;
    BodyDecoder& operator=(const BodyDecoder&) = delete;

    // Appends the decoded form of `length` encoded bytes to `out`.
    Status feed(const char* data, size_t length, QByteArray& out);
    // The body ended: Corrupt if the compressed stream did not.
    Status finish();

private:
    struct Stream;
    Status inflateSome(const char* data, size_t length, QByteArray& out);

    Coding m_coding;
    qint64 m_maxDecodedBytes;
    std::unique_ptr<Stream> m_stream;
    bool m_started = false; // deflate: the first bytes told zlib from raw format
    bool m_ended = false;   // the compressed stream reached its end
    QByteArray m_pending;   // deflate: the first byte, until the second tells the format
};

} // namespace gateway::http
