#include "providers/gemini/GeminiWire.h"

#include "providers/CanonicalParts.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QUrl>

#include <simdjson.h>

#include <algorithm>
#include <cmath>

namespace gateway::providers::gemini {

namespace {

using api::ResponseEvent;
namespace dom = simdjson::dom;

// "Thought signatures": a model turn with function calls that Gemini did not write (history
// from another model or from a client that drops signatures) is sent with this documented
// value, which tells Gemini 3's validator to skip it instead of refusing the request.
constexpr char skipSignatureValidator[] = "skip_thought_signature_validator";

// Google's OpenAI compatibility layer maps reasoning_effort to these thinking budgets
// ("OpenAI compatibility", "Thinking"): low 1K, medium 8K, high 24K tokens; none turns thinking
// off.
std::optional<qint64> budgetForEffort(const QString& effort)
{
    if (effort == QLatin1String("none"))
        return 0;
    if (effort == QLatin1String("minimal") || effort == QLatin1String("low"))
        return 1024;
    if (effort == QLatin1String("medium"))
        return 8192;
    if (effort == QLatin1String("high"))
        return 24576;
    return std::nullopt;
}

// Deep enough for any real schema; a cycle of $refs stops here.
constexpr int maxRefDepth = 16;

class SchemaConverter
{
public:
    SchemaConverter(const QJsonObject& root, QSet<QString>* dropped) : m_dropped(dropped)
    {
        for (const char* key : {"$defs", "definitions"})
            m_defs.insert(QLatin1String(key), root.value(QLatin1String(key)).toObject());
    }

    QJsonObject convert(QJsonObject in, int depth)
    {
        const QString ref = in.take(QLatin1String("$ref")).toString();
        if (!ref.isEmpty()) {
            const QJsonObject target = resolve(ref);
            if (target.isEmpty() || depth >= maxRefDepth) {
                m_dropped->insert(QStringLiteral("$ref"));
            } else {
                // Keys beside a $ref (a description, say) win over the definition's.
                QJsonObject merged = target;
                for (auto it = in.begin(); it != in.end(); ++it)
                    merged.insert(it.key(), it.value());
                return convert(merged, depth + 1);
            }
        }
        QJsonObject out;
        for (auto it = in.begin(); it != in.end(); ++it) {
            const QString key = it.key();
            const QJsonValue value = it.value();
            if (key == QLatin1String("type")) {
                convertType(value, out);
            } else if (key == QLatin1String("properties") && value.isObject()) {
                QJsonObject properties;
                const QJsonObject in = value.toObject();
                for (auto p = in.begin(); p != in.end(); ++p)
                    properties.insert(p.key(), convert(p.value().toObject(), depth));
                out.insert(key, properties);
            } else if (key == QLatin1String("items") && value.isObject()) {
                out.insert(key, convert(value.toObject(), depth));
            } else if ((key == QLatin1String("anyOf") || key == QLatin1String("oneOf")) &&
                       value.isArray()) {
                // Gemini has no oneOf; anyOf is the closest it takes.
                QJsonArray options;
                for (const QJsonValue& option : value.toArray())
                    options.append(convert(option.toObject(), depth));
                out.insert(QStringLiteral("anyOf"), options);
            } else if (key == QLatin1String("const") && value.isString()) {
                out.insert(QStringLiteral("enum"), QJsonArray{value});
            } else if (key == QLatin1String("enum") && allStrings(value)) {
                out.insert(key, value);
            } else if (key == QLatin1String("format")) {
                // Gemini refuses a request whose format it does not know ("only 'enum' and
                // 'date-time' are supported for STRING type").
                static const QStringList known = {
                    QStringLiteral("enum"),  QStringLiteral("date-time"), QStringLiteral("int32"),
                    QStringLiteral("int64"), QStringLiteral("float"),     QStringLiteral("double")};
                if (known.contains(value.toString()))
                    out.insert(key, value);
                else
                    m_dropped->insert(QStringLiteral("format"));
            } else if (isKept(key)) {
                out.insert(key, value);
            } else {
                m_dropped->insert(key);
            }
        }
        return out;
    }

private:
    static bool allStrings(const QJsonValue& value)
    {
        if (!value.isArray())
            return false;
        const QJsonArray array = value.toArray();
        return std::all_of(array.begin(), array.end(),
                           [](const QJsonValue& v) { return v.isString(); });
    }

    // The Schema object's fields that pass as they are ("Function calling", Schema).
    static bool isKept(const QString& key)
    {
        static const QSet<QString> kept = {
            QStringLiteral("title"),         QStringLiteral("description"),
            QStringLiteral("nullable"),      QStringLiteral("required"),
            QStringLiteral("maxItems"),      QStringLiteral("minItems"),
            QStringLiteral("minProperties"), QStringLiteral("maxProperties"),
            QStringLiteral("minLength"),     QStringLiteral("maxLength"),
            QStringLiteral("pattern"),       QStringLiteral("example"),
            QStringLiteral("default"),       QStringLiteral("minimum"),
            QStringLiteral("maximum"),       QStringLiteral("propertyOrdering")};
        return kept.contains(key);
    }

    // A JSON Schema type list ["string", "null"] is Gemini's type plus nullable; several
    // types become anyOf.
    void convertType(const QJsonValue& value, QJsonObject& out)
    {
        if (value.isString()) {
            out.insert(QStringLiteral("type"), value);
            return;
        }
        QJsonArray types;
        for (const QJsonValue& t : value.toArray()) {
            if (t.toString() == QLatin1String("null"))
                out.insert(QStringLiteral("nullable"), true);
            else if (t.isString())
                types.append(t);
        }
        if (types.size() == 1) {
            out.insert(QStringLiteral("type"), types.first());
        } else if (types.size() > 1) {
            QJsonArray options;
            for (const QJsonValue& t : types)
                options.append(QJsonObject{{QStringLiteral("type"), t}});
            out.insert(QStringLiteral("anyOf"), options);
        }
    }

    // Local references only ("#/$defs/Name", "#/definitions/Name").
    QJsonObject resolve(const QString& ref) const
    {
        for (auto it = m_defs.begin(); it != m_defs.end(); ++it) {
            const QString prefix = QStringLiteral("#/") + it.key() + QLatin1Char('/');
            if (ref.startsWith(prefix))
                return it.value().value(ref.mid(prefix.size())).toObject();
        }
        return QJsonObject();
    }

    QSet<QString>* m_dropped;
    QHash<QString, QJsonObject> m_defs;
};

QJsonObject textPart(const QString& text)
{
    return QJsonObject{{QStringLiteral("text"), text}};
}

QJsonObject inlineData(const QString& mediaType, const QByteArray& base64)
{
    return QJsonObject{{QStringLiteral("inlineData"),
                        QJsonObject{{QStringLiteral("mimeType"), mediaType},
                                    {QStringLiteral("data"), QString::fromLatin1(base64)}}}};
}

// The media type of an image URL, from its file name; empty when it does not name one of the
// image types Gemini reads ("Image understanding": PNG, JPEG, WEBP, HEIC, HEIF).
QString imageTypeOf(const QUrl& url)
{
    const QString path = url.path().toLower();
    static const std::pair<const char*, const char*> types[] = {
        {".png", "image/png"},   {".jpg", "image/jpeg"},  {".jpeg", "image/jpeg"},
        {".webp", "image/webp"}, {".heic", "image/heic"}, {".heif", "image/heif"}};
    for (const auto& [suffix, type] : types)
        if (path.endsWith(QLatin1String(suffix)))
            return QLatin1String(type);
    return QString();
}

// A content part of the canonical request as a Gemini Part; false with *error when Gemini
// cannot take it.
bool appendPart(const api::ContentPart& p, QJsonArray& parts, QString* error)
{
    switch (p.kind) {
    case api::ContentPart::Kind::Text:
        if (!p.text.isEmpty())
            parts.append(textPart(p.text));
        return true;
    case api::ContentPart::Kind::ImageData:
        parts.append(inlineData(p.mediaType, p.data));
        return true;
    case api::ContentPart::Kind::ImageUrl: break;
    }
    QString mediaType;
    QByteArray base64;
    if (api::splitDataUrl(p.url, &mediaType, &base64)) {
        parts.append(inlineData(mediaType, base64));
        return true;
    }
    // Gemini fetches a fileData URI itself; it needs the media type with it, read here from
    // the file name.
    const QUrl url(p.url);
    const QString scheme = url.scheme();
    const QString type = imageTypeOf(url);
    if ((scheme != QLatin1String("https") && scheme != QLatin1String("http") &&
         scheme != QLatin1String("gs")) ||
        type.isEmpty()) {
        *error = QStringLiteral("Gemini cannot take the image URL \"%1\": it takes images as "
                                "base64 data (a data: URL) or as an http(s) or gs:// URL that "
                                "ends in .png, .jpg, .jpeg, .webp, .heic or .heif")
                     .arg(p.url.left(200));
        return false;
    }
    parts.append(
        QJsonObject{{QStringLiteral("fileData"), QJsonObject{{QStringLiteral("fileUri"), p.url},
                                                             {QStringLiteral("mimeType"), type}}}});
    return true;
}

// A tool result as a functionResponse's response, which must be an object ("Function
// calling"): a JSON object result as it is, anything else under "result", and a failed call's
// output under "error", the key Gemini documents for it.
QJsonObject functionResponse(const api::Message& m)
{
    const QString text = m.text();
    QJsonParseError parsed;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &parsed);
    const bool json = parsed.error == QJsonParseError::NoError;
    if (json && doc.isObject() && !m.toolError)
        return doc.object();
    const QJsonValue value = !json            ? QJsonValue(text)
                             : doc.isObject() ? QJsonValue(doc.object())
                                              : QJsonValue(doc.array());
    return QJsonObject{{m.toolError ? QStringLiteral("error") : QStringLiteral("result"), value}};
}

// The canonical conversation as Gemini contents: roles user and model, tool results as
// functionResponse parts of a user turn. Consecutive messages of one Gemini role go in one
// Content, so that the answers to parallel calls travel together, as Gemini expects.
bool appendContents(const api::CanonicalRequest& r, QJsonArray& contents, QString* error)
{
    ToolCallNames names;
    QString role;
    QJsonArray parts;
    const auto flush = [&] {
        if (!parts.isEmpty())
            contents.append(
                QJsonObject{{QStringLiteral("role"), role}, {QStringLiteral("parts"), parts}});
        parts = QJsonArray();
    };
    for (const api::Message& m : r.messages) {
        const QString wanted =
            m.role == api::Role::Assistant ? QStringLiteral("model") : QStringLiteral("user");
        if (wanted != role) {
            flush();
            role = wanted;
        }
        if (m.role == api::Role::Tool) {
            const QString name = names.nameOf(m.toolCallId);
            if (name.isEmpty()) {
                *error = QStringLiteral("the tool result for call \"%1\" answers no tool call of "
                                        "an earlier assistant message; Gemini needs the "
                                        "function's name")
                             .arg(m.toolCallId);
                return false;
            }
            parts.append(
                QJsonObject{{QStringLiteral("functionResponse"),
                             QJsonObject{{QStringLiteral("name"), name},
                                         {QStringLiteral("response"), functionResponse(m)}}}});
            // Images returned by a tool follow its response in the same turn.
            for (const api::ContentPart& p : m.parts)
                if (p.kind != api::ContentPart::Kind::Text && !appendPart(p, parts, error))
                    return false;
            continue;
        }
        const qsizetype first = parts.size();
        for (const api::ContentPart& p : m.parts)
            if (!appendPart(p, parts, error))
                return false;
        for (const api::ToolCall& call : m.toolCalls) {
            const std::optional<QJsonObject> args = argumentsObject(call.arguments);
            if (!args) {
                *error = QStringLiteral("the arguments of tool call \"%1\" (%2) are not a JSON "
                                        "object; Gemini takes function call arguments only as "
                                        "an object")
                             .arg(call.id, call.name);
                return false;
            }
            parts.append(QJsonObject{
                {QStringLiteral("functionCall"), QJsonObject{{QStringLiteral("name"), call.name},
                                                             {QStringLiteral("args"), *args}}}});
        }
        if (m.role == api::Role::Assistant && parts.size() > first) {
            // The signature goes back on the turn's first function call, or on its first part
            // ("Thought signatures"); a turn with calls and none gets the validator's skip.
            qsizetype at = first;
            for (qsizetype i = first; i < parts.size(); ++i)
                if (parts.at(i).toObject().contains(QLatin1String("functionCall"))) {
                    at = i;
                    break;
                }
            const bool call = parts.at(at).toObject().contains(QLatin1String("functionCall"));
            const QByteArray signature = !m.reasoningSignature.isEmpty() ? m.reasoningSignature
                                         : call ? QByteArray(skipSignatureValidator)
                                                : QByteArray();
            if (!signature.isEmpty()) {
                QJsonObject part = parts.at(at).toObject();
                part.insert(QStringLiteral("thoughtSignature"), QString::fromLatin1(signature));
                parts.replace(at, part);
            }
        }
        names.add(m);
    }
    flush();
    if (r.endpoint == api::Endpoint::Completions) {
        if (r.prompts.size() != 1) {
            *error = QStringLiteral("Gemini answers one prompt per request; this completions "
                                    "request has %1")
                         .arg(r.prompts.size());
            return false;
        }
        contents.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                    {QStringLiteral("parts"), QJsonArray{textPart(r.prompts[0])}}});
    }
    return true;
}

// tool_choice (OpenAI's shape) as toolConfig.functionCallingConfig ("Function calling",
// function calling modes): auto AUTO, required ANY, a named function ANY limited to it, none
// NONE.
QJsonObject toolConfig(const QJsonValue& choice)
{
    QJsonObject config;
    if (choice.isString()) {
        const QString mode = choice.toString();
        if (mode == QLatin1String("auto"))
            config.insert(QStringLiteral("mode"), QStringLiteral("AUTO"));
        else if (mode == QLatin1String("required"))
            config.insert(QStringLiteral("mode"), QStringLiteral("ANY"));
        else if (mode == QLatin1String("none"))
            config.insert(QStringLiteral("mode"), QStringLiteral("NONE"));
    } else if (choice.isObject()) {
        const QString name = choice.toObject()
                                 .value(QLatin1String("function"))
                                 .toObject()
                                 .value(QLatin1String("name"))
                                 .toString();
        if (!name.isEmpty()) {
            config.insert(QStringLiteral("mode"), QStringLiteral("ANY"));
            config.insert(QStringLiteral("allowedFunctionNames"), QJsonArray{name});
        }
    }
    if (config.isEmpty())
        return config;
    return QJsonObject{{QStringLiteral("functionCallingConfig"), config}};
}

QJsonObject generationConfig(const api::CanonicalRequest& r, QSet<QString>* dropped)
{
    QJsonObject g;
    if (r.temperature)
        g.insert(QStringLiteral("temperature"), *r.temperature);
    if (r.topP)
        g.insert(QStringLiteral("topP"), *r.topP);
    if (r.topK)
        g.insert(QStringLiteral("topK"), double(*r.topK));
    if (r.maxTokens)
        g.insert(QStringLiteral("maxOutputTokens"), double(*r.maxTokens));
    if (!r.stop.isEmpty())
        g.insert(QStringLiteral("stopSequences"), QJsonArray::fromStringList(r.stop));
    if (r.n != 1)
        g.insert(QStringLiteral("candidateCount"), r.n);
    if (r.seed)
        g.insert(QStringLiteral("seed"), double(*r.seed));
    const QJsonObject format = r.responseFormat.toObject();
    const QString type = format.value(QLatin1String("type")).toString();
    if (type == QLatin1String("json_object")) {
        g.insert(QStringLiteral("responseMimeType"), QStringLiteral("application/json"));
    } else if (type == QLatin1String("json_schema")) {
        g.insert(QStringLiteral("responseMimeType"), QStringLiteral("application/json"));
        const QJsonObject schema = format.value(QLatin1String("json_schema"))
                                       .toObject()
                                       .value(QLatin1String("schema"))
                                       .toObject();
        if (!schema.isEmpty()) {
            SchemaConverter converter(schema, dropped);
            g.insert(QStringLiteral("responseSchema"), converter.convert(schema, 0));
        }
    }
    // Thinking: a budget as asked, else the effort's budget; the thoughts come back (as
    // reasoning) whenever the client asked for reasoning.
    std::optional<qint64> budget;
    if (r.thinkingBudget > 0)
        budget = r.thinkingBudget;
    else if (!r.reasoningEffort.isEmpty())
        budget = budgetForEffort(r.reasoningEffort);
    if (budget) {
        QJsonObject thinking{{QStringLiteral("thinkingBudget"), double(*budget)}};
        if (*budget > 0)
            thinking.insert(QStringLiteral("includeThoughts"), true);
        g.insert(QStringLiteral("thinkingConfig"), thinking);
    }
    return g;
}

dom::parser& parser()
{
    thread_local dom::parser p;
    return p;
}

// Parses bytes into root; false for no bytes (simdjson must not be given a null pointer) and
// for bytes that are not JSON.
bool parse(QByteArrayView bytes, dom::element& root)
{
    return !bytes.isEmpty() && !parser().parse(bytes.data(), size_t(bytes.size())).get(root);
}

QString text(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

QByteArray bytes(std::string_view s)
{
    return QByteArray(s.data(), qsizetype(s.size()));
}

qint64 count(dom::element object, const char* key)
{
    int64_t n = 0;
    if (object[key].get_int64().get(n))
        return 0;
    return std::max<int64_t>(0, n);
}

// usageMetadata ("Generating content", UsageMetadata). promptTokenCount already includes the
// cached content; thoughts are output tokens that candidatesTokenCount leaves out.
std::optional<api::Usage> usageOf(dom::element root)
{
    dom::element u;
    if (root["usageMetadata"].get(u) || !u.is_object())
        return std::nullopt;
    api::Usage usage;
    usage.promptTokens = count(u, "promptTokenCount") + count(u, "toolUsePromptTokenCount");
    usage.reasoningTokens = count(u, "thoughtsTokenCount");
    usage.completionTokens = count(u, "candidatesTokenCount") + usage.reasoningTokens;
    usage.cacheReadTokens = count(u, "cachedContentTokenCount");
    return usage;
}

// FinishReason ("Generating content", Candidate.FinishReason) in OpenAI's vocabulary.
QByteArray finishReason(std::string_view reason, bool calledTools)
{
    if (reason == "MAX_TOKENS")
        return "length";
    static constexpr std::string_view filtered[] = {
        "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY"};
    if (std::find(std::begin(filtered), std::end(filtered), reason) != std::end(filtered))
        return "content_filter";
    return calledTools ? "tool_calls" : "stop";
}

std::string_view stringOr(dom::element object, const char* key, std::string_view fallback)
{
    std::string_view s;
    return object[key].get_string().get(s) ? fallback : s;
}

} // namespace

QJsonObject geminiSchema(const QJsonObject& schema, QStringList* dropped)
{
    QSet<QString> names;
    SchemaConverter converter(schema, &names);
    const QJsonObject out = converter.convert(schema, 0);
    if (dropped) {
        for (const QString& name : names)
            if (!dropped->contains(name))
                dropped->append(name);
        dropped->sort();
    }
    return out;
}

RequestBody requestBody(const api::CanonicalRequest& r)
{
    RequestBody result;
    if (r.endpoint == api::Endpoint::Embeddings) {
        result.error = QStringLiteral("the gemini backend type serves chat and completions, not "
                                      "embeddings");
        return result;
    }
    QJsonObject root;
    QJsonArray contents;
    if (!appendContents(r, contents, &result.error))
        return result;
    root.insert(QStringLiteral("contents"), contents);
    if (!r.system.isEmpty())
        root.insert(QStringLiteral("systemInstruction"),
                    QJsonObject{{QStringLiteral("parts"), QJsonArray{textPart(r.system)}}});
    QSet<QString> dropped;
    if (!r.tools.isEmpty()) {
        QJsonArray declarations;
        for (const api::Tool& t : r.tools) {
            QJsonObject d{{QStringLiteral("name"), t.name}};
            if (!t.description.isEmpty())
                d.insert(QStringLiteral("description"), t.description);
            // A function without parameters has none: Gemini refuses an object schema with
            // no properties.
            if (!t.parameters.value(QLatin1String("properties")).toObject().isEmpty()) {
                SchemaConverter converter(t.parameters, &dropped);
                d.insert(QStringLiteral("parameters"), converter.convert(t.parameters, 0));
            }
            declarations.append(d);
        }
        root.insert(
            QStringLiteral("tools"),
            QJsonArray{QJsonObject{{QStringLiteral("functionDeclarations"), declarations}}});
        const QJsonObject config = toolConfig(r.toolChoice);
        if (!config.isEmpty())
            root.insert(QStringLiteral("toolConfig"), config);
    }
    const QJsonObject generation = generationConfig(r, &dropped);
    if (!generation.isEmpty())
        root.insert(QStringLiteral("generationConfig"), generation);
    result.droppedSchemaKeys = QStringList(dropped.begin(), dropped.end());
    result.droppedSchemaKeys.sort();
    result.body = QJsonDocument(root).toJson(QJsonDocument::Compact);
    return result;
}

QByteArray requestPath(const QString& model, bool stream)
{
    QByteArray path = "/";
    if (!model.startsWith(QLatin1String("models/")) &&
        !model.startsWith(QLatin1String("tunedModels/")))
        path += "models/";
    path += QUrl::toPercentEncoding(model, "/");
    path += stream ? ":streamGenerateContent?alt=sse" : ":generateContent";
    return path;
}

GeminiDecoder::GeminiDecoder(QString idPrefix) : m_idPrefix(std::move(idPrefix)) {}

GeminiDecoder::Choice& GeminiDecoder::choice(int index)
{
    if (size_t(index) >= m_choices.size())
        m_choices.resize(size_t(index) + 1);
    return m_choices[size_t(index)];
}

bool GeminiDecoder::decodeResponse(QByteArrayView json, std::vector<ResponseEvent>& out,
                                   QString* error)
{
    dom::element root;
    if (!parse(json, root) || !root.is_object()) {
        *error = QStringLiteral("Gemini sent an answer that is not a JSON object: %1")
                     .arg(QString::fromUtf8(
                         json.first(qMin<qsizetype>(json.size(), 120)).toByteArray()));
        return false;
    }
    dom::element problem;
    if (!root["error"].get(problem)) {
        // An error in the middle of a stream (Google's error object as a data: event).
        std::string_view message = stringOr(problem, "message", {});
        if (message.empty())
            message = "Gemini reported an error in the stream";
        out.push_back(ResponseEvent::error(0, "upstream_stream_error", bytes(message)));
        m_failed = true;
        return true;
    }
    dom::array candidates;
    const bool hasCandidates = !root["candidates"].get_array().get(candidates);
    dom::element feedback;
    std::string_view blockReason;
    if (!root["promptFeedback"].get(feedback) &&
        !feedback["blockReason"].get_string().get(blockReason) &&
        (!hasCandidates || candidates.size() == 0)) {
        // The prompt itself was refused ("Safety settings", PromptFeedback): no candidate.
        QByteArray message = "Gemini blocked the prompt (blockReason " + bytes(blockReason) + ")";
        std::string_view detail;
        if (!feedback["blockReasonMessage"].get_string().get(detail))
            message += ": " + bytes(detail);
        ResponseEvent e = ResponseEvent::error(400, "content_filter", message);
        e.body = message;
        e.contentType = "text/plain; charset=utf-8";
        e.providerDetail = bytes(simdjson::minify(root));
        out.push_back(std::move(e));
        m_failed = true;
        return true;
    }
    if (hasCandidates) {
        int position = 0;
        for (dom::element candidate : candidates) {
            // Gemini leaves index out of a lone candidate's chunks.
            int64_t index = position++;
            if (candidate["index"].get_int64().get(index))
                index = position - 1;
            const int i = int(std::clamp<int64_t>(index, 0, 127));
            Choice& c = choice(i);
            dom::array parts;
            if (!candidate["content"]["parts"].get_array().get(parts)) {
                for (dom::element part : parts) {
                    std::string_view s;
                    std::string_view signature;
                    const bool signed_ = !part["thoughtSignature"].get_string().get(signature);
                    bool thought = false;
                    if (part["thought"].get_bool().get(thought))
                        thought = false;
                    dom::element call;
                    if (!part["functionCall"].get(call)) {
                        if (signed_) { // kept for the next turn (Anthropic-style clients)
                            ResponseEvent e = ResponseEvent::reasoningDelta(QString(), i);
                            e.signature = bytes(signature);
                            out.push_back(std::move(e));
                        }
                        std::string_view id = stringOr(call, "id", {});
                        const QString callId =
                            !id.empty() ? text(id)
                            : m_idPrefix.isEmpty()
                                ? QStringLiteral("call_%1_%2").arg(i).arg(c.toolCalls)
                                : QStringLiteral("call_%1_%2_%3")
                                      .arg(m_idPrefix)
                                      .arg(i)
                                      .arg(c.toolCalls);
                        dom::element args;
                        const QString arguments = call["args"].get(args) || !args.is_object()
                                                      ? QStringLiteral("{}")
                                                      : text(simdjson::minify(args));
                        out.push_back(ResponseEvent::toolCallDelta(
                            c.toolCalls++, callId, text(stringOr(call, "name", {})), arguments, i));
                        continue;
                    }
                    if (part["text"].get_string().get(s))
                        s = {};
                    if (thought) {
                        if (s.empty() && !signed_)
                            continue;
                        ResponseEvent e = ResponseEvent::reasoningDelta(text(s), i);
                        if (signed_)
                            e.signature = bytes(signature);
                        out.push_back(std::move(e));
                        continue;
                    }
                    if (signed_) {
                        ResponseEvent e = ResponseEvent::reasoningDelta(QString(), i);
                        e.signature = bytes(signature);
                        out.push_back(std::move(e));
                    }
                    if (!s.empty())
                        out.push_back(ResponseEvent::textDelta(text(s), i));
                }
            }
            std::string_view reason;
            if (!candidate["finishReason"].get_string().get(reason) &&
                reason != "FINISH_REASON_UNSPECIFIED") {
                ResponseEvent e = ResponseEvent::finish(finishReason(reason, c.toolCalls > 0), i);
                if (reason != "STOP" && reason != "MAX_TOKENS") {
                    // Why Gemini stopped, with the ratings that blocked the answer, for the
                    // request's log row.
                    QByteArray detail = "{\"finishReason\":\"" + bytes(reason) + '"';
                    dom::element ratings;
                    if (!candidate["safetyRatings"].get(ratings))
                        detail += ",\"safetyRatings\":" + bytes(simdjson::minify(ratings));
                    e.providerDetail = detail + '}';
                }
                out.push_back(std::move(e));
                c.finished = true;
            }
        }
    }
    if (std::optional<api::Usage> usage = usageOf(root))
        m_usage = usage;
    return true;
}

bool GeminiDecoder::decodeEvents(std::vector<ResponseEvent>& out, QString* error)
{
    for (const http::SseDecoder::Event& e : m_events) {
        if (m_failed)
            break;
        if (!decodeResponse(QByteArrayView(e.data), out, error)) {
            m_events.clear();
            return false;
        }
    }
    m_events.clear();
    return true;
}

bool GeminiDecoder::feed(QByteArrayView bytes, std::vector<ResponseEvent>& out, QString* error)
{
    if (m_failed)
        return true;
    if (!m_sse.feed(bytes.data(), size_t(bytes.size()), m_events)) {
        *error = QStringLiteral("a Gemini stream event is larger than 4 MiB");
        return false;
    }
    return decodeEvents(out, error);
}

bool GeminiDecoder::finish(std::vector<ResponseEvent>& out, QString* error)
{
    if (m_failed)
        return true;
    m_sse.finish(m_events);
    if (!decodeEvents(out, error))
        return false;
    if (m_failed)
        return true;
    const bool finished =
        !m_choices.empty() &&
        std::all_of(m_choices.begin(), m_choices.end(), [](const Choice& c) { return c.finished; });
    if (!finished) {
        *error = QStringLiteral("the Gemini stream ended before its last chunk (no finishReason)");
        return false;
    }
    if (m_usage)
        out.push_back(ResponseEvent::usageEvent(*m_usage));
    return true;
}

bool GeminiDecoder::decodeWhole(QByteArrayView body, std::vector<ResponseEvent>& out,
                                QString* error)
{
    if (!decodeResponse(body, out, error))
        return false;
    if (!m_failed && m_usage)
        out.push_back(ResponseEvent::usageEvent(*m_usage));
    return true;
}

QByteArray GeminiDecoder::errorMessage(int, QByteArrayView body) const
{
    // Google's error shape ("Troubleshooting", API errors): {"error": {"code": 429, "message":
    // "...", "status": "RESOURCE_EXHAUSTED"}}, sometimes inside a one-element array.
    dom::element root;
    if (!parse(body, root))
        return QByteArray();
    dom::array list;
    if (!root.get_array().get(list)) {
        if (list.size() == 0)
            return QByteArray();
        if (list.at(0).get(root))
            return QByteArray();
    }
    dom::element e;
    if (root["error"].get(e) || !e.is_object())
        return QByteArray();
    QByteArray message = bytes(stringOr(e, "message", {}));
    const std::string_view status = stringOr(e, "status", {});
    if (!status.empty())
        message += (message.isEmpty() ? "" : " (") + bytes(status) + (message.isEmpty() ? "" : ")");
    return message;
}

QByteArray GeminiDecoder::retryAfter(int, QByteArrayView body) const
{
    // {"error": {..., "details": [{"@type": "type.googleapis.com/google.rpc.RetryInfo",
    // "retryDelay": "15.3s"}]}} (Gemini API "Rate limits"; google.rpc.RetryInfo's delay is a
    // protobuf Duration, seconds with an "s").
    dom::element root;
    dom::array details;
    if (!parse(body, root) || root["error"]["details"].get_array().get(details))
        return QByteArray();
    for (dom::element detail : details) {
        if (!stringOr(detail, "@type", {}).ends_with("google.rpc.RetryInfo"))
            continue;
        const QByteArray delay = bytes(stringOr(detail, "retryDelay", {}));
        bool ok = false;
        const double seconds = delay.endsWith('s') ? delay.chopped(1).toDouble(&ok) : 0;
        if (ok && seconds >= 0 && seconds < 86400)
            return QByteArray::number(qint64(std::ceil(seconds)));
    }
    return QByteArray();
}

} // namespace gateway::providers::gemini
