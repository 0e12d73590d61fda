// The Messages API body built from canonical requests (golden fixtures written from
// Anthropic's API reference: "Messages", "Tool use", "Prompt caching", "Extended thinking"),
// the requests an Anthropic backend refuses, and the stop_reason and error vocabularies.

#include "providers/anthropic/AnthropicWire.h"

#include "api/openai/OpenAiDialect.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using namespace gateway;
namespace wire = gateway::providers::anthropic;

namespace {

const QString model = QStringLiteral("claude-sonnet-4-5");

QByteArray fixture(const char* name)
{
    QFile f(QStringLiteral(ANTHROPIC_FIXTURE_DIR "/") + QLatin1String(name));
    EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << name;
    return f.readAll();
}

QJsonObject json(const QByteArray& bytes)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError) << bytes.constData();
    return doc.object();
}

api::CanonicalRequest canonical(const QByteArray& openAiBody)
{
    api::ChatRequest r;
    api::DialectError e;
    EXPECT_TRUE(
        api::OpenAiDialect::instance().parse(api::Endpoint::ChatCompletions, openAiBody, &r, &e))
        << e.message.constData() << " in " << openAiBody.constData();
    return r.canonical();
}

QByteArray body(const api::CanonicalRequest& r)
{
    const Result<QByteArray> out = wire::requestBody(r, model);
    EXPECT_TRUE(out.ok()) << qPrintable(out.error());
    return out.ok() ? out.value() : QByteArray();
}

QString refusal(const api::CanonicalRequest& r)
{
    const Result<QByteArray> out = wire::requestBody(r, model);
    EXPECT_FALSE(out.ok()) << out.value().constData();
    return out.error();
}

// Compares as JSON values, so that key order and layout in the fixture do not matter.
void expectBody(const QByteArray& actual, const char* expectedFixture)
{
    const QJsonObject expected = json(fixture(expectedFixture));
    EXPECT_EQ(json(actual), expected)
        << expectedFixture << "\nactual:   " << actual.constData()
        << "\nexpected: " << QJsonDocument(expected).toJson(QJsonDocument::Compact).constData();
}

} // namespace

TEST(AnthropicWire, SystemMessagesMergedTurnsDefaultsAndSampling)
{
    // System and developer messages join into `system`; two user messages merge into one turn;
    // an empty assistant message is left out; max_tokens gets its default; the user goes to
    // metadata.user_id while OpenAI's metadata and seed have no counterpart.
    expectBody(body(canonical(fixture("request_basic.openai.json"))),
               "request_basic.anthropic.json");
}

TEST(AnthropicWire, TurnsAroundAMessageWithoutContentMerge)
{
    const QByteArray messages = body(canonical(
        R"({"model":"m","temperature":0.7,"messages":[{"role":"user","content":"a"},{"role":"assistant","content":""},{"role":"user","content":"b"}]})"));
    EXPECT_EQ(json(messages)["messages"].toArray(),
              QJsonArray{json(R"({"role":"user","content":[{"type":"text","text":"a"},
                                                           {"type":"text","text":"b"}]})")});
    // Numbers are written in their shortest form.
    EXPECT_TRUE(messages.contains("\"temperature\":0.7}")) << messages.constData();
}

TEST(AnthropicWire, ToolCallsToolResultsCacheMarkersAndToolChoice)
{
    api::CanonicalRequest r = canonical(fixture("request_tools.openai.json"));
    // What OpenAI's request cannot say, set as the Anthropic dialect would.
    r.systemCacheControl = QJsonObject{{"type", "ephemeral"}};
    r.tools[0].cacheControl = QJsonObject{{"type", "ephemeral"}};
    ASSERT_EQ(r.messages.size(), 5);
    r.messages[3].toolError = true;
    expectBody(body(r), "request_tools.anthropic.json");
}

TEST(AnthropicWire, ImagesCachedPartsSignedThinkingAndTopK)
{
    api::CanonicalRequest r;
    api::Message user;
    api::ContentPart text;
    text.text = QStringLiteral("What is in these images?");
    api::ContentPart data;
    data.kind = api::ContentPart::Kind::ImageData;
    data.mediaType = QStringLiteral("image/png");
    data.data = "iVBORw0KGgo=";
    data.cacheControl = QJsonObject{{"type", "ephemeral"}};
    api::ContentPart url;
    url.kind = api::ContentPart::Kind::ImageUrl;
    url.url = QStringLiteral("https://example.com/cat.jpg");
    user.parts = {text, data, url};
    api::Message assistant;
    assistant.role = api::Role::Assistant;
    assistant.reasoning = QStringLiteral("The user wants a description.");
    assistant.reasoningSignature = "EqQBCgIYAhIM";
    api::ContentPart answer;
    answer.text = QStringLiteral("A cat.");
    assistant.parts = {answer};
    api::Message thanks;
    api::ContentPart t;
    t.text = QStringLiteral("Thanks");
    thanks.parts = {t};
    r.messages = {user, assistant, thanks};
    r.thinkingBudget = 2048;
    r.topK = 40;
    // max_tokens defaults to the budget plus the usual 4096: it counts the thinking too.
    expectBody(body(r), "request_images_thinking.anthropic.json");
}

TEST(AnthropicWire, ReasoningEffortBecomesAThinkingBudgetAndANamedFunctionATool)
{
    expectBody(body(canonical(fixture("request_effort.openai.json"))),
               "request_effort.anthropic.json");
    EXPECT_EQ(wire::thinkingBudgetForEffort(QStringLiteral("low")), 1024);
    EXPECT_EQ(wire::thinkingBudgetForEffort(QStringLiteral("medium")), 4096);
    EXPECT_EQ(wire::thinkingBudgetForEffort(QStringLiteral("high")), 16384);
    EXPECT_EQ(wire::thinkingBudgetForEffort(QStringLiteral("minimal")), 0);
    EXPECT_EQ(wire::thinkingBudgetForEffort(QString()), 0);
    // A budget the client gave wins over the effort.
    api::CanonicalRequest r = canonical(fixture("request_effort.openai.json"));
    r.thinkingBudget = 3000;
    r.maxTokens = 8000;
    const QJsonObject o = json(body(r));
    EXPECT_EQ(o["thinking"].toObject()["budget_tokens"].toInt(), 3000);
    EXPECT_EQ(o["max_tokens"].toInt(), 8000);
}

TEST(AnthropicWire, ToolChoiceVariants)
{
    const QByteArray tools =
        R"("tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}])";
    auto choiceOf = [&](const QByteArray& extra) {
        return json(body(canonical(R"({"model":"m","messages":[{"role":"user","content":"x"}],)" +
                                   tools + extra + "}")))
            .value("tool_choice");
    };
    // auto is Anthropic's default and is not sent.
    EXPECT_TRUE(choiceOf("").isUndefined());
    EXPECT_TRUE(choiceOf(R"(,"tool_choice":"auto")").isUndefined());
    EXPECT_EQ(choiceOf(R"(,"tool_choice":"none")"), (QJsonObject{{"type", "none"}}));
    EXPECT_EQ(choiceOf(R"(,"tool_choice":"auto","parallel_tool_calls":false)"),
              (QJsonObject{{"type", "auto"}, {"disable_parallel_tool_use", true}}));
    // "none" takes no disable_parallel_tool_use.
    EXPECT_EQ(choiceOf(R"(,"tool_choice":"none","parallel_tool_calls":false)"),
              (QJsonObject{{"type", "none"}}));
    EXPECT_TRUE(choiceOf(R"(,"parallel_tool_calls":true)").isUndefined());
    // Without tools there is nothing to choose.
    EXPECT_FALSE(
        json(
            body(canonical(
                R"({"model":"m","tool_choice":"none","messages":[{"role":"user","content":"x"}]})")))
            .contains("tool_choice"));
}

TEST(AnthropicWire, ToolResultsWithImagesOrEmptyContentAndCompletionsPrompts)
{
    api::CanonicalRequest r;
    api::Message result;
    result.role = api::Role::Tool;
    result.toolCallId = QStringLiteral("toolu_1");
    api::ContentPart shot;
    shot.kind = api::ContentPart::Kind::ImageData;
    shot.mediaType = QStringLiteral("image/jpeg");
    shot.data = "/9j/";
    shot.cacheControl = QJsonObject{{"type", "ephemeral"}};
    api::ContentPart caption;
    caption.text = QStringLiteral("screenshot");
    result.parts = {caption, shot};
    api::Message empty;
    empty.role = api::Role::Tool;
    empty.toolCallId = QStringLiteral("toolu_2");
    r.messages = {result, empty};
    const QJsonObject o = json(body(r));
    const QJsonObject expected = json(R"({"role":"user","content":[
        {"type":"tool_result","tool_use_id":"toolu_1","cache_control":{"type":"ephemeral"},
         "content":[{"type":"text","text":"screenshot"},
                    {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/"}}]},
        {"type":"tool_result","tool_use_id":"toolu_2"}]})");
    EXPECT_EQ(o["messages"].toArray().first().toObject(), expected);

    // A legacy completion's prompt is the user's turn.
    api::CanonicalRequest completion;
    completion.endpoint = api::Endpoint::Completions;
    completion.prompts = {QStringLiteral("Once upon a time")};
    EXPECT_EQ(json(body(completion))["messages"].toArray().first().toObject(),
              json(R"({"role":"user","content":"Once upon a time"})"));
}

TEST(AnthropicWire, RequestsAnAnthropicBackendCannotServeAreRefusedWithAReason)
{
    api::CanonicalRequest r =
        canonical(R"({"model":"m","n":2,"messages":[{"role":"user","content":"x"}]})");
    EXPECT_TRUE(refusal(r).contains(QStringLiteral("n = 2"))) << qPrintable(refusal(r));

    r = canonical(
        R"({"model":"m","response_format":{"type":"json_object"},"messages":[{"role":"user","content":"x"}]})");
    EXPECT_TRUE(refusal(r).contains(QStringLiteral("json_object")));
    // A text response_format is what Anthropic does anyway.
    r = canonical(
        R"({"model":"m","response_format":{"type":"text"},"messages":[{"role":"user","content":"x"}]})");
    EXPECT_TRUE(wire::requestBody(r, model).ok());

    r = canonical(R"({"model":"m","messages":[{"role":"user","content":"x"}]})");
    r.reasoningEffort = QStringLiteral("extreme");
    EXPECT_TRUE(refusal(r).contains(QStringLiteral("extreme")));

    r = canonical(
        R"({"model":"m","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"f"}}]})");
    r.toolChoice = QStringLiteral("sometimes");
    EXPECT_TRUE(refusal(r).contains(QStringLiteral("sometimes")));
    r.toolChoice = QJsonObject{{"type", "function"}};
    EXPECT_TRUE(refusal(r).contains(QStringLiteral("tool_choice")));

    api::CanonicalRequest embeddings;
    embeddings.endpoint = api::Endpoint::Embeddings;
    embeddings.inputs = {QStringLiteral("x")};
    EXPECT_TRUE(refusal(embeddings).contains(QStringLiteral("embeddings")));
}

TEST(AnthropicWire, StopReasonsAndErrorTypes)
{
    EXPECT_EQ(wire::finishReason("end_turn"), "stop");
    EXPECT_EQ(wire::finishReason("stop_sequence"), "stop");
    EXPECT_EQ(wire::finishReason("pause_turn"), "stop");
    EXPECT_EQ(wire::finishReason("max_tokens"), "length");
    EXPECT_EQ(wire::finishReason("model_context_window_exceeded"), "length");
    EXPECT_EQ(wire::finishReason("tool_use"), "tool_calls");
    EXPECT_EQ(wire::finishReason("refusal"), "content_filter");
    EXPECT_EQ(wire::finishReason("something_new"), "stop");

    EXPECT_EQ(wire::errorStatus("invalid_request_error"), 400);
    EXPECT_EQ(wire::errorStatus("authentication_error"), 401);
    EXPECT_EQ(wire::errorStatus("permission_error"), 403);
    EXPECT_EQ(wire::errorStatus("not_found_error"), 404);
    EXPECT_EQ(wire::errorStatus("request_too_large"), 413);
    EXPECT_EQ(wire::errorStatus("rate_limit_error"), 429);
    EXPECT_EQ(wire::errorStatus("api_error"), 500);
    EXPECT_EQ(wire::errorStatus("overloaded_error"), 529);
    EXPECT_EQ(wire::errorStatus("unheard_of_error"), 500);
}
