#include "api/openai/OpenAiDialect.h"
#include "api/openai/OpenAiError.h"
#include "gateway/api/ParseOpenAi.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using namespace gateway::api;

namespace {

DialectError parseError(const QByteArray& body, Endpoint endpoint = Endpoint::ChatCompletions)
{
    ChatRequest r;
    DialectError e;
    EXPECT_FALSE(OpenAiDialect::instance().parse(endpoint, body, &r, &e));
    return e;
}

QJsonObject json(const QByteArray& bytes)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError) << bytes.constData();
    return doc.object();
}

} // namespace

// Admission reserves max_tokens against token limits and budgets (stages/LimitStage.h) without
// building the canonical form: the dialect reads it with model and stream.
TEST(OpenAiDialect, ReadsMaxTokensAsTheCanonicalFormDoes)
{
    const QByteArray messages = R"("messages":[{"role":"user","content":"hi"}])";
    EXPECT_EQ(parseOk("{\"model\":\"m\"," + messages + "}").maxTokens, -1);
    EXPECT_EQ(parseOk("{\"model\":\"m\",\"max_tokens\":64," + messages + "}").maxTokens, 64);
    // max_completion_tokens wins, in either order.
    for (const QByteArray& both : {QByteArray(R"("max_tokens":64,"max_completion_tokens":32)"),
                                   QByteArray(R"("max_completion_tokens":32,"max_tokens":64)")}) {
        const ChatRequest r = parseOk("{\"model\":\"m\"," + both + "," + messages + "}");
        EXPECT_EQ(r.maxTokens, 32);
        EXPECT_EQ(r.canonical().maxTokens, 32);
    }
    // Not an integer: left to the backend to judge, and not reserved.
    EXPECT_EQ(parseOk("{\"model\":\"m\",\"max_tokens\":\"x\"," + messages + "}").maxTokens, -1);
}

TEST(OpenAiDialect, ReadsModelStreamAndIncludeUsage)
{
    const ChatRequest r = parseOk(R"({"model":"gpt-4o-mini","stream":true,
        "stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]})");
    EXPECT_EQ(r.model, QStringLiteral("gpt-4o-mini"));
    EXPECT_TRUE(r.stream);
    EXPECT_TRUE(r.includeUsage);
}

TEST(OpenAiDialect, RejectsWhatOpenAiRejects)
{
    EXPECT_EQ(parseError("{not json").status, 400);
    EXPECT_EQ(parseError("[1,2]").status, 400);
    EXPECT_EQ(parseError(R"({"messages":[{"role":"user","content":"x"}]})").param, "model");
    EXPECT_EQ(parseError(R"({"model":"m"})").param, "messages");
    EXPECT_EQ(parseError(R"({"model":"m","messages":[]})").param, "messages");
    EXPECT_EQ(parseError(R"({"model":"m","messages":{"role":"user"}})").param, "messages");
    EXPECT_EQ(parseError(R"({"model":"m","messages":["hi"]})").param, "messages");
    EXPECT_EQ(parseError(R"({"model":"m","messages":[{"content":"no role"}]})").param, "messages");
    EXPECT_EQ(parseError(R"({"model":7,"messages":[{"role":"user","content":"x"}]})").param,
              "model");
    EXPECT_EQ(
        parseError(R"({"model":"m","stream":"yes","messages":[{"role":"user","content":"x"}]})")
            .param,
        "stream");
    EXPECT_EQ(parseError(R"({"model":"m","input":[]})", Endpoint::Embeddings).param, "input");
    EXPECT_EQ(parseError(R"({"model":"m"})", Endpoint::Completions).param, "prompt");
}

TEST(OpenAiDialect, UpstreamBodyRewritesOnlyTheModel)
{
    const ChatRequest r = parseOk(
        R"({"model" : "alias", "temperature":0.5,"messages":[{"role":"user","content":"hi"}]})");
    const QJsonObject o = json(OpenAiDialect::upstreamBody(r, QStringLiteral("real-\"model\"")));
    EXPECT_EQ(o.value(QStringLiteral("model")).toString(), QStringLiteral("real-\"model\""));
    EXPECT_EQ(o.value(QStringLiteral("temperature")).toDouble(), 0.5);
    EXPECT_EQ(o.value(QStringLiteral("messages")).toArray().size(), 1);
    // Nothing to change: the very bytes go upstream.
    EXPECT_EQ(OpenAiDialect::upstreamBody(r, QStringLiteral("alias")), r.body);
}

TEST(OpenAiDialect, StreamsAlwaysAskForUsage)
{
    const QByteArray cases[] = {
        R"({"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]})",
        R"({"model":"m","stream":true,"stream_options":{},"messages":[{"role":"user","content":"x"}]})",
        R"({"model":"m","stream":true,"stream_options":null,"messages":[{"role":"user","content":"x"}]})",
        R"({"model":"m","stream":true,"stream_options":{"include_usage":false},"messages":[{"role":"user","content":"x"}]})",
        R"({"model":"m","stream":true,"stream_options":{"other":1},"messages":[{"role":"user","content":"x"}]})",
    };
    for (const QByteArray& body : cases) {
        const ChatRequest r = parseOk(body);
        EXPECT_FALSE(r.includeUsage);
        const QJsonObject o = json(OpenAiDialect::upstreamBody(r, QStringLiteral("upstream")));
        EXPECT_EQ(o.value(QStringLiteral("model")).toString(), QStringLiteral("upstream"))
            << body.constData();
        EXPECT_TRUE(o.value(QStringLiteral("stream_options"))
                        .toObject()
                        .value(QStringLiteral("include_usage"))
                        .toBool())
            << body.constData();
    }
}

TEST(OpenAiDialect, PromptTextCoversStringAndPartContents)
{
    const ChatRequest r =
        parseOk(R"({"model":"m","messages":[{"role":"system","content":"be brief"},
        {"role":"user","content":[{"type":"text","text":"hello"},{"type":"image_url","image_url":{"url":"x"}}]}]})");
    EXPECT_EQ(r.canonical().promptText(), QStringLiteral("be brief\nhello\n"));
}

TEST(OpenAiDialect, ReadsUsageFromResponsesAndChunks)
{
    const Usage u = OpenAiDialect::responseUsage(
        R"({"id":"x","choices":[{"message":{"content":"hi"}}],"usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}})");
    EXPECT_EQ(u.promptTokens, 12);
    EXPECT_EQ(u.completionTokens, 5);
    EXPECT_FALSE(OpenAiDialect::responseUsage(R"({"id":"x"})").known());
    // The last "usage" key counts; a body shorter than the key has none.
    EXPECT_EQ(OpenAiDialect::responseUsage(
                  R"({"usage":{"prompt_tokens":1},"x":{"usage":{"prompt_tokens":2}}})")
                  .promptTokens,
              2);
    EXPECT_EQ(OpenAiDialect::responseUsage(R"("usage":{"prompt_tokens":3})").promptTokens, 3);
    EXPECT_FALSE(OpenAiDialect::responseUsage("usage").known());
    EXPECT_FALSE(OpenAiDialect::responseUsage("").known());

    const auto usageChunk = OpenAiDialect::inspectChunk(
        R"({"id":"c","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":24,"total_tokens":27}})");
    EXPECT_TRUE(usageChunk.choicesEmpty);
    EXPECT_EQ(usageChunk.usage.completionTokens, 24);
    const auto contentChunk = OpenAiDialect::inspectChunk(
        R"({"id":"c","choices":[{"index":0,"delta":{"content":"Hel"}}],"usage":null})");
    EXPECT_FALSE(contentChunk.choicesEmpty);
    EXPECT_FALSE(contentChunk.usage.known());
}

TEST(OpenAiDialect, EstimatesTokensAtFourBytesEach)
{
    EXPECT_EQ(estimateTokens(QString()), 0);
    EXPECT_EQ(estimateTokens(QStringLiteral("abcd")), 1);
    EXPECT_EQ(estimateTokens(QStringLiteral("abcde")), 2);
}

TEST(OpenAiDialect, MalformedUpstreamBodiesAreReadAsNothingNotAsACrash)
{
    // On-demand walking went on after an error in a choice and crashed (tests/fuzz found it);
    // these bodies come from upstreams, so they are untrusted.
    for (const QByteArray& body :
         {QByteArray(R"({"choices":[{"message":1x},{"text":"a"}]})"),
          QByteArray(R"({"choices":[{"delta":{"content":tru}}],"usage":{"prompt_tokens":1)"),
          QByteArray(R"({"usage":{"prompt_tokens":"7"},"choices":[})"),
          QByteArray("\xff\xfe{\"usage\":{}}")}) {
        EXPECT_FALSE(OpenAiDialect::responseUsage(body).known()) << body.constData();
        const auto chunk = OpenAiDialect::inspectChunk(body);
        EXPECT_FALSE(chunk.usage.known()) << body.constData();
    }
}

TEST(OpenAiDialect, RejectsASecondModelKey)
{
    // The backend might read the other one than the gateway routed on.
    const DialectError e = parseError(
        R"({"model":"cheap","messages":[{"role":"user","content":"x"}],"model":"expensive"})");
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.param, "model");
    // Spelled with an escape, it is the same key to a backend.
    EXPECT_EQ(
        parseError(R"({"model":"a","mod\u0065l":"b","messages":[{"role":"user","content":"x"}]})")
            .param,
        "model");
}

TEST(OpenAiDialect, RejectsASecondStreamKey)
{
    const DialectError e = parseError(
        R"({"model":"m","stream":false,"messages":[{"role":"user","content":"x"}],"stream":true})");
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.param, "stream");
}

TEST(OpenAiDialect, RejectsBytesAfterTheObject)
{
    const QByteArray one = R"({"model":"m","messages":[{"role":"user","content":"x"}]})";
    for (const QByteArray& tail :
         {QByteArray(R"({"model":"other"})"), QByteArray(" x"), QByteArray("]"), QByteArray("}"),
          QByteArray("\n1"), QByteArray(R"( "s")")}) {
        const DialectError e = parseError(one + tail);
        EXPECT_EQ(e.status, 400) << tail.constData();
    }
    for (const Endpoint endpoint : {Endpoint::Completions, Endpoint::Embeddings}) {
        const QByteArray body = endpoint == Endpoint::Completions
                                    ? QByteArray(R"({"model":"m","prompt":"p"})")
                                    : QByteArray(R"({"model":"m","input":"i"})");
        EXPECT_EQ(parseError(body + body, endpoint).status, 400);
    }
}

TEST(OpenAiDialect, AcceptsTrailingWhitespace)
{
    const QByteArray one = R"({"model":"m","messages":[{"role":"user","content":"x"}]})";
    for (const QByteArray& tail :
         {QByteArray("\n"), QByteArray("\r\n"), QByteArray("  \t \n\n"), QByteArray(" ")}) {
        const ChatRequest r = parseOk(one + tail);
        EXPECT_EQ(r.model, QStringLiteral("m"));
    }
    EXPECT_EQ(parseOk("\n " + one + "\n").model, QStringLiteral("m"));
}

TEST(OpenAiError, EscapesTheParamAndTheCodeToo)
{
    // A code can come from an upstream's bytes (an Anthropic error event's type).
    const QByteArray body = gateway::api::openAiError("m", "server_error", "a\"b", "c\",\"x\":\"y");
    QJsonParseError error;
    const QJsonObject e = QJsonDocument::fromJson(body, &error).object().value("error").toObject();
    ASSERT_EQ(error.error, QJsonParseError::NoError) << body.constData();
    EXPECT_EQ(e.value("param").toString(), QStringLiteral("a\"b"));
    EXPECT_EQ(e.value("code").toString(), QStringLiteral("c\",\"x\":\"y"));
    EXPECT_FALSE(e.contains("x"));
}
