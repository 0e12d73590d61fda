#include "providers/bedrock/EventStream.h"

#include <QtEndian>

#include <zlib.h>

namespace gateway::providers::bedrock {

namespace {

constexpr qsizetype preludeBytes = 12;  // total length, headers length, prelude CRC
constexpr qsizetype minFrameBytes = 16; // prelude and message CRC, no headers, no payload
// The framing's limits (aws-c-event-stream, event_stream.h).
constexpr qsizetype maxHeaderNameBytes = 127;
constexpr qsizetype maxHeaderValueBytes = 32767;
constexpr qsizetype maxHeadersBytes = 128 * 1024;

quint32 readU32(const char* at)
{
    return qFromBigEndian<quint32>(at);
}

quint32 crc(const char* data, qsizetype length)
{
    return quint32(crc32(0, reinterpret_cast<const Bytef*>(data), uInt(length)));
}

void appendU32(QByteArray& out, quint32 value)
{
    char bytes[4];
    qToBigEndian(value, bytes);
    out.append(bytes, 4);
}

// The size of a header value of type `type` that starts at `at` (with `left` bytes in the
// headers); -1 for an unknown type or one that runs past the headers. Types as the event-stream
// codec numbers them: 0/1 bool, 2 byte, 3 short, 4 int, 5 long, 6 bytes, 7 string,
// 8 timestamp, 9 uuid.
qsizetype valueBytes(quint8 type, const char* at, qsizetype left)
{
    switch (type) {
    case 0:
    case 1: return 0;
    case 2: return 1;
    case 3: return 2;
    case 4: return 4;
    case 5:
    case 8: return 8;
    case 9: return 16;
    case 6:
    case 7:
        if (left < 2)
            return -1;
        return 2 + qsizetype(qFromBigEndian<quint16>(at));
    }
    return -1;
}

} // namespace

EventStreamDecoder::EventStreamDecoder(qsizetype maxFrameBytes) : m_maxFrameBytes(maxFrameBytes) {}

bool EventStreamDecoder::feed(QByteArrayView bytes, std::vector<EventStreamMessage>& out,
                              QString* error)
{
    if (m_broken) {
        *error = QStringLiteral("the event stream was broken before");
        return false;
    }
    m_buffer.append(bytes.data(), bytes.size());
    for (;;) {
        const int decoded = decodeFrame(out, error);
        if (decoded < 0) {
            m_broken = true;
            m_buffer.clear();
            return false;
        }
        if (decoded == 0)
            break;
    }
    // Drop the decoded frames' bytes once they are most of the buffer (amortised, no copy per
    // frame).
    if (m_start > 0 && m_start >= m_buffer.size() / 2) {
        m_buffer.remove(0, m_start);
        m_start = 0;
    }
    return true;
}

int EventStreamDecoder::decodeFrame(std::vector<EventStreamMessage>& out, QString* error)
{
    const qsizetype available = m_buffer.size() - m_start;
    if (available < preludeBytes)
        return 0;
    const char* frame = m_buffer.constData() + m_start;
    const quint32 total = readU32(frame);
    const quint32 headersLength = readU32(frame + 4);
    if (crc(frame, 8) != readU32(frame + 8)) {
        *error = QStringLiteral("an event-stream frame's prelude CRC does not match: the "
                                "backend's stream is corrupt");
        return -1;
    }
    if (qint64(total) < minFrameBytes || qint64(total) > m_maxFrameBytes) {
        *error = QStringLiteral("an event-stream frame of %1 bytes is out of bounds (%2 to %3)")
                     .arg(total)
                     .arg(minFrameBytes)
                     .arg(m_maxFrameBytes);
        return -1;
    }
    if (qint64(headersLength) > qint64(total) - minFrameBytes) {
        *error = QStringLiteral("an event-stream frame's headers (%1 bytes) do not fit in the "
                                "frame (%2 bytes)")
                     .arg(headersLength)
                     .arg(total);
        return -1;
    }
    if (available < qsizetype(total))
        return 0;
    if (crc(frame, qsizetype(total) - 4) != readU32(frame + total - 4)) {
        *error = QStringLiteral("an event-stream frame's message CRC does not match: the "
                                "backend's stream is corrupt");
        return -1;
    }

    EventStreamMessage message;
    const char* at = frame + preludeBytes;
    const char* headersEnd = at + headersLength;
    while (at < headersEnd) {
        const qsizetype nameLength = quint8(*at++);
        if (nameLength == 0 || headersEnd - at < nameLength + 1) {
            *error = QStringLiteral("an event-stream frame has a malformed header");
            return -1;
        }
        const QByteArrayView name(at, nameLength);
        at += nameLength;
        const quint8 type = quint8(*at++);
        const qsizetype size = valueBytes(type, at, headersEnd - at);
        if (size < 0 || headersEnd - at < size) {
            *error = QStringLiteral("an event-stream frame has a malformed header value");
            return -1;
        }
        if (type == 7) { // the headers an event consumer reads are all strings
            const QByteArray value(at + 2, size - 2);
            if (name == ":message-type")
                message.messageType = value;
            else if (name == ":event-type")
                message.eventType = value;
            else if (name == ":exception-type")
                message.exceptionType = value;
            else if (name == ":content-type")
                message.contentType = value;
            else if (name == ":error-code")
                message.errorCode = value;
            else if (name == ":error-message")
                message.errorMessage = value;
        }
        at += size;
    }
    message.payload =
        QByteArray(headersEnd, qsizetype(total) - qsizetype(headersLength) - minFrameBytes);
    out.push_back(std::move(message));
    m_start += qsizetype(total);
    return 1;
}

bool EventStreamDecoder::finish(QString* error) const
{
    if (m_broken) {
        *error = QStringLiteral("the event stream was broken before");
        return false;
    }
    if (m_buffer.size() == m_start)
        return true;
    *error = QStringLiteral("the event stream ended inside a frame (%1 bytes of it came)")
                 .arg(m_buffer.size() - m_start);
    return false;
}

bool appendEventStreamFrame(const EventStreamHeaders& headers, QByteArrayView payload,
                            QByteArray& out, QString* error, qsizetype maxFrameBytes)
{
    qsizetype headersBytes = 0;
    for (const auto& [name, value] : headers) {
        if (name.isEmpty() || name.size() > maxHeaderNameBytes ||
            value.size() > maxHeaderValueBytes) {
            *error = QStringLiteral("an event-stream header (%1: %2 bytes) is out of the "
                                    "framing's bounds")
                         .arg(QString::fromLatin1(name.left(maxHeaderNameBytes)))
                         .arg(value.size());
            return false;
        }
        headersBytes += 1 + name.size() + 1 + 2 + value.size();
    }
    const qsizetype total = minFrameBytes + headersBytes + payload.size();
    if (headersBytes > maxHeadersBytes || total > maxFrameBytes) {
        *error = QStringLiteral("an event-stream frame of %1 bytes (%2 of headers) is larger than "
                                "the framing allows")
                     .arg(total)
                     .arg(headersBytes);
        return false;
    }
    const qsizetype start = out.size();
    out.reserve(start + total);
    appendU32(out, quint32(total));
    appendU32(out, quint32(headersBytes));
    appendU32(out, crc(out.constData() + start, 8));
    for (const auto& [name, value] : headers) {
        out += char(name.size());
        out += name;
        out += char(7); // string
        out += char(value.size() >> 8);
        out += char(value.size() & 0xff);
        out += value;
    }
    out.append(payload.data(), payload.size());
    appendU32(out, crc(out.constData() + start, total - 4));
    return true;
}

} // namespace gateway::providers::bedrock
