#include "api/openai/OpenAiDialect.h"
#include "gateway/api/ParseOpenAi.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using namespace gateway::api;

namespace {

// A copy: canonical() is a reference into the request, which would be a temporary here.
CanonicalRequest canonical(const QByteArray& body, Endpoint endpoint = Endpoint::ChatCompletions)
{
    return parseOk(body, endpoint).canonical();
}

const QByteArray hi = R"("messages":[{"role":"user","content":"hi"}])";

} // namespace

TEST(OpenAiCanonical, SystemAndDeveloperMessagesBecomeTheSystemPrompt)
{
    const ChatRequest r = parseOk(R"({"model":"m","messages":[
        {"role":"system","content":"Be brief."},
        {"role":"user","content":"hi"},
        {"role":"developer","content":[{"type":"text","text":"Use French."}]},
        {"role":"assistant","content":"Bonjour"}]})");
    const CanonicalRequest& c = r.canonical();
    EXPECT_EQ(c.endpoint, Endpoint::ChatCompletions);
    EXPECT_EQ(c.model, "m");
    EXPECT_EQ(c.system, "Be brief.\n\nUse French.");
    ASSERT_EQ(c.messages.size(), 2);
    EXPECT_EQ(c.messages[0].role, Role::User);
    EXPECT_EQ(c.messages[0].text(), "hi");
    EXPECT_EQ(c.messages[1].role, Role::Assistant);
    EXPECT_EQ(c.messages[1].text(), "Bonjour");
    // Built once: the same object on every call.
    EXPECT_EQ(&r.canonical(), &c);
}

TEST(OpenAiCanonical, ContentPartsTextAndImages)
{
    const ChatRequest r =
        parseOk(R"({"model":"m","messages":[{"role":"user","name":"ann","content":[
        {"type":"text","text":"What is this?"},
        {"type":"image_url","image_url":{"url":"https://example.com/cat.png","detail":"low"}},
        {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQ","detail":"high"}},
        {"type":"input_audio","input_audio":{"data":"AAAA","format":"wav"}},
        {"type":"text","text":"Be precise."}]}]})");
    const CanonicalRequest& c = r.canonical();
    ASSERT_EQ(c.messages.size(), 1);
    const Message& m = c.messages[0];
    EXPECT_EQ(m.name, "ann");
    ASSERT_EQ(m.parts.size(), 4); // audio is not translated
    EXPECT_EQ(m.parts[0].kind, ContentPart::Kind::Text);
    EXPECT_EQ(m.parts[0].text, "What is this?");
    EXPECT_EQ(m.parts[1].kind, ContentPart::Kind::ImageUrl);
    EXPECT_EQ(m.parts[1].url, "https://example.com/cat.png");
    EXPECT_EQ(m.parts[1].detail, "low");
    EXPECT_EQ(m.parts[2].kind, ContentPart::Kind::ImageData);
    EXPECT_EQ(m.parts[2].mediaType, "image/jpeg");
    EXPECT_EQ(m.parts[2].data, "/9j/4AAQ");
    EXPECT_EQ(m.parts[2].detail, "high");
    EXPECT_TRUE(m.parts[2].url.isEmpty());
    EXPECT_EQ(m.parts[3].text, "Be precise.");
    EXPECT_EQ(m.text(), "What is this?\nBe precise.");
}

TEST(OpenAiCanonical, AssistantToolCallsAndToolResults)
{
    const ChatRequest r = parseOk(R"({"model":"m","messages":[
        {"role":"user","content":"weather and time?"},
        {"role":"assistant","content":null,"tool_calls":[
            {"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
            {"id":"call_b","type":"function","function":{"name":"get_time","arguments":"{}"}}]},
        {"role":"tool","tool_call_id":"call_a","content":"18C"},
        {"role":"tool","tool_call_id":"call_b","content":"noon"}]})");
    const CanonicalRequest& c = r.canonical();
    ASSERT_EQ(c.messages.size(), 4);
    const Message& assistant = c.messages[1];
    EXPECT_EQ(assistant.role, Role::Assistant);
    EXPECT_TRUE(assistant.parts.isEmpty());
    ASSERT_EQ(assistant.toolCalls.size(), 2);
    EXPECT_EQ(assistant.toolCalls[0].id, "call_a");
    EXPECT_EQ(assistant.toolCalls[0].name, "get_weather");
    EXPECT_EQ(assistant.toolCalls[0].arguments, R"({"city":"Paris"})");
    EXPECT_EQ(assistant.toolCalls[1].id, "call_b");
    EXPECT_EQ(assistant.toolCalls[1].name, "get_time");
    EXPECT_EQ(c.messages[2].role, Role::Tool);
    EXPECT_EQ(c.messages[2].toolCallId, "call_a");
    EXPECT_EQ(c.messages[2].text(), "18C");
    EXPECT_EQ(c.messages[3].toolCallId, "call_b");
}

TEST(OpenAiCanonical, ToolsToolChoiceAndResponseFormatAreKept)
{
    const ChatRequest r = parseOk(R"({"model":"m",)" + hi + R"(,
        "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather now",
            "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}],
        "tool_choice":{"type":"function","function":{"name":"get_weather"}},
        "response_format":{"type":"json_schema","json_schema":{"name":"w","schema":{"type":"object"}}}})");
    const CanonicalRequest& c = r.canonical();
    ASSERT_EQ(c.tools.size(), 1);
    EXPECT_EQ(c.tools[0].name, "get_weather");
    EXPECT_EQ(c.tools[0].description, "Weather now");
    EXPECT_EQ(c.tools[0].parameters.value("type").toString(), "object");
    EXPECT_EQ(c.tools[0].parameters.value("required").toArray(), QJsonArray{"city"});
    EXPECT_TRUE(c.tools[0].parameters.value("properties").toObject().contains("city"));
    ASSERT_TRUE(c.toolChoice.isObject());
    EXPECT_EQ(c.toolChoice.toObject().value("function").toObject().value("name").toString(),
              "get_weather");
    ASSERT_TRUE(c.responseFormat.isObject());
    EXPECT_EQ(c.responseFormat.toObject().value("type").toString(), "json_schema");

    const CanonicalRequest plain =
        canonical(R"({"model":"m",)" + hi + R"(,"tool_choice":"required"})");
    EXPECT_EQ(plain.toolChoice, QJsonValue("required"));
    EXPECT_TRUE(plain.responseFormat.isUndefined());
    EXPECT_TRUE(plain.tools.isEmpty());
    EXPECT_TRUE(canonical(R"({"model":"m",)" + hi + '}').toolChoice.isUndefined());
}

TEST(OpenAiCanonical, SamplingParameters)
{
    const CanonicalRequest c = canonical(R"({"model":"m",)" + hi + R"(,
        "temperature":0.2,"top_p":0.9,"max_tokens":100,"max_completion_tokens":50,"seed":42,
        "n":3,"stop":"END","user":"u-1","metadata":{"team":"search"},
        "stream":true,"stream_options":{"include_usage":true}})");
    ASSERT_TRUE(c.temperature);
    EXPECT_DOUBLE_EQ(*c.temperature, 0.2);
    ASSERT_TRUE(c.topP);
    EXPECT_DOUBLE_EQ(*c.topP, 0.9);
    ASSERT_TRUE(c.maxTokens);
    EXPECT_EQ(*c.maxTokens, 50); // max_completion_tokens wins, wherever it is written
    ASSERT_TRUE(c.seed);
    EXPECT_EQ(*c.seed, 42);
    EXPECT_EQ(c.n, 3);
    EXPECT_EQ(c.stop, QStringList{"END"});
    EXPECT_EQ(c.user, "u-1");
    EXPECT_EQ(c.metadata.value("team").toString(), "search");
    EXPECT_TRUE(c.stream);
    EXPECT_TRUE(c.includeUsage);

    const CanonicalRequest first = canonical(R"({"model":"m",)" + hi + R"(,
        "max_completion_tokens":50,"max_tokens":100,"stop":["a","b"]})");
    EXPECT_EQ(first.maxTokens, 50);
    EXPECT_EQ(first.stop, (QStringList{"a", "b"}));

    const CanonicalRequest legacy = canonical(R"({"model":"m",)" + hi + R"(,"max_tokens":100})");
    EXPECT_EQ(legacy.maxTokens, 100);

    const CanonicalRequest none = canonical(R"({"model":"m",)" + hi + '}');
    EXPECT_FALSE(none.temperature);
    EXPECT_FALSE(none.topP);
    EXPECT_FALSE(none.maxTokens);
    EXPECT_FALSE(none.seed);
    EXPECT_EQ(none.n, 1);
    EXPECT_TRUE(none.stop.isEmpty());
    EXPECT_TRUE(none.user.isEmpty());
    EXPECT_TRUE(none.metadata.isEmpty());
    EXPECT_FALSE(none.stream);
    EXPECT_FALSE(none.includeUsage);
}

TEST(OpenAiCanonical, CompletionsPrompt)
{
    const CanonicalRequest one =
        canonical(R"({"model":"m","prompt":"Once upon"})", Endpoint::Completions);
    EXPECT_EQ(one.endpoint, Endpoint::Completions);
    EXPECT_EQ(one.prompts, QStringList{"Once upon"});
    EXPECT_TRUE(one.messages.isEmpty());
    const CanonicalRequest list =
        canonical(R"({"model":"m","prompt":["a","b"]})", Endpoint::Completions);
    EXPECT_EQ(list.prompts, (QStringList{"a", "b"}));
}

TEST(OpenAiCanonical, EmbeddingsInput)
{
    const CanonicalRequest one =
        canonical(R"({"model":"e","input":"hello"})", Endpoint::Embeddings);
    EXPECT_EQ(one.endpoint, Endpoint::Embeddings);
    EXPECT_EQ(one.inputs, QStringList{"hello"});
    const CanonicalRequest list =
        canonical(R"({"model":"e","input":["x","y","z"]})", Endpoint::Embeddings);
    EXPECT_EQ(list.inputs, (QStringList{"x", "y", "z"}));
    EXPECT_TRUE(list.prompts.isEmpty());
}

TEST(OpenAiCanonical, PromptTextIsALinePerPiece)
{
    const CanonicalRequest chat = canonical(R"({"model":"m","messages":[
        {"role":"system","content":"sys"},
        {"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]},
        {"role":"assistant","content":"","tool_calls":[{"id":"c","type":"function",
            "function":{"name":"f","arguments":"{\"x\":1}"}}]}]})");
    EXPECT_EQ(chat.promptText(), "sys\na\nb\n{\"x\":1}\n");
    EXPECT_EQ(parseOk(R"({"model":"m","prompt":["p","q"]})", Endpoint::Completions)
                  .canonical()
                  .promptText(),
              "p\nq\n");
    EXPECT_EQ(
        parseOk(R"({"model":"e","input":"i"})", Endpoint::Embeddings).canonical().promptText(),
        "i\n");
}

TEST(OpenAiCanonical, HugeNumbersAreBoundedNotUndefined)
{
    const QJsonObject root{{"max_tokens", 1e300}, {"seed", -1e300}, {"n", 1e9}};
    EXPECT_EQ(gateway::api::jsonInteger(root, "max_tokens"), qint64(1) << 53);
    EXPECT_EQ(gateway::api::jsonInteger(root, "seed"), -(qint64(1) << 53));
    EXPECT_FALSE(gateway::api::jsonInteger(root, "top_k").has_value());
    EXPECT_FALSE(gateway::api::jsonNumber(QJsonObject{{"t", "x"}}, "t").has_value());
}
