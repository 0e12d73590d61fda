#include "http/BodyDecoder.h"

#include <QList>

#include <zlib.h>

namespace gateway::http {

struct BodyDecoder::Stream
{
    z_stream z{};
    bool initialised = false;
    qint64 decoded = 0;
    ~Stream()
    {
        if (initialised)
            inflateEnd(&z);
    }
};

BodyDecoder::Coding BodyDecoder::codingFor(QByteArrayView contentEncoding)
{
    // RFC 9110 8.4: a list, in the order the codings were applied. One coding is what clients
    // send; a chain is refused rather than decoded twice over.
    Coding found = Coding::Identity;
    if (contentEncoding.trimmed().isEmpty())
        return found; // nearly every request: nothing to split
    const QList<QByteArray> items = contentEncoding.toByteArray().split(',');
    for (const QByteArray& item : items) {
        const QByteArray name = item.trimmed().toLower();
        if (name.isEmpty() || name == "identity")
            continue;
        if (found != Coding::Identity)
            return Coding::Unsupported;
        if (name == "gzip" || name == "x-gzip")
            found = Coding::Gzip;
        else if (name == "deflate")
            found = Coding::Deflate;
        else
            return Coding::Unsupported;
    }
    return found;
}

BodyDecoder::BodyDecoder(Coding coding, qint64 maxDecodedBytes)
    : m_coding(coding), m_maxDecodedBytes(maxDecodedBytes), m_stream(std::make_unique<Stream>())
{
    if (m_coding == Coding::Gzip) {
        // 16 + 15: the gzip wrapper and the largest window (zlib.h, inflateInit2).
        m_stream->initialised = inflateInit2(&m_stream->z, 16 + MAX_WBITS) == Z_OK;
        m_started = true;
    }
}

BodyDecoder::~BodyDecoder() = default;

BodyDecoder::Status BodyDecoder::feed(const char* data, size_t length, QByteArray& out)
{
    if (length == 0)
        return Status::Ok;
    if (m_coding == Coding::Identity || m_coding == Coding::Unsupported) {
        if (m_stream->decoded + qint64(length) > m_maxDecodedBytes)
            return Status::TooLarge;
        m_stream->decoded += qint64(length);
        out.append(data, qsizetype(length));
        return Status::Ok;
    }
    if (!m_started) {
        // RFC 1950 2.2: a zlib stream starts with CMF (method 8) and FLG, CMF*256+FLG a multiple
        // of 31. Anything else is taken as raw deflate, as browsers and curl do.
        m_pending.append(data, qsizetype(length));
        if (m_pending.size() < 2)
            return Status::Ok;
        const auto b0 = uchar(m_pending[0]), b1 = uchar(m_pending[1]);
        const bool zlibFormat = (b0 & 0x0f) == 8 && ((b0 << 8) | b1) % 31 == 0;
        m_stream->initialised =
            inflateInit2(&m_stream->z, zlibFormat ? MAX_WBITS : -MAX_WBITS) == Z_OK;
        m_started = true;
        const QByteArray pending = std::move(m_pending);
        m_pending = QByteArray();
        return inflateSome(pending.constData(), size_t(pending.size()), out);
    }
    return inflateSome(data, length, out);
}

BodyDecoder::Status BodyDecoder::inflateSome(const char* data, size_t length, QByteArray& out)
{
    if (!m_stream->initialised)
        return Status::Corrupt;
    z_stream& z = m_stream->z;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
    z.avail_in = uInt(length);
    constexpr qint64 chunk = 16 * 1024;
    bool outputFull = false;
    // Also after the input is used up while the output was full: zlib may hold more.
    while (z.avail_in > 0 || (outputFull && !m_ended)) {
        if (m_ended) {
            // RFC 1952 2.2: a gzip file may hold several members. After a deflate stream,
            // nothing may follow.
            if (m_coding != Coding::Gzip || inflateReset(&z) != Z_OK)
                return Status::Corrupt;
            m_ended = false;
        }
        // At most one byte over the limit is inflated: enough to know it is over.
        const qint64 room = qMin(chunk, m_maxDecodedBytes - m_stream->decoded + 1);
        const qsizetype before = out.size();
        out.resize(before + qsizetype(room));
        z.next_out = reinterpret_cast<Bytef*>(out.data() + before);
        z.avail_out = uInt(room);
        const int rc = inflate(&z, Z_NO_FLUSH);
        const qint64 produced = room - qint64(z.avail_out);
        outputFull = z.avail_out == 0;
        out.resize(before + qsizetype(produced));
        m_stream->decoded += produced;
        if (m_stream->decoded > m_maxDecodedBytes)
            return Status::TooLarge;
        if (rc == Z_STREAM_END) {
            m_ended = true;
            continue;
        }
        if (rc == Z_BUF_ERROR && produced == 0)
            break; // no progress possible: zlib needs more input
        if (rc != Z_OK && rc != Z_BUF_ERROR)
            return Status::Corrupt;
    }
    z.next_in = nullptr;
    return Status::Ok;
}

BodyDecoder::Status BodyDecoder::finish()
{
    if (m_coding == Coding::Identity || m_coding == Coding::Unsupported)
        return Status::Ok;
    // An empty body with a coding is taken as an empty body.
    if (!m_started)
        return m_pending.isEmpty() ? Status::Ok : Status::Corrupt;
    return m_ended || (m_stream->decoded == 0 && m_stream->z.total_in == 0) ? Status::Ok
                                                                            : Status::Corrupt;
}

} // namespace gateway::http
