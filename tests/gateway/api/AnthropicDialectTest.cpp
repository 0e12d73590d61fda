// The Anthropic dialect's parse (validation as the Messages API does it), its canonical form,
// its error shape, and the OpenAI-format body built from that form (an Anthropic client served
// by an OpenAI-compatible backend). Request fixtures are written from Anthropic's API reference
// ("Messages", "Tool use", "Vision", "Extended thinking", "Prompt caching").

#include "api/anthropic/AnthropicDialect.h"

#include "api/anthropic/AnthropicError.h"
#include "providers/openai/OpenAiWire.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using namespace gateway::api;

namespace {

QByteArray fixture(const char* name)
{
    QFile f(QStringLiteral(ANTHROPIC_API_FIXTURES "/") + QLatin1String(name));
    EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << name;
    return f.readAll();
}

QJsonObject json(const QByteArray& bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

ChatRequest parseOk(const QByteArray& body,
                    const AnthropicDialect& dialect = AnthropicDialect::instance())
{
    ChatRequest r;
    DialectError e;
    EXPECT_TRUE(dialect.parse(Endpoint::ChatCompletions, body, &r, &e)) << e.message.constData();
    return r;
}

DialectError parseError(const QByteArray& body,
                        const AnthropicDialect& dialect = AnthropicDialect::instance())
{
    ChatRequest r;
    DialectError e;
    EXPECT_FALSE(dialect.parse(Endpoint::ChatCompletions, body, &r, &e)) << body.constData();
    return e;
}

const QByteArray minimal =
    R"({"model":"m","max_tokens":16,"messages":[{"role":"user","content":"hi"}]})";

} // namespace

TEST(AnthropicDialect, ReadsModelAndStream)
{
    const ChatRequest plain = parseOk(minimal);
    EXPECT_EQ(plain.model, "m");
    EXPECT_EQ(plain.maxTokens, 16); // reserved at admission (stages/LimitStage.h)
    EXPECT_FALSE(plain.stream);
    EXPECT_EQ(plain.dialect, &AnthropicDialect::instance());

    const ChatRequest streamed = parseOk(
        R"({"stream":true,"model":"claude-x","max_tokens":1,"messages":[{"role":"user","content":"hi"}]})");
    EXPECT_EQ(streamed.model, "claude-x");
    EXPECT_TRUE(streamed.stream);

    const ChatRequest full = parseOk(fixture("request-full.json"));
    EXPECT_EQ(full.model, "claude-alias");
    EXPECT_TRUE(full.stream);
}

TEST(AnthropicDialect, RefusesWhatTheApiRefusesWithItsMessages)
{
    struct Case
    {
        QByteArray body;
        QByteArray message; // the whole message
    };
    const Case cases[] = {
        {"not json", "The request body is not valid JSON."},
        {"[1,2]", "The request body must be a JSON object."},
        {R"({"max_tokens":1,"messages":[{"role":"user","content":"x"}]})", "model: Field required"},
        {R"({"model":"m","messages":[{"role":"user","content":"x"}]})",
         "max_tokens: Field required"},
        {R"({"model":"m","max_tokens":1})", "messages: Field required"},
        {R"({"model":"m","max_tokens":1,"messages":[]})",
         "messages: at least one message is required"},
        {R"({"model":5,"max_tokens":1,"messages":[{"role":"user","content":"x"}]})",
         "model: Input should be a valid string"},
        {R"({"model":"m","model":"n","max_tokens":1,"messages":[{"role":"user","content":"x"}]})",
         "model: The request body has more than one 'model' key."},
        {R"({"model":"m","max_tokens":"9","messages":[{"role":"user","content":"x"}]})",
         "max_tokens: Input should be a valid integer"},
        {R"({"model":"m","max_tokens":-1,"messages":[{"role":"user","content":"x"}]})",
         "max_tokens: Input should be greater than or equal to 0"},
        {R"({"model":"m","max_tokens":1,"stream":"yes","messages":[{"role":"user","content":"x"}]})",
         "stream: Input should be a valid boolean"},
        {R"({"model":"m","max_tokens":1,"messages":[{"role":"tool","content":"x"}]})",
         "messages.0.role: Input should be 'user', 'assistant' or 'system'"},
        {R"({"model":"m","max_tokens":1,"messages":[{"role":"user"}]})",
         "messages.0.content: Field required"},
        {R"({"model":"m","max_tokens":1,"messages":[{"role":"user","content":7}]})",
         "messages.0.content: Input should be a valid string or a list of content blocks"},
        {R"({"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"text":"x"}]}]})",
         "messages.0.content.0.type: Field required"},
        {R"({"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"type":"text"}]}]})",
         "messages.0.content.0.text: Field required"},
        {R"({"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"},{"role":"user","content":[{"type":"document","source":{}}]}]})",
         "messages.1.content.0.type: content blocks of type 'document' are not supported by this "
         "gateway (supported: text, image, tool_use, tool_result, thinking, redacted_thinking)"},
        {R"({"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/bmp","data":"x"}}]}]})",
         "messages.0.content.0.source.media_type: Input should be 'image/jpeg', 'image/png', "
         "'image/gif' or 'image/webp'"},
        {R"({"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"file","file_id":"f"}}]}]})",
         "messages.0.content.0.source.type: image source type 'file' is not supported by this "
         "gateway (use 'base64' or 'url')"},
        {R"({"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"type":"tool_use","id":"a","name":"f","input":{}}]}]})",
         "messages.0.content.0.type: tool_use blocks can only be in assistant messages"},
        {R"({"model":"m","max_tokens":1,"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"a","name":"f","input":"{}"}]}]})",
         "messages.0.content.0.input: Input should be a valid dictionary"},
        {R"({"model":"m","max_tokens":1,"messages":[{"role":"assistant","content":[{"type":"tool_result","tool_use_id":"a"}]}]})",
         "messages.0.content.0.type: tool_result blocks can only be in user messages"},
        {R"({"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"type":"tool_result"}]}]})",
         "messages.0.content.0.tool_use_id: Field required"},
        {R"({"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"type":"text","text":"x","cache_control":{"type":"forever"}}]}]})",
         "messages.0.content.0.cache_control.type: Input should be 'ephemeral'"},
        {R"({"model":"m","max_tokens":1,"messages":[{"role":"assistant","content":[{"type":"thinking","thinking":"t"}]}]})",
         "messages.0.content.0.signature: Field required"},
        {R"({"model":"m","max_tokens":1,"system":[{"type":"image"}],"messages":[{"role":"user","content":"x"}]})",
         "system.0.type: Input should be 'text'"},
        {R"({"model":"m","max_tokens":1,"tools":[{"name":"f"}],"messages":[{"role":"user","content":"x"}]})",
         "tools.0.input_schema: Field required"},
        {R"({"model":"m","max_tokens":1,"tools":[{"type":"web_search_20250305","name":"web_search"}],"messages":[{"role":"user","content":"x"}]})",
         "tools.0.type: tools of type 'web_search_20250305' (Anthropic's server and "
         "client-defined tools) are not supported by this gateway; define the tool with name, "
         "description and input_schema"},
        {R"({"model":"m","max_tokens":1,"tool_choice":{"type":"tool"},"messages":[{"role":"user","content":"x"}]})",
         "tool_choice.name: Field required"},
        {R"({"model":"m","max_tokens":1,"tool_choice":{"type":"some"},"messages":[{"role":"user","content":"x"}]})",
         "tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'"},
        {R"({"model":"m","max_tokens":1,"thinking":{"type":"enabled","budget_tokens":100},"messages":[{"role":"user","content":"x"}]})",
         "thinking.budget_tokens: Input should be greater than or equal to 1024"},
        {R"({"model":"m","max_tokens":1,"stop_sequences":["a",1],"messages":[{"role":"user","content":"x"}]})",
         "stop_sequences.1: Input should be a valid string"},
        {R"({"model":"m","max_tokens":1,"temperature":"hot","messages":[{"role":"user","content":"x"}]})",
         "temperature: Input should be a valid number"},
        {R"({"model":"m","max_tokens":1,"metadata":{"user_id":3},"messages":[{"role":"user","content":"x"}]})",
         "metadata.user_id: Input should be a valid string"},
    };
    for (const Case& c : cases) {
        const DialectError e = parseError(c.body);
        EXPECT_EQ(e.status, 400) << c.body.constData();
        EXPECT_EQ(e.message, c.message) << c.body.constData();
    }
}

TEST(AnthropicDialect, CountTokensNeedsNoMaxTokens)
{
    const QByteArray body = R"({"model":"m","messages":[{"role":"user","content":"hi"}]})";
    parseOk(body, AnthropicDialect::countTokens());
    EXPECT_EQ(parseError(body).message, "max_tokens: Field required");
    // Otherwise the same checks.
    EXPECT_EQ(parseError(R"({"model":"m","messages":[]})", AnthropicDialect::countTokens()).message,
              "messages: at least one message is required");
}

TEST(AnthropicDialect, ErrorsHaveAnthropicsShapeAndTypeByStatus)
{
    const AnthropicDialect& d = AnthropicDialect::instance();
    const QJsonObject error = json(d.errorBody(400, "bad \"thing\"\n", "code", "param"));
    EXPECT_EQ(error.value("type").toString(), "error");
    EXPECT_EQ(error.value("error").toObject().value("type").toString(), "invalid_request_error");
    EXPECT_EQ(error.value("error").toObject().value("message").toString(), "bad \"thing\"\n");
    EXPECT_EQ(error.keys(), (QStringList{"error", "type"}));
    EXPECT_EQ(error.value("error").toObject().keys(), (QStringList{"message", "type"}));

    const std::pair<int, const char*> types[] = {
        {400, "invalid_request_error"},
        {401, "authentication_error"},
        {403, "permission_error"},
        {404, "not_found_error"},
        {405, "invalid_request_error"},
        {413, "request_too_large"},
        {415, "invalid_request_error"},
        {429, "rate_limit_error"},
        {500, "api_error"},
        {502, "api_error"},
        {503, "api_error"},
        {504, "api_error"},
        {529, "overloaded_error"},
    };
    for (const auto& [status, type] : types)
        EXPECT_EQ(json(d.errorBody(status, "x")).value("error").toObject().value("type").toString(),
                  QLatin1String(type))
            << status;
}

TEST(AnthropicDialect, CanonicalFormOfAFullRequest)
{
    const ChatRequest r = parseOk(fixture("request-full.json"));
    const CanonicalRequest& c = r.canonical();
    EXPECT_EQ(c.model, "claude-alias");
    EXPECT_TRUE(c.stream);
    EXPECT_EQ(c.system, "You are a weather assistant.\n\nAnswer in French.");
    EXPECT_EQ(c.systemCacheControl, (QJsonObject{{"type", "ephemeral"}}));

    ASSERT_EQ(c.messages.size(), 7);
    const Message& question = c.messages[0];
    EXPECT_EQ(question.role, Role::User);
    ASSERT_EQ(question.parts.size(), 3);
    EXPECT_EQ(question.parts[0].kind, ContentPart::Kind::Text);
    EXPECT_EQ(question.parts[1].kind, ContentPart::Kind::ImageData);
    EXPECT_EQ(question.parts[1].mediaType, "image/png");
    EXPECT_EQ(question.parts[1].data, "iVBORw0KGgo=");
    EXPECT_TRUE(question.parts[1].cacheControl.isEmpty());
    EXPECT_EQ(question.parts[2].kind, ContentPart::Kind::ImageUrl);
    EXPECT_EQ(question.parts[2].url, "https://example.com/cat.jpg");
    EXPECT_EQ(question.parts[2].cacheControl, (QJsonObject{{"type", "ephemeral"}}));

    const Message& calls = c.messages[1];
    EXPECT_EQ(calls.role, Role::Assistant);
    EXPECT_EQ(calls.text(), "A cat. Let me check the weather.");
    EXPECT_EQ(calls.reasoning, "Two cities: two calls.");
    EXPECT_EQ(calls.reasoningSignature, "EqQBCgIYAhIM1gbcDa9GJwZA2b3h");
    ASSERT_EQ(calls.toolCalls.size(), 2);
    EXPECT_EQ(calls.toolCalls[0].id, "toolu_01A");
    EXPECT_EQ(calls.toolCalls[0].name, "get_weather");
    EXPECT_EQ(calls.toolCalls[0].arguments, R"({"city":"Paris"})");
    EXPECT_EQ(json(calls.toolCalls[1].arguments.toUtf8()),
              (QJsonObject{{"city", "Lyon"}, {"unit", "celsius"}}));

    // The user turn: its tool results first, as Tool messages, then its text.
    const Message& paris = c.messages[2];
    EXPECT_EQ(paris.role, Role::Tool);
    EXPECT_EQ(paris.toolCallId, "toolu_01A");
    EXPECT_EQ(paris.text(), "18C, sunny");
    EXPECT_FALSE(paris.toolError);
    const Message& lyon = c.messages[3];
    EXPECT_EQ(lyon.role, Role::Tool);
    EXPECT_EQ(lyon.toolCallId, "toolu_01B");
    EXPECT_TRUE(lyon.toolError);
    ASSERT_EQ(lyon.parts.size(), 2);
    EXPECT_EQ(lyon.parts[0].text, "station offline");
    EXPECT_EQ(lyon.parts[1].kind, ContentPart::Kind::ImageData);
    EXPECT_EQ(lyon.parts[1].mediaType, "image/jpeg");
    EXPECT_EQ(lyon.parts[1].cacheControl, (QJsonObject{{"type", "ephemeral"}}));
    const Message& tomorrow = c.messages[4];
    EXPECT_EQ(tomorrow.role, Role::User);
    EXPECT_EQ(tomorrow.text(), "And tomorrow?");

    const Message& redacted = c.messages[5];
    EXPECT_EQ(redacted.role, Role::Assistant);
    EXPECT_TRUE(redacted.reasoning.isEmpty());
    EXPECT_EQ(redacted.reasoningSignature, "EmwKAhgBEgy3va3pzix");
    EXPECT_EQ(c.messages[6].text(), "Thanks.");

    ASSERT_EQ(c.tools.size(), 2);
    EXPECT_EQ(c.tools[0].name, "get_weather");
    EXPECT_EQ(c.tools[0].description, "Current weather in a city");
    EXPECT_EQ(c.tools[0].parameters.value("required").toArray(), (QJsonArray{"city"}));
    EXPECT_EQ(c.tools[0].cacheControl, (QJsonObject{{"type", "ephemeral"}}));
    EXPECT_EQ(c.tools[1].name, "get_time");
    EXPECT_TRUE(c.tools[1].cacheControl.isEmpty());
    EXPECT_EQ(c.toolChoice, QJsonValue("required"));
    EXPECT_EQ(c.parallelToolCalls, false);
    EXPECT_EQ(c.thinkingBudget, 2048);
    EXPECT_EQ(c.maxTokens, 1024);
    EXPECT_EQ(c.stop, (QStringList{"END", "STOP"}));
    EXPECT_EQ(c.temperature, 0.5);
    EXPECT_EQ(c.topP, 0.9);
    EXPECT_EQ(c.topK, 40);
    EXPECT_EQ(c.user, "user-42");
    EXPECT_TRUE(c.metadata.isEmpty());
    EXPECT_TRUE(c.responseFormat.isUndefined());
}

TEST(AnthropicDialect, ToolChoicesInOpenAisShape)
{
    auto choice = [](const QByteArray& toolChoice) {
        const ChatRequest r = parseOk(
            R"({"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"tool_choice":)" +
            toolChoice + '}');
        return std::make_pair(r.canonical().toolChoice, r.canonical().parallelToolCalls);
    };
    EXPECT_EQ(choice(R"({"type":"auto"})").first, QJsonValue("auto"));
    EXPECT_EQ(choice(R"({"type":"auto"})").second, std::nullopt);
    EXPECT_EQ(choice(R"({"type":"any"})").first, QJsonValue("required"));
    EXPECT_EQ(choice(R"({"type":"none"})").first, QJsonValue("none"));
    EXPECT_EQ(choice(R"({"type":"tool","name":"get_time"})").first,
              QJsonValue(QJsonObject{{"type", "function"},
                                     {"function", QJsonObject{{"name", "get_time"}}}}));
    EXPECT_EQ(choice(R"({"type":"auto","disable_parallel_tool_use":false})").second, true);

    // Without tools, the OpenAI body has no parallel_tool_calls (OpenAI refuses it then).
    const ChatRequest noTools = parseOk(
        R"({"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"tool_choice":{"type":"auto","disable_parallel_tool_use":true}})");
    EXPECT_EQ(noTools.canonical().parallelToolCalls, false);
    EXPECT_FALSE(json(gateway::providers::openai::requestBody(noTools.canonical(), "m"))
                     .contains("parallel_tool_calls"));

    const ChatRequest none = parseOk(minimal);
    EXPECT_TRUE(none.canonical().toolChoice.isUndefined());
    EXPECT_EQ(none.canonical().thinkingBudget, 0);
    EXPECT_EQ(none.canonical().system, "");
    ASSERT_EQ(none.canonical().messages.size(), 1);
    EXPECT_EQ(none.canonical().messages[0].text(), "hi");
}

TEST(AnthropicDialect, EstimatesInputTokensWithTheTools)
{
    const ChatRequest plain = parseOk(minimal);
    const qint64 withoutTools = estimateInputTokens(plain.canonical());
    EXPECT_EQ(withoutTools, estimateTokens(QStringLiteral("hi\n")));
    const ChatRequest tools = parseOk(
        R"({"model":"m","max_tokens":1,"messages":[{"role":"user","content":"hi"}],
            "tools":[{"name":"get_weather","description":"Current weather in a city",
                      "input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}]})");
    EXPECT_GT(estimateInputTokens(tools.canonical()), withoutTools + 10);
    EXPECT_EQ(AnthropicDialect::countTokens().inputTokensBody(42), R"({"input_tokens":42})");
}

// An Anthropic client served by an OpenAI-compatible backend: the body that backend gets keeps
// the system prompt, images, tool calls, tool results (their images in a user message after
// them) and the parameters it has a field for.
TEST(AnthropicDialect, OpenAiBodyFromTheCanonicalFormKeepsEverythingItCanCarry)
{
    const ChatRequest r = parseOk(fixture("request-full.json"));
    const QByteArray body =
        gateway::providers::openai::requestBody(r.canonical(), QStringLiteral("gpt-4o"));
    const QJsonObject expected = json(fixture("openai-body-from-request-full.json"));
    const QJsonObject built = json(body);
    EXPECT_EQ(built, expected) << body.constData();
}

TEST(AnthropicDialect, ASystemMessageAmongTheTurnsJoinsTheSystemPrompt)
{
    // As Claude Code 2.1 sends its reminders.
    const ChatRequest request = parseOk(
        R"({"model":"m","max_tokens":9,"system":"Be brief.","messages":[)"
        R"({"role":"user","content":"hi"},)"
        R"({"role":"system","content":[{"type":"text","text":"<system-reminder>x</system-reminder>"}]},)"
        R"({"role":"user","content":"again"}]})");
    const CanonicalRequest& c = request.canonical();
    EXPECT_EQ(c.system, QStringLiteral("Be brief.\n\n<system-reminder>x</system-reminder>"));
    ASSERT_EQ(c.messages.size(), 2);
    EXPECT_EQ(c.messages.at(1).text(), QStringLiteral("again"));
}
