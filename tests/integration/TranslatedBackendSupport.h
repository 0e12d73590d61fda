#pragma once

// What the integration tests of translating backends (Gemini, native Ollama) share: a config
// with one backend of a type in front of a ScriptedUpstream, the parts of the request the
// upstream received, and an OpenAI stream read back as its parts.

#include "support/TestHttp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace translated {

// A backend "up" of type `type` at http://127.0.0.1:<port><basePath>, with the fixture's test
// key, behind the alias "m" (upstream model `model`).
inline QByteArray config(const char* type, quint16 port, const QByteArray& basePath,
                         const QByteArray& model)
{
    return R"({"schemaVersion": 1, "logging": {"captureBodies": true},
      "backends": [{"name": "up", "type": ")" +
           QByteArray(type) + R"(", "apiKey": "env:TEST_KEY",
                    "baseUrl": "http://127.0.0.1:)" +
           QByteArray::number(port) + basePath + R"("}],
      "models": [{"alias": "m", "targets": [{"backend": "up", "model": ")" +
           model + R"("}]}]})";
}

// One request as the upstream received it.
struct UpstreamRequest
{
    QByteArray requestLine;
    QByteArray head; // the header lines, as sent
    QJsonObject body;
    QByteArray header(const QByteArray& name) const
    {
        for (const QByteArray& line : head.split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().toLower() == name.toLower())
                return line.mid(colon + 1).trimmed();
        }
        return QByteArray();
    }
};

inline UpstreamRequest parse(const QByteArray& raw)
{
    UpstreamRequest r;
    const qsizetype end = raw.indexOf("\r\n\r\n");
    const QByteArray head = raw.left(end);
    r.requestLine = head.left(head.indexOf("\r\n"));
    r.head = head.mid(r.requestLine.size() + 2);
    r.body = QJsonDocument::fromJson(raw.mid(end + 4)).object();
    return r;
}

// An OpenAI chat stream read back: its text, reasoning, tool calls (index -> id, name,
// arguments joined), finish reasons, usage chunk and error event.
struct OpenAiStream
{
    QString content;
    QString reasoning;
    QJsonArray toolCalls; // {"id","name","arguments"} by index
    QStringList finishReasons;
    QJsonObject usage;
    QJsonObject error;
    bool done = false; // ended with data: [DONE]
};

inline OpenAiStream readStream(const QByteArray& body)
{
    OpenAiStream s;
    for (const QByteArray& payload : testhttp::ssePayloads(body)) {
        if (payload == "[DONE]") {
            s.done = true;
            continue;
        }
        const QJsonObject chunk = QJsonDocument::fromJson(payload).object();
        if (chunk.contains(QLatin1String("error")))
            s.error = chunk["error"].toObject();
        if (chunk["usage"].isObject())
            s.usage = chunk["usage"].toObject();
        for (const QJsonValue& c : chunk["choices"].toArray()) {
            const QJsonObject delta = c["delta"].toObject();
            s.content += delta["content"].toString();
            s.reasoning += delta["reasoning_content"].toString();
            for (const QJsonValue& t : delta["tool_calls"].toArray()) {
                const int i = t["index"].toInt();
                while (s.toolCalls.size() <= i)
                    s.toolCalls.append(QJsonObject());
                QJsonObject call = s.toolCalls[i].toObject();
                if (t["id"].isString())
                    call["id"] = t["id"];
                const QJsonObject f = t["function"].toObject();
                if (f["name"].isString())
                    call["name"] = f["name"];
                call["arguments"] = call["arguments"].toString() + f["arguments"].toString();
                s.toolCalls[i] = call;
            }
            if (c["finish_reason"].isString())
                s.finishReasons << c["finish_reason"].toString();
        }
    }
    return s;
}

inline const QByteArray toolsJson =
    R"([{"type":"function","function":{"name":"get_weather","description":"Current weather","parameters":{"type":"object","additionalProperties":false,"properties":{"city":{"type":"string"}},"required":["city"]}}}])";

} // namespace translated
