#include "api/Canonical.h"

#include "api/ChatRequest.h"
#include "api/Dialect.h"

#include <QJsonDocument>

#include <algorithm>
#include <cmath>

namespace gateway::api {

const char* endpointPath(Endpoint endpoint)
{
    switch (endpoint) {
    case Endpoint::ChatCompletions: return "/chat/completions";
    case Endpoint::Completions: return "/completions";
    case Endpoint::Embeddings: return "/embeddings";
    case Endpoint::ResponseRetrieve:
    case Endpoint::ResponseDelete:
    case Endpoint::ResponseInputItems: return "/responses";
    }
    return "/chat/completions";
}

const char* endpointName(Endpoint endpoint)
{
    switch (endpoint) {
    case Endpoint::ChatCompletions: return "chat.completions";
    case Endpoint::Completions: return "completions";
    case Endpoint::Embeddings: return "embeddings";
    case Endpoint::ResponseRetrieve: return "responses.retrieve";
    case Endpoint::ResponseDelete: return "responses.delete";
    case Endpoint::ResponseInputItems: return "responses.input_items";
    }
    return "";
}

const CanonicalRequest& ChatRequest::canonical() const
{
    if (!m_canonical) {
        auto built = std::make_shared<CanonicalRequest>();
        if (dialect)
            *built = dialect->canonical(*this);
        m_canonical = std::move(built);
    }
    return *m_canonical;
}

QByteArray Dialect::inputTokensBody(qint64 inputTokens) const
{
    return "{\"input_tokens\":" + QByteArray::number(inputTokens) + '}';
}

qint64 estimateInputTokens(const CanonicalRequest& request)
{
    QString text = request.promptText();
    for (const Tool& tool : request.tools) {
        text += tool.name;
        text += QLatin1Char('\n');
        text += tool.description;
        text += QLatin1Char('\n');
        text += QString::fromUtf8(QJsonDocument(tool.parameters).toJson(QJsonDocument::Compact));
        text += QLatin1Char('\n');
    }
    return estimateTokens(text);
}

bool splitDataUrl(const QString& url, QString* mediaType, QByteArray* base64)
{
    static const QLatin1String scheme("data:");
    static const QLatin1String marker(";base64,");
    if (!url.startsWith(scheme))
        return false;
    const qsizetype at = url.indexOf(marker);
    if (at < 0)
        return false;
    *mediaType = url.mid(scheme.size(), at - scheme.size());
    *base64 = url.mid(at + marker.size()).toLatin1();
    return !mediaType->isEmpty() && !base64->isEmpty();
}

std::optional<double> jsonNumber(const QJsonObject& object, const char* key)
{
    const QJsonValue v = object.value(QLatin1String(key));
    return v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
}

std::optional<qint64> jsonInteger(const QJsonObject& object, const char* key)
{
    constexpr double exact = 9007199254740992.0; // 2^53
    const std::optional<double> v = jsonNumber(object, key);
    if (!v || std::isnan(*v))
        return std::nullopt;
    return qint64(std::clamp(*v, -exact, exact));
}

qint64 estimateTokens(const QString& text)
{
    return estimateTokens(qint64(text.toUtf8().size()));
}

qint64 estimateTokens(qint64 utf8Bytes)
{
    return utf8Bytes <= 0 ? 0 : (utf8Bytes + 3) / 4;
}

QString Message::text() const
{
    QString out;
    for (const ContentPart& part : parts) {
        if (part.kind != ContentPart::Kind::Text)
            continue;
        if (!out.isEmpty())
            out += QLatin1Char('\n');
        out += part.text;
    }
    return out;
}

QString CanonicalRequest::promptText() const
{
    QString out;
    auto line = [&out](const QString& s) {
        if (s.isEmpty())
            return;
        out += s;
        out += QLatin1Char('\n');
    };
    line(system);
    for (const Message& m : messages) {
        line(m.text());
        for (const ToolCall& call : m.toolCalls)
            line(call.arguments);
    }
    for (const QString& p : prompts)
        line(p);
    for (const QString& i : inputs)
        line(i);
    return out;
}

} // namespace gateway::api
