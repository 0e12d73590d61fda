#include "api/anthropic/AnthropicDialect.h"

#include "api/anthropic/AnthropicEncoder.h"
#include "api/anthropic/AnthropicError.h"

#include <simdjson.h>

namespace gateway::api {

namespace {

namespace dom = simdjson::dom;

dom::parser& threadParser()
{
    thread_local dom::parser parser;
    return parser;
}

QString toQString(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// Validates a Messages API body (Anthropic API reference, "Messages", body parameters). Paths in
// messages are written the way the API writes them ("messages.0.content.1.source.type").
class Validator
{
public:
    explicit Validator(DialectError* error) : m_error(error) {}

    bool fail(const QByteArray& path, const QByteArray& message)
    {
        m_error->status = 400;
        const qsizetype dot = path.indexOf('.');
        m_error->param = dot < 0 ? path : path.left(dot);
        m_error->message = path.isEmpty() ? message : path + ": " + message;
        return false;
    }

    bool string(dom::element e, const QByteArray& path, std::string_view* out = nullptr)
    {
        std::string_view s;
        if (e.get_string().get(s))
            return fail(path, "Input should be a valid string");
        if (out)
            *out = s;
        return true;
    }

    bool object(dom::element e, const QByteArray& path, dom::object* out)
    {
        if (e.get_object().get(*out))
            return fail(path, "Input should be a valid dictionary");
        return true;
    }

    bool array(dom::element e, const QByteArray& path, dom::array* out)
    {
        if (e.get_array().get(*out))
            return fail(path, "Input should be a valid list");
        return true;
    }

    // A required member of the block or object at path.
    bool member(dom::object o, const char* key, const QByteArray& path, dom::element* out)
    {
        if (o[key].get(*out))
            return fail(path + '.' + key, "Field required");
        return true;
    }

    bool number(dom::element e, const QByteArray& path)
    {
        if (!e.is_number())
            return fail(path, "Input should be a valid number");
        return true;
    }

    bool integer(dom::element e, const QByteArray& path, int64_t min, int64_t* out = nullptr)
    {
        int64_t n = 0;
        if (e.get_int64().get(n))
            return fail(path, "Input should be a valid integer");
        if (n < min)
            return fail(path,
                        "Input should be greater than or equal to " + QByteArray::number(min));
        if (out)
            *out = n;
        return true;
    }

    bool cacheControl(dom::object block, const QByteArray& path)
    {
        dom::element marker;
        if (block["cache_control"].get(marker) || marker.is_null())
            return true;
        dom::object o;
        dom::element type;
        std::string_view t;
        if (!object(marker, path + ".cache_control", &o) ||
            !member(o, "type", path + ".cache_control", &type) ||
            !string(type, path + ".cache_control.type", &t))
            return false;
        if (t != "ephemeral")
            return fail(path + ".cache_control.type", "Input should be 'ephemeral'");
        return true;
    }

    bool textBlock(dom::object block, const QByteArray& path)
    {
        dom::element text;
        return member(block, "text", path, &text) && string(text, path + ".text");
    }

    // An image block's source: base64 data of a supported media type, or a URL ("Vision").
    bool imageBlock(dom::object block, const QByteArray& path)
    {
        dom::element sourceValue, typeValue;
        dom::object source;
        std::string_view type;
        const QByteArray at = path + ".source";
        if (!member(block, "source", path, &sourceValue) || !object(sourceValue, at, &source) ||
            !member(source, "type", at, &typeValue) || !string(typeValue, at + ".type", &type))
            return false;
        dom::element value;
        if (type == "base64") {
            std::string_view mediaType;
            if (!member(source, "media_type", at, &value) ||
                !string(value, at + ".media_type", &mediaType))
                return false;
            if (mediaType != "image/jpeg" && mediaType != "image/png" && mediaType != "image/gif" &&
                mediaType != "image/webp")
                return fail(at + ".media_type",
                            "Input should be 'image/jpeg', 'image/png', 'image/gif' or "
                            "'image/webp'");
            return member(source, "data", at, &value) && string(value, at + ".data");
        }
        if (type == "url")
            return member(source, "url", at, &value) && string(value, at + ".url");
        return fail(at + ".type", "image source type '" + QByteArray(type.data(), type.size()) +
                                      "' is not supported by this gateway (use 'base64' or "
                                      "'url')");
    }

    bool toolResultContent(dom::element content, const QByteArray& path)
    {
        if (content.is_string())
            return true;
        dom::array blocks;
        if (content.get_array().get(blocks))
            return fail(path, "Input should be a valid string or a list of content blocks");
        size_t i = 0;
        for (dom::element item : blocks) {
            const QByteArray at = path + '.' + QByteArray::number(qulonglong(i++));
            dom::object block;
            dom::element typeValue;
            std::string_view type;
            if (!object(item, at, &block) || !member(block, "type", at, &typeValue) ||
                !string(typeValue, at + ".type", &type) || !cacheControl(block, at))
                return false;
            if (type == "text") {
                if (!textBlock(block, at))
                    return false;
            } else if (type == "image") {
                if (!imageBlock(block, at))
                    return false;
            } else {
                return fail(at + ".type", "tool_result content blocks of type '" +
                                              QByteArray(type.data(), type.size()) +
                                              "' are not supported by this gateway (use 'text' "
                                              "or 'image')");
            }
        }
        return true;
    }

    bool block(dom::element item, bool assistant, const QByteArray& path)
    {
        dom::object block;
        dom::element typeValue, value;
        std::string_view type;
        if (!object(item, path, &block) || !member(block, "type", path, &typeValue) ||
            !string(typeValue, path + ".type", &type) || !cacheControl(block, path))
            return false;
        if (type == "text")
            return textBlock(block, path);
        if (type == "image")
            return imageBlock(block, path);
        if (type == "tool_use") {
            if (!assistant)
                return fail(path + ".type", "tool_use blocks can only be in assistant messages");
            dom::object input;
            return member(block, "id", path, &value) && string(value, path + ".id") &&
                   member(block, "name", path, &value) && string(value, path + ".name") &&
                   member(block, "input", path, &value) && object(value, path + ".input", &input);
        }
        if (type == "tool_result") {
            if (assistant)
                return fail(path + ".type", "tool_result blocks can only be in user messages");
            if (!member(block, "tool_use_id", path, &value) ||
                !string(value, path + ".tool_use_id"))
                return false;
            if (!block["is_error"].get(value) && !value.is_bool() && !value.is_null())
                return fail(path + ".is_error", "Input should be a valid boolean");
            if (!block["content"].get(value) && !toolResultContent(value, path + ".content"))
                return false;
            return true;
        }
        if (type == "thinking") {
            if (!assistant)
                return fail(path + ".type", "thinking blocks can only be in assistant messages");
            return member(block, "thinking", path, &value) && string(value, path + ".thinking") &&
                   member(block, "signature", path, &value) && string(value, path + ".signature");
        }
        if (type == "redacted_thinking") {
            if (!assistant)
                return fail(path + ".type",
                            "redacted_thinking blocks can only be in assistant messages");
            return member(block, "data", path, &value) && string(value, path + ".data");
        }
        return fail(path + ".type", "content blocks of type '" +
                                        QByteArray(type.data(), type.size()) +
                                        "' are not supported by this gateway (supported: text, "
                                        "image, tool_use, tool_result, thinking, "
                                        "redacted_thinking)");
    }

    bool messages(dom::element value)
    {
        dom::array list;
        if (!array(value, "messages", &list))
            return false;
        size_t i = 0;
        for (dom::element item : list) {
            const QByteArray path = "messages." + QByteArray::number(qulonglong(i++));
            dom::object message;
            dom::element roleValue, content;
            std::string_view role;
            if (!object(item, path, &message) || !member(message, "role", path, &roleValue) ||
                !string(roleValue, path + ".role", &role))
                return false;
            // "system" inside messages: Claude Code sends its reminders that way (2.1, as seen
            // against the gateway); its text joins the system prompt.
            if (role != "user" && role != "assistant" && role != "system")
                return fail(path + ".role", "Input should be 'user', 'assistant' or 'system'");
            if (!member(message, "content", path, &content))
                return false;
            if (content.is_string())
                continue;
            dom::array blocks;
            if (content.get_array().get(blocks))
                return fail(path + ".content", "Input should be a valid string or a list of "
                                               "content blocks");
            size_t b = 0;
            for (dom::element blockValue : blocks)
                if (!block(blockValue, role == "assistant",
                           path + ".content." + QByteArray::number(qulonglong(b++))))
                    return false;
        }
        if (i == 0)
            return fail("messages", "at least one message is required");
        return true;
    }

    bool system(dom::element value)
    {
        if (value.is_string() || value.is_null())
            return true;
        dom::array blocks;
        if (value.get_array().get(blocks))
            return fail("system", "Input should be a valid string or a list of text blocks");
        size_t i = 0;
        for (dom::element item : blocks) {
            const QByteArray path = "system." + QByteArray::number(qulonglong(i++));
            dom::object block;
            dom::element typeValue;
            std::string_view type;
            if (!object(item, path, &block) || !member(block, "type", path, &typeValue) ||
                !string(typeValue, path + ".type", &type) || !cacheControl(block, path))
                return false;
            if (type != "text")
                return fail(path + ".type", "Input should be 'text'");
            if (!textBlock(block, path))
                return false;
        }
        return true;
    }

    bool tools(dom::element value)
    {
        dom::array list;
        if (!array(value, "tools", &list))
            return false;
        size_t i = 0;
        for (dom::element item : list) {
            const QByteArray path = "tools." + QByteArray::number(qulonglong(i++));
            dom::object tool;
            dom::element member_;
            dom::object schema;
            if (!object(item, path, &tool))
                return false;
            std::string_view type;
            if (!tool["type"].get_string().get(type) && type != "custom")
                return fail(path + ".type",
                            "tools of type '" + QByteArray(type.data(), type.size()) +
                                "' (Anthropic's server and client-defined tools) are not "
                                "supported by this gateway; define the tool with name, "
                                "description and input_schema");
            if (!member(tool, "name", path, &member_) || !string(member_, path + ".name") ||
                !member(tool, "input_schema", path, &member_) ||
                !object(member_, path + ".input_schema", &schema) || !cacheControl(tool, path))
                return false;
            if (!tool["description"].get(member_) && !member_.is_null() &&
                !string(member_, path + ".description"))
                return false;
        }
        return true;
    }

    bool toolChoice(dom::element value)
    {
        dom::object choice;
        dom::element typeValue, name;
        std::string_view type;
        if (!object(value, "tool_choice", &choice) ||
            !member(choice, "type", "tool_choice", &typeValue) ||
            !string(typeValue, "tool_choice.type", &type))
            return false;
        if (type == "tool")
            return member(choice, "name", "tool_choice", &name) && string(name, "tool_choice.name");
        if (type != "auto" && type != "any" && type != "none")
            return fail("tool_choice.type", "Input should be 'auto', 'any', 'tool' or 'none'");
        dom::element flag;
        if (!choice["disable_parallel_tool_use"].get(flag) && !flag.is_bool())
            return fail("tool_choice.disable_parallel_tool_use", "Input should be a valid boolean");
        return true;
    }

    // "Extended thinking": enabled needs budget_tokens, at least 1024.
    bool thinking(dom::element value)
    {
        dom::object config;
        dom::element typeValue, budget;
        std::string_view type;
        if (!object(value, "thinking", &config) ||
            !member(config, "type", "thinking", &typeValue) ||
            !string(typeValue, "thinking.type", &type))
            return false;
        if (type == "enabled")
            return member(config, "budget_tokens", "thinking", &budget) &&
                   integer(budget, "thinking.budget_tokens", 1024);
        if (type != "disabled" && type != "adaptive")
            return fail("thinking.type", "Input should be 'enabled', 'disabled' or 'adaptive'");
        return true;
    }

private:
    DialectError* m_error;
};

} // namespace

bool AnthropicDialect::parse(Endpoint endpoint, QByteArray body, ChatRequest* out,
                             DialectError* error) const
{
    out->dialect = this;
    out->endpoint = endpoint;
    out->body = std::move(body);
    Validator v(error);

    dom::element rootValue;
    dom::object root;
    if (threadParser().parse(out->body.constData(), size_t(out->body.size())).get(rootValue))
        return v.fail({}, "The request body is not valid JSON.");
    if (rootValue.get_object().get(root))
        return v.fail({}, "The request body must be a JSON object.");

    bool sawModel = false, sawStream = false, sawMaxTokens = false, sawMessages = false;
    for (dom::key_value_pair field : root) {
        const std::string_view key = field.key;
        const dom::element value = field.value;
        if (key == "model") {
            // A second "model" might be the one another reader (a backend the body were relayed
            // to) takes: refuse the ambiguity.
            if (sawModel)
                return v.fail("model", "The request body has more than one 'model' key.");
            sawModel = true;
            std::string_view model;
            if (!v.string(value, "model", &model))
                return false;
            if (model.empty())
                return v.fail("model", "String should have at least 1 character");
            out->model = toQString(model);
        } else if (key == "stream") {
            if (sawStream)
                return v.fail("stream", "The request body has more than one 'stream' key.");
            sawStream = true;
            bool stream = false;
            if (!value.is_null() && value.get_bool().get(stream))
                return v.fail("stream", "Input should be a valid boolean");
            out->stream = stream;
        } else if (key == "max_tokens") {
            // 0 is allowed: it warms the prompt cache without an answer ("max_tokens").
            int64_t maxTokens = 0;
            if (!v.integer(value, "max_tokens", 0, &maxTokens))
                return false;
            out->maxTokens = maxTokens;
            sawMaxTokens = true;
        } else if (key == "messages") {
            if (!v.messages(value))
                return false;
            sawMessages = true;
        } else if (key == "system") {
            if (!v.system(value))
                return false;
        } else if (key == "tools") {
            if (!v.tools(value))
                return false;
        } else if (key == "tool_choice") {
            if (!v.toolChoice(value))
                return false;
        } else if (key == "thinking") {
            if (!v.thinking(value))
                return false;
        } else if (key == "stop_sequences") {
            dom::array list;
            if (!v.array(value, "stop_sequences", &list))
                return false;
            size_t i = 0;
            for (dom::element s : list)
                if (!v.string(s, "stop_sequences." + QByteArray::number(qulonglong(i++))))
                    return false;
        } else if (key == "temperature" || key == "top_p") {
            if (!v.number(value, QByteArray(key.data(), qsizetype(key.size()))))
                return false;
        } else if (key == "top_k") {
            if (!v.integer(value, "top_k", 0))
                return false;
        } else if (key == "metadata") {
            dom::object metadata;
            dom::element user;
            if (!v.object(value, "metadata", &metadata))
                return false;
            if (!metadata["user_id"].get(user) && !user.is_null() &&
                !v.string(user, "metadata.user_id"))
                return false;
        }
    }
    if (!sawModel)
        return v.fail("model", "Field required");
    // count_tokens takes no max_tokens ("Count tokens in a Message").
    if (!sawMaxTokens && !m_countTokens)
        return v.fail("max_tokens", "Field required");
    if (!sawMessages)
        return v.fail("messages", "Field required");
    return true;
}

QByteArray AnthropicDialect::errorBody(int status, QByteArrayView message, const char*,
                                       const char*) const
{
    return anthropicError(message, anthropicErrorType(status));
}

std::unique_ptr<ResponseEncoder> AnthropicDialect::encoder(const ChatRequest& request,
                                                           const EncodeOptions& options) const
{
    return std::make_unique<AnthropicEncoder>(request, options);
}

const AnthropicDialect& AnthropicDialect::instance()
{
    static const AnthropicDialect dialect(false);
    return dialect;
}

const AnthropicDialect& AnthropicDialect::countTokens()
{
    static const AnthropicDialect dialect(true);
    return dialect;
}

} // namespace gateway::api
