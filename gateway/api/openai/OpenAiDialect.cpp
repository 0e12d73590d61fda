#include "api/openai/OpenAiDialect.h"

#include "api/openai/OpenAiEncoder.h"
#include "api/openai/OpenAiError.h"
#include "api/openai/OpenAiUsage.h"

#include <simdjson.h>

#include <cstring>

namespace gateway::api {

namespace od = simdjson::ondemand;

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

} // namespace

bool OpenAiDialect::parseBody(Endpoint endpoint, QByteArray body, ChatRequest* out,
                              DialectError* error)
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
    bool sawStream = false;
    bool sawPayload = false; // messages / prompt / input
    bool sawMaxCompletionTokens = false;
    for (auto field : root) {
        std::string_view key;
        od::value value;
        if (field.unescaped_key().get(key) || field.value().get(value))
            return fail(error, nullptr, "We could not parse the JSON body of your request.");
        if (key == "model") {
            // The body goes upstream as it is: with two "model" keys the backend might read
            // the other one than the gateway routed on.
            if (sawModel)
                return fail(error, "model", "The request body has more than one 'model' key.");
            std::string_view token = value.raw_json_token();
            std::string_view model;
            if (value.get_string().get(model))
                return fail(error, "model", "model must be a string.");
            out->model = toQString(model);
            out->modelOffset = offsetOf(token);
            out->modelLength = qsizetype(token.size());
            sawModel = true;
        } else if (key == "stream") {
            if (sawStream)
                return fail(error, "stream", "The request body has more than one 'stream' key.");
            sawStream = true;
            bool stream = false;
            bool isNull = false;
            if (value.is_null().get(isNull) || (!isNull && value.get_bool().get(stream)))
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
        } else if (key == "max_completion_tokens" || key == "max_tokens") {
            // Read, not checked: the backend judges the value. max_completion_tokens replaced
            // max_tokens for chat and wins when both come (as in the canonical form).
            int64_t tokens = 0;
            if (!value.get_int64().get(tokens) && tokens >= 0 &&
                (key == "max_completion_tokens" || !sawMaxCompletionTokens))
                out->maxTokens = tokens;
            sawMaxCompletionTokens = sawMaxCompletionTokens || key == "max_completion_tokens";
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
    // Exactly one JSON value: bytes after it (a second object, garbage) would reach the
    // backend, which may read them differently.
    // simdjson 3.0 has no at_end(): once the root is consumed, a location still in bounds is
    // the start of another value.
    const char* trailing = nullptr;
    if (!doc.current_location().get(trailing))
        return fail(error, nullptr,
                    "We could not parse the JSON body of your request: it holds more than one "
                    "JSON value.");
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
        case Endpoint::ResponseRetrieve:
        case Endpoint::ResponseDelete:
        case Endpoint::ResponseInputItems: break; // not routed to this dialect
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

    if (upstreamModel != r.model && r.modelOffset >= 0) {
        QByteArray quoted = "\"";
        appendJsonEscaped(quoted, upstreamModel.toUtf8());
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

// The functions below read bodies after the fact (prompt text, usage, answer text), often from
// an upstream, so from untrusted bytes. They use simdjson's DOM API: it validates the whole
// document before anything is read. The on-demand API validates lazily, and walking on after a
// malformed value is undefined behaviour in simdjson 3.0 (found by tests/fuzz).
namespace {

simdjson::dom::parser& domParser()
{
    thread_local simdjson::dom::parser parser;
    return parser;
}

// Parses bytes into a DOM element; false when they are not valid JSON.
bool parseDom(QByteArrayView bytes, simdjson::dom::element* root)
{
    return !domParser().parse(bytes.data(), size_t(bytes.size())).get(*root);
}

} // namespace

namespace {
// Where the last "usage" key starts in body, or -1. memrchr finds the key's 'g', which is
// rare in JSON (unlike '"'), and each one found is tested; Qt 6.4's lastIndexOf hashes every
// window of the body. This runs on every answer, whose usage is near its end.
qsizetype lastUsageKey(QByteArrayView body)
{
    constexpr QByteArrayView key("\"usage\"");
    constexpr qsizetype g = 4; // key[g] == 'g'
    // The 'g' of a key that starts at p is at p + g, with p in [0, size - key.size()].
    qsizetype searched = body.size() - (key.size() - g) + 1; // [g, searched) holds every 'g'
    while (searched > g) {
        const auto* hit =
            static_cast<const char*>(memrchr(body.data() + g, 'g', size_t(searched - g)));
        if (!hit)
            return -1;
        const qsizetype at = hit - body.data() - g;
        if (body.sliced(at, key.size()) == key)
            return at;
        searched = at + g;
    }
    return -1;
}

// The bytes of the object after the last "usage": key, or an empty view. Every non-streamed
// response passes here, so only this small object is parsed (and validated), not the body.
QByteArrayView usageObject(QByteArrayView body)
{
    constexpr qsizetype maxUsageBytes = 4096;
    qsizetype at = lastUsageKey(body);
    if (at < 0)
        return {};
    at += 7;
    auto skipSpace = [&] {
        while (at < body.size() &&
               (body[at] == ' ' || body[at] == '\n' || body[at] == '\r' || body[at] == '\t'))
            ++at;
    };
    skipSpace();
    if (at >= body.size() || body[at] != ':')
        return {};
    ++at;
    skipSpace();
    if (at >= body.size() || body[at] != '{')
        return {};
    const qsizetype start = at;
    int depth = 0;
    bool inString = false;
    for (; at < body.size() && at - start < maxUsageBytes; ++at) {
        const char c = body[at];
        if (inString) {
            if (c == '\\')
                ++at;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{') {
            ++depth;
        } else if (c == '}' && --depth == 0) {
            return body.sliced(start, at - start + 1);
        }
    }
    return {};
}
} // namespace

Usage OpenAiDialect::responseUsage(const QByteArray& body)
{
    const QByteArrayView object = usageObject(body);
    simdjson::dom::element usage;
    if (object.isEmpty() || !parseDom(object, &usage) || !usage.is_object())
        return {};
    return openAiUsage(usage);
}

OpenAiDialect::ChunkInfo OpenAiDialect::inspectChunk(QByteArrayView payload)
{
    ChunkInfo info;
    simdjson::dom::element root;
    if (!parseDom(payload, &root))
        return info;
    simdjson::dom::array choices;
    if (!root["choices"].get_array().get(choices))
        info.choicesEmpty = choices.size() == 0;
    simdjson::dom::element usage;
    if (!root["usage"].get(usage) && usage.is_object())
        info.usage = openAiUsage(usage);
    return info;
}

} // namespace gateway::api

namespace gateway::api {

bool OpenAiDialect::parse(Endpoint endpoint, QByteArray body, ChatRequest* out,
                          DialectError* error) const
{
    out->dialect = this;
    return parseBody(endpoint, std::move(body), out, error);
}

QByteArray OpenAiDialect::errorBody(int status, QByteArrayView message, const char* code,
                                    const char* param) const
{
    return openAiError(message, openAiErrorType(status), param, code);
}

std::unique_ptr<ResponseEncoder> OpenAiDialect::encoder(const ChatRequest& request,
                                                        const EncodeOptions& options) const
{
    return std::make_unique<OpenAiEncoder>(request, options);
}

const OpenAiDialect& OpenAiDialect::instance()
{
    static const OpenAiDialect dialect;
    return dialect;
}

} // namespace gateway::api
