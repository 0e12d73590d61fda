#pragma once

#include "providers/bedrock/EventStream.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QtEndian>

#include <zlib.h>

// Test helper: AWS event-stream frames (the framing of bedrock/EventStream.h), with string
// headers and correct CRCs, to build ConverseStream answers from their JSON payloads.
namespace eventstream {

inline QByteArray u32(quint32 v)
{
    QByteArray out(4, '\0');
    qToBigEndian(v, out.data());
    return out;
}

inline quint32 crcOf(const QByteArray& bytes)
{
    return quint32(crc32(0, reinterpret_cast<const Bytef*>(bytes.constData()), uInt(bytes.size())));
}

// A frame as the gateway writes one (bedrock/EventStream.h); u32 and crcOf above are for the
// tests that build broken frames by hand.
inline QByteArray frame(const QList<QPair<QByteArray, QByteArray>>& headers,
                        const QByteArray& payload)
{
    gateway::providers::bedrock::EventStreamHeaders list;
    for (const auto& [name, value] : headers)
        list.emplace_back(name, value);
    QByteArray out;
    QString error;
    if (!gateway::providers::bedrock::appendEventStreamFrame(list, payload, out, &error))
        qFatal("eventstream::frame: %s", qPrintable(error));
    return out;
}

// A ConverseStream event: :event-type, :content-type and :message-type "event".
inline QByteArray event(const QByteArray& type, const QByteArray& payload)
{
    return frame(
        {{":event-type", type}, {":content-type", "application/json"}, {":message-type", "event"}},
        payload);
}

// A ConverseStream exception: :exception-type and :message-type "exception".
inline QByteArray exception(const QByteArray& type, const QByteArray& payload)
{
    return frame({{":exception-type", type},
                  {":content-type", "application/json"},
                  {":message-type", "exception"}},
                 payload);
}

// A fixture of ConverseStream events, one a line: "event <type> <json>" or
// "exception <type> <json>"; blank lines and lines starting with '#' are skipped.
inline QByteArray fromFixture(const QByteArray& text)
{
    QByteArray out;
    for (const QByteArray& line : text.split('\n')) {
        if (line.trimmed().isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype a = line.indexOf(' ');
        const qsizetype b = line.indexOf(' ', a + 1);
        const QByteArray kind = line.left(a);
        const QByteArray type = line.mid(a + 1, b - a - 1);
        const QByteArray payload = line.mid(b + 1);
        out += kind == "exception" ? exception(type, payload) : event(type, payload);
    }
    return out;
}

} // namespace eventstream
