#include "api/OpenAiDialect.h"

#include "api/OpenAiError.h"

#include <simdjson.h>

#include <cstring>

namespace gateway::api {

namespace od = simdjson::ondemand;

const char* endpointPath(Endpoint endpoint)
{
    switch (endpoint) {
    case Endpoint::ChatCompletions: return "/chat/completions";
    case Endpoint::Completions: return "/completions";
    case Endpoint::Embeddings: return "/embeddings";
    }
    return "/chat/completions";
}

namespace {

od::parser& threadParser()
{
    thread_local od::parser parser;
    return parser;
}

// simdjson reads up to SIMDJSON_PADDING bytes past the end; give it room without copying.
simdjson::padded_string_view paddedView(QByteArray& bytes)
{
    if (bytes.capacity() < bytes.size() + qsizetype(simdjson::SIMDJSON_PADDING))
        bytes.reserve(bytes.size() + qsizetype(simdjson::SIMDJSON_PADDING));
    return simdjson::padded_string_view(bytes.constData(), size_t(bytes.size()),
                                        size_t(bytes.capacity()));
}

QString toQString(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

bool fail(DialectError* error, const char* param, QByteArray message, int status = 400)
{
    error->status = status;
    error->param = param ? QByteArray(param) : QByteArray();
    error->message = std::move(message);
    return false;
}

// A string, or an array of strings/numbers (token ids), non-empty: OpenAI's prompt and input.
bool isTextOrList(od::value value)
{
    od::json_type type;
    if (value.type().get(type))
        return false;
    if (type == od::json_type::string)
        return true;
    if (type != od::json_type::array)
        return false;
    od::array items;
    if (value.get_array().get(items))
        return false;
    size_t count = 0;
    return !items.count_elements().get(count) && count > 0;
}

void appendContent(QString& out, od::value content)
{
    od::json_type type;
    if (content.type().get(type))
        return;
    if (type == od::json_type::string) {
        std::string_view s;
        if (!content.get_string().get(s)) {
            out += toQString(s);
            out += QLatin1Char('\n');
        }
        return;
    }
    if (type != od::json_type::array)
        return;
    od::array parts;
    if (content.get_array().get(parts))
        return;
    for (auto part : parts) {
        std::string_view s;
        if (!part.get_string().get(s)) { // prompt and input may be arrays of strings
            out += toQString(s);
            out += QLatin1Char('\n');
            continue;
        }
        od::object o;
        if (part.get_object().get(o))
            continue;
        std::string_view text;
        if (!o["text"].get_string().get(text)) {
            out += toQString(text);
            out += QLatin1Char('\n');
        }
    }
}

} // namespace

bool OpenAiDialect::parse(Endpoint endpoint, QByteArray body, ChatRequest* out, DialectError* error)
{
    out->endpoint = endpoint;
    out->body = std::move(body);
    // Padding may reallocate the body: take its address afterwards.
    const simdjson::padded_string_view view = paddedView(out->body);
    const char* base = out->body.constData();
    auto offsetOf = [base](std::string_view token) { return qsizetype(token.data() - base); };

    od::document doc;
    od::object root;
    if (threadParser().iterate(view).get(doc) || doc.get_object().get(root))
        return fail(error, nullptr,
                    "We could not parse the JSON body of your request. (HINT: This likely means "
                    "you aren't using your HTTP library correctly. The OpenAI API expects a JSON "
                    "payload, but what was sent was not valid JSON.)");
    out->rootOpenOffset = out->body.indexOf('{');

    bool sawModel = false;
    bool sawPayload = false; // messages / prompt / input
    for (auto field : root) {
        std::string_view key;
        od::value value;
        if (field.unescaped_key().get(key) || field.value().get(value))
            return fail(error, nullptr, "We could not parse the JSON body of your request.");
        if (key == "model") {
            std::string_view token = value.raw_json_token();
            std::string_view model;
            if (value.get_string().get(model))
                return fail(error, "model", "model must be a string.");
            out->model = toQString(model);
            out->modelOffset = offsetOf(token);
            out->modelLength = qsizetype(token.size());
            sawModel = true;
        } else if (key == "stream") {
            bool stream = false;
            if (!value.is_null().value_unsafe() && value.get_bool().get(stream))
                return fail(error, "stream", "stream must be a boolean.");
            out->stream = stream;
        } else if (key == "stream_options") {
            std::string_view token = value.raw_json_token();
            out->streamOptionsOffset = offsetOf(token);
            out->streamOptionsLength = qsizetype(token.size());
            bool isNull = false;
            if (value.is_null().get(isNull) || isNull)
                continue;
            od::object options;
            if (value.get_object().get(options))
                return fail(error, "stream_options", "stream_options must be an object.");
            out->streamOptionsIsObject = true;
            for (auto option : options) {
                out->streamOptionsEmpty = false;
                std::string_view optionKey;
                od::value optionValue;
                if (option.unescaped_key().get(optionKey) || option.value().get(optionValue))
                    return fail(error, "stream_options", "stream_options is not valid JSON.");
                if (optionKey == "include_usage") {
                    std::string_view vtoken = optionValue.raw_json_token();
                    bool include = false;
                    if (optionValue.get_bool().get(include))
                        return fail(error, "stream_options.include_usage",
                                    "stream_options.include_usage must be a boolean.");
                    out->includeUsage = include;
                    out->includeUsageOffset = offsetOf(vtoken);
                    out->includeUsageLength = qsizetype(vtoken.size());
                }
            }
        } else if (key == "messages" && endpoint == Endpoint::ChatCompletions) {
            od::array messages;
            if (value.get_array().get(messages))
                return fail(error, "messages", "Invalid type for 'messages': expected an array.");
            size_t count = 0;
            for (auto message : messages) {
                od::object m;
                if (message.get_object().get(m))
                    return fail(error, "messages",
                                QByteArray("Invalid type for 'messages[") +
                                    QByteArray::number(qulonglong(count)) +
                                    "]': expected an object.");
                std::string_view role;
                if (m["role"].get_string().get(role))
                    return fail(error, "messages",
                                QByteArray("Missing required parameter: 'messages[") +
                                    QByteArray::number(qulonglong(count)) + "].role'.");
                ++count;
            }
            if (count == 0)
                return fail(error, "messages",
                            "Invalid 'messages': empty array. Expected an array with minimum "
                            "length 1, but got an empty array instead.");
            sawPayload = true;
        } else if (key == "prompt" && endpoint == Endpoint::Completions) {
            if (!isTextOrList(value))
                return fail(error, "prompt", "prompt must be a string or a non-empty array.");
            sawPayload = true;
        } else if (key == "encoding_format" && endpoint == Endpoint::Embeddings) {
            std::string_view format;
            if (value.get_string().get(format) || (format != "float" && format != "base64"))
                return fail(error, "encoding_format",
                            "Invalid value for 'encoding_format': expected 'float' or 'base64'.");
            out->base64Embeddings = format == "base64";
        } else if (key == "input" && endpoint == Endpoint::Embeddings) {
            if (!isTextOrList(value))
                return fail(error, "input", "input must be a string or a non-empty array.");
            sawPayload = true;
        }
    }
    if (!sawModel)
        return fail(error, "model", "you must provide a model parameter");
    if (!sawPayload) {
        switch (endpoint) {
        case Endpoint::ChatCompletions:
            return fail(error, "messages", "Missing required parameter: 'messages'.");
        case Endpoint::Completions:
            return fail(error, "prompt", "Missing required parameter: 'prompt'.");
        case Endpoint::Embeddings:
            return fail(error, "input", "Missing required parameter: 'input'.");
        }
    }
    return true;
}

QByteArray OpenAiDialect::upstreamBody(const ChatRequest& r, const QString& upstreamModel)
{
    struct Edit
    {
        qsizetype offset;
        qsizetype length;
        QByteArray text;
    };
    Edit edits[2];
    int editCount = 0;

    const QByteArray model = upstreamModel.toUtf8();
    if (model != r.model.toUtf8() && r.modelOffset >= 0) {
        QByteArray quoted = "\"";
        appendJsonEscaped(quoted, model);
        quoted += '"';
        edits[editCount++] = {r.modelOffset, r.modelLength, quoted};
    }
    if (r.stream && !r.includeUsage) {
        // Ask for usage so every stream can be counted; the client does not see it unless it
        // asked (the invoke stage strips the usage-only chunk).
        if (r.includeUsageOffset >= 0)
            edits[editCount++] = {r.includeUsageOffset, r.includeUsageLength, "true"};
        else if (r.streamOptionsIsObject)
            edits[editCount++] = {r.streamOptionsOffset + 1, 0,
                                  r.streamOptionsEmpty ? "\"include_usage\":true"
                                                       : "\"include_usage\":true,"};
        else if (r.streamOptionsOffset >= 0) // stream_options: null
            edits[editCount++] = {r.streamOptionsOffset, r.streamOptionsLength,
                                  "{\"include_usage\":true}"};
        else
            edits[editCount++] = {r.rootOpenOffset + 1, 0,
                                  "\"stream_options\":{\"include_usage\":true},"};
    }
    if (editCount == 0)
        return r.body;
    if (editCount == 2 && edits[1].offset < edits[0].offset)
        std::swap(edits[0], edits[1]);
    QByteArray out;
    out.reserve(r.body.size() + 64);
    qsizetype at = 0;
    for (int i = 0; i < editCount; ++i) {
        out.append(r.body.constData() + at, edits[i].offset - at);
        out += edits[i].text;
        at = edits[i].offset + edits[i].length;
    }
    out.append(r.body.constData() + at, r.body.size() - at);
    return out;
}

QString OpenAiDialect::promptText(const ChatRequest& request)
{
    QByteArray body = request.body;
    od::document doc;
    od::object root;
    if (threadParser().iterate(paddedView(body)).get(doc) || doc.get_object().get(root))
        return {};
    QString text;
    for (auto field : root) {
        std::string_view key;
        od::value value;
        if (field.unescaped_key().get(key) || field.value().get(value))
            break;
        if (key == "messages") {
            od::array messages;
            if (value.get_array().get(messages))
                break;
            for (auto message : messages) {
                od::object m;
                if (message.get_object().get(m))
                    continue;
                od::value content;
                if (!m["content"].get(content))
                    appendContent(text, content);
            }
        } else if (key == "prompt" || key == "input") {
            appendContent(text, value);
        }
    }
    return text;
}

namespace {
Usage readUsage(od::object usage)
{
    Usage u;
    for (auto field : usage) {
        std::string_view key;
        int64_t n = 0;
        if (field.unescaped_key().get(key))
            break;
        if (key == "prompt_tokens" && !field.value().get_int64().get(n))
            u.promptTokens = n;
        else if (key == "completion_tokens" && !field.value().get_int64().get(n))
            u.completionTokens = n;
    }
    if (u.promptTokens >= 0 && u.completionTokens < 0)
        u.completionTokens = 0; // embeddings report prompt tokens only
    return u;
}
} // namespace

Usage OpenAiDialect::responseUsage(const QByteArray& body)
{
    const qsizetype at = body.indexOf("\"usage\"");
    if (at < 0)
        return {};
    simdjson::padded_string padded(body.constData(), size_t(body.size()));
    od::document doc;
    od::object root;
    if (threadParser().iterate(padded).get(doc) || doc.get_object().get(root))
        return {};
    od::object usage;
    if (root["usage"].get_object().get(usage))
        return {};
    return readUsage(usage);
}

QString OpenAiDialect::responseText(const QByteArray& body)
{
    simdjson::padded_string padded(body.constData(), size_t(body.size()));
    od::document doc;
    od::object root;
    if (threadParser().iterate(padded).get(doc) || doc.get_object().get(root))
        return {};
    od::array choices;
    if (root["choices"].get_array().get(choices))
        return {};
    QString text;
    for (auto choice : choices) {
        od::object c;
        if (choice.get_object().get(c))
            continue;
        std::string_view s;
        od::object message;
        if (!c["message"].get_object().get(message)) {
            if (!message["content"].get_string().get(s))
                text += toQString(s);
        } else if (!c["text"].get_string().get(s)) {
            text += toQString(s);
        }
    }
    return text;
}

OpenAiDialect::ChunkInfo OpenAiDialect::inspectChunk(QByteArrayView payload)
{
    ChunkInfo info;
    simdjson::padded_string padded(payload.data(), size_t(payload.size()));
    od::document doc;
    od::object root;
    if (threadParser().iterate(padded).get(doc) || doc.get_object().get(root))
        return info;
    for (auto field : root) {
        std::string_view key;
        od::value value;
        if (field.unescaped_key().get(key) || field.value().get(value))
            break;
        if (key == "choices") {
            od::array choices;
            if (value.get_array().get(choices))
                continue;
            size_t count = 0;
            for (auto choice : choices) {
                ++count;
                od::object c;
                if (choice.get_object().get(c))
                    continue;
                std::string_view s;
                od::object delta;
                if (!c["delta"].get_object().get(delta)) {
                    if (!delta["content"].get_string().get(s))
                        info.text += toQString(s);
                } else if (!c["text"].get_string().get(s)) {
                    info.text += toQString(s);
                }
            }
            info.choicesEmpty = count == 0;
        } else if (key == "usage") {
            od::object usage;
            if (!value.get_object().get(usage))
                info.usage = readUsage(usage);
        }
    }
    return info;
}

qint64 estimateTokens(const QString& text)
{
    const qint64 bytes = text.toUtf8().size();
    return bytes == 0 ? 0 : (bytes + 3) / 4;
}

} // namespace gateway::api
