#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <utility>
#include <vector>

namespace gateway::providers::bedrock {

// One message of an AWS event stream (application/vnd.amazon.eventstream), with the headers an
// event consumer reads. A header that is absent is empty.
struct EventStreamMessage
{
    QByteArray messageType;   // :message-type: "event", "exception" or "error"
    QByteArray eventType;     // :event-type (events): "contentBlockDelta" ...
    QByteArray exceptionType; // :exception-type (exceptions): "throttlingException" ...
    QByteArray contentType;   // :content-type: "application/json"
    QByteArray errorCode;     // :error-code (errors)
    QByteArray errorMessage;  // :error-message (errors)
    QByteArray payload;
};

// Decodes the AWS event-stream binary framing, the wire format of Bedrock's ConverseStream
// ("Amazon Bedrock API Reference", ConverseStream; the framing as the AWS SDKs' event-stream
// codec reads it):
//
//   total length (u32 BE) | headers length (u32 BE) | prelude CRC32 (over the 8 bytes before it)
//   headers: name length (u8), name, value type (u8), value
//   payload: total - headers - 16 bytes
//   message CRC32 (over everything before it)
//
// Bytes may come split anywhere. The prelude is checked (CRC, then the lengths against the
// bound) before any of the frame is buffered, so a corrupt or hostile length never makes the
// decoder wait for, or hold, more than maxFrameBytes.
class EventStreamDecoder
{
public:
    // Bedrock's frames are a few hundred bytes; 4 MiB is the bound SseDecoder keeps per event.
    static constexpr qsizetype defaultMaxFrameBytes = 4 * 1024 * 1024;

    explicit EventStreamDecoder(qsizetype maxFrameBytes = defaultMaxFrameBytes);

    // Appends the messages the bytes complete to out. False, with *error for people, on bytes
    // that break the framing (a CRC mismatch, a length out of bounds, a malformed header);
    // the decoder is then spent.
    bool feed(QByteArrayView bytes, std::vector<EventStreamMessage>& out, QString* error);
    // The stream ended: false when it ended inside a frame.
    bool finish(QString* error) const;

private:
    // Decodes the frame at the front of m_buffer if it is whole. 1: decoded, 0: needs more
    // bytes, -1: broken.
    int decodeFrame(std::vector<EventStreamMessage>& out, QString* error);

    qsizetype m_maxFrameBytes;
    QByteArray m_buffer; // an incomplete frame (bytes of complete ones are dropped as decoded)
    qsizetype m_start = 0;
    bool m_broken = false;
};

// Headers of a frame to write: name and string value (type 7), in the order they go out.
using EventStreamHeaders = std::vector<std::pair<QByteArray, QByteArray>>;

// Writes one message in the AWS event-stream framing (the inverse of EventStreamDecoder): the
// prelude with its CRC, the headers as strings, the payload and the message CRC. The built-in
// mock's Bedrock format writes its ConverseStream answers with it (ConverseAnswerEncoder.h).
// The framing's own limits hold (aws-c-event-stream, event_stream.h): a header name of 1 to 127
// bytes, a string value of at most 32,767, at most 128 KiB of headers; and a frame is at most
// maxFrameBytes, the decoder's bound, so that whatever is written can be read back. False, with
// *error for people and out unchanged, when the message does not fit.
bool appendEventStreamFrame(const EventStreamHeaders& headers, QByteArrayView payload,
                            QByteArray& out, QString* error,
                            qsizetype maxFrameBytes = EventStreamDecoder::defaultMaxFrameBytes);

} // namespace gateway::providers::bedrock
