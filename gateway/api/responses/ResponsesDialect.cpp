#include "api/responses/ResponsesDialect.h"

#include "api/JsonText.h"
#include "api/openai/OpenAiError.h"
#include "api/responses/ResponsesEncoder.h"

#include <simdjson.h>

#include <initializer_list>
#include <string_view>

namespace gateway::api {

namespace dom = simdjson::dom;

namespace {

// A request is read once, with the DOM API: it validates the whole document before anything is
// read (walking on after a malformed value is undefined behaviour in simdjson 3.0's on-demand
// API; see OpenAiDialect.cpp).
dom::parser& threadParser()
{
    thread_local dom::parser parser;
    return parser;
}

bool fail(DialectError* error, QByteArray param, QByteArray message, int status = 400)
{
    error->status = status;
    error->param = std::move(param);
    error->message = std::move(message);
    return false;
}

QByteArray bytes(std::string_view s)
{
    return QByteArray(s.data(), qsizetype(s.size()));
}

QByteArray minified(dom::element e)
{
    return QByteArray::fromStdString(simdjson::minify(e));
}

bool isNull(dom::element e)
{
    return e.type() == dom::element_type::NULL_VALUE;
}

bool isNumber(dom::element e)
{
    const dom::element_type t = e.type();
    return t == dom::element_type::INT64 || t == dom::element_type::UINT64 ||
           t == dom::element_type::DOUBLE;
}

bool oneOf(std::string_view value, std::initializer_list<std::string_view> allowed)
{
    for (std::string_view a : allowed)
        if (value == a)
            return true;
    return false;
}

// The string member `key` of object o; false when it is absent or not a string.
bool stringMember(dom::object o, const char* key, std::string_view* out)
{
    return !o[key].get_string().get(*out);
}

// Where an item sits, for messages: "input[3].content[0]".
QByteArray at(const QByteArray& path, size_t index)
{
    return path + '[' + QByteArray::number(qulonglong(index)) + ']';
}

// One content part of a message. Text parts of either direction are taken for any role: an
// assistant turn sent back as input_text, or a user's as output_text, means the same text.
bool checkContentPart(dom::element part, const QByteArray& path, std::string_view role,
                      DialectError* error)
{
    dom::object o;
    if (part.get_object().get(o))
        return fail(error, path, "Invalid type for '" + path + "': expected an object.");
    std::string_view type;
    if (!stringMember(o, "type", &type))
        return fail(error, path + ".type", "Missing required parameter: '" + path + ".type'.");
    if (oneOf(type, {"input_text", "output_text"})) {
        std::string_view text;
        if (!stringMember(o, "text", &text))
            return fail(error, path + ".text",
                        "Invalid type for '" + path + ".text': expected a string.");
        return true;
    }
    if (type == "refusal") {
        std::string_view refusal;
        if (!stringMember(o, "refusal", &refusal))
            return fail(error, path + ".refusal",
                        "Invalid type for '" + path + ".refusal': expected a string.");
        return true;
    }
    if (type == "input_image") {
        if (role != "user")
            return fail(error, path + ".type",
                        "Invalid value: 'input_image'. Images are only accepted in user "
                        "messages.");
        std::string_view url;
        if (!stringMember(o, "image_url", &url))
            return fail(error, path + ".image_url",
                        "'" + path +
                            ".image_url' is required: this gateway takes images by URL or data "
                            "URL (file_id needs OpenAI's Files API).");
        std::string_view detail;
        if (!o["detail"].get_string().get(detail) && !oneOf(detail, {"auto", "low", "high"}))
            return fail(error, path + ".detail",
                        "Invalid value: '" + bytes(detail) +
                            "'. Supported values are: 'auto', 'low' and 'high'.");
        return true;
    }
    return fail(error, path + ".type",
                "Invalid value: '" + bytes(type) +
                    "'. This gateway takes content parts of type 'input_text', 'input_image', "
                    "'output_text' and 'refusal'.");
}

// One input item; appends its normalized JSON to items (a message's string content becomes
// one text part, and a message without "type" gets it).
bool checkItem(dom::element item, size_t index, QByteArray& items, DialectError* error)
{
    const QByteArray path = at("input", index);
    dom::object o;
    if (item.get_object().get(o))
        return fail(error, path, "Invalid type for '" + path + "': expected an object.");
    std::string_view type = "message";
    const bool typed = stringMember(o, "type", &type);
    if (!typed && o["type"].error() != simdjson::NO_SUCH_FIELD)
        return fail(error, path + ".type",
                    "Invalid type for '" + path + ".type': expected a string.");
    if (type == "message") {
        std::string_view role;
        if (!stringMember(o, "role", &role))
            return fail(error, path + ".role", "Missing required parameter: '" + path + ".role'.");
        if (!oneOf(role, {"user", "assistant", "system", "developer"}))
            return fail(error, path + ".role",
                        "Invalid value: '" + bytes(role) +
                            "'. Supported values are: 'user', 'assistant', 'system', and "
                            "'developer'.");
        dom::element content;
        if (o["content"].get(content))
            return fail(error, path + ".content",
                        "Missing required parameter: '" + path + ".content'.");
        std::string_view text;
        if (!content.get_string().get(text)) {
            // The text part type OpenAI lists for the role: output_text for the assistant.
            const char* partType = role == "assistant" ? "output_text" : "input_text";
            items += "{\"type\":\"message\",\"role\":\"" + bytes(role) + "\",\"content\":[";
            items +=
                "{\"type\":\"" + QByteArray(partType) + "\",\"text\":" + jsonString(bytes(text));
            if (role == "assistant")
                items += ",\"annotations\":[]";
            items += "}]";
            std::string_view id;
            if (stringMember(o, "id", &id))
                items += ",\"id\":" + jsonString(bytes(id));
            items += '}';
            return true;
        }
        dom::array parts;
        if (content.get_array().get(parts))
            return fail(error, path + ".content",
                        "Invalid type for '" + path +
                            ".content': expected a string or an array of content parts.");
        size_t p = 0;
        for (dom::element part : parts)
            if (!checkContentPart(part, at(path + ".content", p++), role, error))
                return false;
    } else if (type == "function_call") {
        std::string_view s;
        for (const char* key : {"call_id", "name", "arguments"})
            if (!stringMember(o, key, &s))
                return fail(error, path + '.' + key,
                            "Missing required parameter: '" + path + '.' + key + "' (a string).");
    } else if (type == "function_call_output") {
        std::string_view s;
        if (!stringMember(o, "call_id", &s))
            return fail(error, path + ".call_id",
                        "Missing required parameter: '" + path + ".call_id' (a string).");
        dom::element output;
        if (o["output"].get(output))
            return fail(error, path + ".output",
                        "Missing required parameter: '" + path + ".output'.");
        dom::array parts;
        if (output.get_string().get(s)) {
            if (output.get_array().get(parts))
                return fail(error, path + ".output",
                            "Invalid type for '" + path +
                                ".output': expected a string or an array of content parts.");
            size_t p = 0;
            for (dom::element part : parts)
                if (!checkContentPart(part, at(path + ".output", p++), "user", error))
                    return false;
        }
    } else if (type == "reasoning") {
        dom::array summary;
        if (!o["summary"].get_array().get(summary)) {
            for (dom::element part : summary) {
                std::string_view text;
                if (part["text"].get_string().get(text))
                    return fail(error, path + ".summary",
                                "Invalid '" + path +
                                    ".summary': expected summary_text parts with a 'text'.");
            }
        }
    } else if (type == "item_reference") {
        return fail(error, path + ".type",
                    "Input items of type 'item_reference' are not supported by this gateway: "
                    "send the item itself, or continue a stored response with "
                    "previous_response_id.");
    } else {
        return fail(error, path + ".type",
                    "Input items of type '" + bytes(type) +
                        "' are not supported by this gateway: it serves messages, "
                        "function_call, function_call_output and reasoning items.");
    }
    if (typed) {
        items += minified(item);
    } else {
        // A message without "type" (EasyInputMessage): stored with it, like the others.
        const QByteArray rest = minified(item);
        items += "{\"type\":\"message\"";
        items += rest.size() > 2 ? ',' + rest.mid(1) : QByteArray("}");
    }
    return true;
}

bool checkTools(dom::element value, DialectError* error)
{
    dom::array tools;
    if (value.get_array().get(tools))
        return fail(error, "tools", "Invalid type for 'tools': expected an array.");
    size_t i = 0;
    for (dom::element tool : tools) {
        const QByteArray path = at("tools", i++);
        std::string_view type;
        if (tool["type"].get_string().get(type))
            return fail(error, path + ".type", "Missing required parameter: '" + path + ".type'.");
        if (type != "function")
            return fail(error, path + ".type",
                        "Tools of type '" + bytes(type) +
                            "' are not supported by this gateway: it serves function tools "
                            "({\"type\":\"function\",\"name\":...,\"parameters\":{...}}) only.");
        std::string_view name;
        if (tool["name"].get_string().get(name) || name.empty())
            return fail(error, path + ".name", "Missing required parameter: '" + path + ".name'.");
        dom::element member;
        if (!tool["parameters"].get(member) && !isNull(member) && !member.is_object())
            return fail(error, path + ".parameters",
                        "Invalid type for '" + path + ".parameters': expected an object.");
        if (!tool["description"].get(member) && !isNull(member) && !member.is_string())
            return fail(error, path + ".description",
                        "Invalid type for '" + path + ".description': expected a string.");
        if (!tool["strict"].get(member) && !isNull(member) && !member.is_bool())
            return fail(error, path + ".strict",
                        "Invalid type for '" + path + ".strict': expected a boolean.");
    }
    return true;
}

bool checkToolChoice(dom::element value, DialectError* error)
{
    std::string_view mode;
    if (!value.get_string().get(mode)) {
        if (!oneOf(mode, {"none", "auto", "required"}))
            return fail(error, "tool_choice",
                        "Invalid value: '" + bytes(mode) +
                            "'. Supported values are: 'none', 'auto', and 'required'.");
        return true;
    }
    std::string_view type;
    if (value["type"].get_string().get(type))
        return fail(error, "tool_choice",
                    "Invalid type for 'tool_choice': expected 'none', 'auto', 'required' or "
                    "{\"type\":\"function\",\"name\":...}.");
    if (type != "function")
        return fail(error, "tool_choice.type",
                    "tool_choice of type '" + bytes(type) +
                        "' is not supported by this gateway: it serves function tools only.");
    std::string_view name;
    if (value["name"].get_string().get(name) || name.empty())
        return fail(error, "tool_choice.name", "Missing required parameter: 'tool_choice.name'.");
    return true;
}

bool checkText(dom::element value, DialectError* error)
{
    if (!value.is_object())
        return fail(error, "text", "Invalid type for 'text': expected an object.");
    dom::element format;
    if (value["format"].get(format) || isNull(format))
        return true;
    std::string_view type;
    if (format["type"].get_string().get(type))
        return fail(error, "text.format.type", "Missing required parameter: 'text.format.type'.");
    if (type == "json_schema") {
        std::string_view name;
        if (format["name"].get_string().get(name) || name.empty())
            return fail(error, "text.format.name",
                        "Missing required parameter: 'text.format.name'.");
        if (!format["schema"].is_object())
            return fail(error, "text.format.schema",
                        "Missing required parameter: 'text.format.schema' (an object).");
        return true;
    }
    if (!oneOf(type, {"text", "json_object"}))
        return fail(error, "text.format.type",
                    "Invalid value: '" + bytes(type) +
                        "'. Supported values are: 'text', 'json_object' and 'json_schema'.");
    return true;
}

bool checkNumber(dom::element value, const char* key, double min, double max, DialectError* error)
{
    if (isNull(value))
        return true;
    double v = 0;
    if (!isNumber(value) || value.get_double().get(v))
        return fail(error, key, "Invalid type for '" + QByteArray(key) + "': expected a number.");
    if (v < min || v > max)
        return fail(error, key,
                    "Invalid '" + QByteArray(key) + "': expected a number from " +
                        QByteArray::number(min) + " to " + QByteArray::number(max) + ".");
    return true;
}

// The member "key":value for the Response object: the request's value, or OpenAI's default.
void echoMember(QByteArray& echo, const char* key, dom::object root, const char* fallback)
{
    dom::element value;
    if (!echo.isEmpty())
        echo += ',';
    echo += '"';
    echo += key;
    echo += "\":";
    if (!root[key].get(value) && !isNull(value))
        echo += minified(value);
    else
        echo += fallback;
}

} // namespace

bool ResponsesDialect::parse(Endpoint endpoint, QByteArray body, ChatRequest* out,
                             DialectError* error) const
{
    out->dialect = this;
    out->endpoint = endpoint;
    out->body = std::move(body);
    if (endpoint != Endpoint::ChatCompletions)
        return true; // a stored response's operation: its id is in the path, read by the stage

    dom::element doc;
    dom::object root;
    // simdjson reads up to SIMDJSON_PADDING bytes past the end: room for it, without a copy.
    out->body.reserve(out->body.size() + qsizetype(simdjson::SIMDJSON_PADDING));
    if (threadParser().parse(out->body.constData(), size_t(out->body.size()), false).get(doc) ||
        doc.get_object().get(root))
        return fail(error, QByteArray(),
                    "We could not parse the JSON body of your request. (HINT: This likely means "
                    "you aren't using your HTTP library correctly. The OpenAI API expects a JSON "
                    "payload, but what was sent was not valid JSON.)");

    auto data = std::make_shared<ResponsesRequest>();
    // Every member is read once: with a key given twice, the validated value and the one the
    // canonical form reads (Qt takes the last) could differ.
    QList<std::string_view> seen;
    bool sawModel = false, sawInput = false;
    for (dom::key_value_pair field : root) {
        const std::string_view key = field.key;
        const dom::element value = field.value;
        if (seen.contains(key))
            return fail(error, QByteArray(), // no param: the key is the client's text
                        "The request body has more than one '" + bytes(key) + "' key.");
        seen.append(key);
        if (key == "model") {
            std::string_view model;
            if (value.get_string().get(model) || model.empty())
                return fail(error, "model", "model must be a non-empty string.");
            out->model = QString::fromUtf8(model.data(), qsizetype(model.size()));
            sawModel = true;
        } else if (key == "input") {
            std::string_view text;
            if (!value.get_string().get(text)) {
                data->inputItems = "[{\"type\":\"message\",\"role\":\"user\",\"content\":[{"
                                   "\"type\":\"input_text\",\"text\":" +
                                   jsonString(bytes(text)) + "}]}]";
            } else {
                dom::array items;
                if (value.get_array().get(items))
                    return fail(error, "input",
                                "Invalid type for 'input': expected a string or an array of "
                                "input items.");
                if (items.size() == 0)
                    return fail(error, "input",
                                "Invalid 'input': empty array. Expected an array with minimum "
                                "length 1, but got an empty array instead.");
                data->inputItems = "[";
                size_t i = 0;
                for (dom::element item : items) {
                    if (i)
                        data->inputItems += ',';
                    if (!checkItem(item, i++, data->inputItems, error))
                        return false;
                }
                data->inputItems += ']';
            }
            sawInput = true;
        } else if (key == "stream" || key == "store" || key == "parallel_tool_calls") {
            bool flag = false;
            if (!isNull(value) && value.get_bool().get(flag))
                return fail(error, bytes(key),
                            "Invalid type for '" + bytes(key) + "': expected a boolean.");
            if (key == "stream")
                out->stream = flag;
            else if (key == "store")
                data->store = isNull(value) || flag;
        } else if (key == "previous_response_id") {
            std::string_view id;
            if (!isNull(value)) {
                if (value.get_string().get(id) || id.empty())
                    return fail(error, "previous_response_id",
                                "Invalid type for 'previous_response_id': expected a string.");
                data->previousResponseId = QString::fromUtf8(id.data(), qsizetype(id.size()));
            }
        } else if (key == "instructions" || key == "user") {
            if (!isNull(value) && !value.is_string())
                return fail(error, bytes(key),
                            "Invalid type for '" + bytes(key) + "': expected a string.");
        } else if (key == "tools") {
            if (!checkTools(value, error))
                return false;
        } else if (key == "tool_choice") {
            if (!checkToolChoice(value, error))
                return false;
        } else if (key == "text") {
            if (!checkText(value, error))
                return false;
        } else if (key == "max_output_tokens") {
            int64_t tokens = 0;
            if (!isNull(value) && (value.get_int64().get(tokens) || tokens < 1))
                return fail(error, "max_output_tokens",
                            "Invalid 'max_output_tokens': expected an integer of at least 1.");
            if (!isNull(value))
                out->maxTokens = tokens;
        } else if (key == "temperature") {
            if (!checkNumber(value, "temperature", 0, 2, error))
                return false;
        } else if (key == "top_p") {
            if (!checkNumber(value, "top_p", 0, 1, error))
                return false;
        } else if (key == "reasoning") {
            if (isNull(value))
                continue;
            std::string_view effort;
            dom::element e;
            if (!value.is_object() ||
                (!value["effort"].get(e) && !isNull(e) && e.get_string().get(effort)))
                return fail(error, "reasoning",
                            "Invalid 'reasoning': expected an object with a string 'effort'.");
        } else if (key == "metadata") {
            if (!isNull(value) && !value.is_object())
                return fail(error, "metadata", "Invalid type for 'metadata': expected an object.");
        } else if (key == "background") {
            bool background = false;
            if (!value.get_bool().get(background) && background)
                return fail(error, "background",
                            "Background responses are not supported by this gateway.");
        } else if (key == "conversation" || key == "prompt") {
            if (!isNull(value))
                return fail(error, bytes(key),
                            "'" + bytes(key) +
                                "' is not supported by this gateway: send the input itself (and "
                                "previous_response_id to continue a stored response).");
        }
        // Anything else (include, truncation, service_tier, prompt_cache_key ...) changes
        // nothing a backend behind the gateway could honour, and is let through unread.
    }
    if (!sawModel)
        return fail(error, "model", "Missing required parameter: 'model'.");
    if (!sawInput)
        return fail(error, "input", "Missing required parameter: 'input'.");

    // The Response object repeats these (OpenAI API reference, "The response object").
    QByteArray& echo = data->echo;
    echoMember(echo, "instructions", root, "null");
    echoMember(echo, "max_output_tokens", root, "null");
    echoMember(echo, "metadata", root, "{}");
    echoMember(echo, "parallel_tool_calls", root, "true");
    echoMember(echo, "previous_response_id", root, "null");
    echoMember(echo, "reasoning", root, "{\"effort\":null,\"summary\":null}");
    echoMember(echo, "store", root, "true");
    echoMember(echo, "temperature", root, "1.0");
    echoMember(echo, "text", root, "{\"format\":{\"type\":\"text\"}}");
    echoMember(echo, "tool_choice", root, "\"auto\"");
    echoMember(echo, "tools", root, "[]");
    echoMember(echo, "top_p", root, "1.0");
    echoMember(echo, "truncation", root, "\"disabled\"");
    echoMember(echo, "user", root, "null");
    out->dialectData = std::move(data);
    return true;
}

const ResponsesRequest* ResponsesDialect::requestData(const ChatRequest& request)
{
    if (request.dialect != &instance())
        return nullptr;
    return static_cast<const ResponsesRequest*>(request.dialectData.get());
}

QByteArray ResponsesDialect::responseId(const QByteArray& traceId)
{
    return "resp_" + traceId;
}

QByteArray ResponsesDialect::errorBody(int status, QByteArrayView message, const char* code,
                                       const char* param) const
{
    return openAiError(message, openAiErrorType(status), param, code);
}

std::unique_ptr<ResponseEncoder> ResponsesDialect::encoder(const ChatRequest& request,
                                                           const EncodeOptions& options) const
{
    return std::make_unique<ResponsesEncoder>(request, options);
}

const ResponsesDialect& ResponsesDialect::instance()
{
    static const ResponsesDialect dialect;
    return dialect;
}

} // namespace gateway::api
