#include "pipeline/Chain.h"

#include "api/openai/OpenAiDialect.h"
#include "metrics/Metrics.h"
#include "pipeline/Runtime.h"
#include "support/RecordingWriter.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

using namespace gateway;
using namespace gateway::pipeline;
using api::ResponseEvent;
using test::RecordingWriter;
using Kind = RecordingWriter::Kind;

namespace {

// A stage whose verdicts are set by the test, and which writes each hook it runs in a log.
class ScriptedStage : public Stage
{
public:
    ScriptedStage(const char* name, std::vector<std::string>* log) : m_name(name), m_log(log) {}

    Verdict headers = Verdict::Continue;
    Verdict request = Verdict::Continue;
    QString redact; // replaced by "[redacted]" in text deltas

    const char* name() const override { return m_name; }
    Verdict onRequestHeaders(RequestContext& ctx) const override
    {
        m_log->push_back(std::string(m_name) + ":headers");
        if (headers == Verdict::Reply)
            ctx.replyError(401, "unauthorized", "Missing API key.", "invalid_api_key");
        return headers;
    }
    Verdict onRequest(RequestContext& ctx) const override
    {
        m_log->push_back(std::string(m_name) + ":request");
        if (request == Verdict::Reply)
            ctx.replyError(429, "rate_limited", "Too many requests.", "rate_limit_exceeded");
        return request;
    }
    void onResponseEvent(RequestContext&, ResponseEvent& event) const override
    {
        if (event.type != ResponseEvent::Type::TextDelta)
            return;
        m_log->push_back(std::string(m_name) + ":event:" + event.text.toStdString());
        if (!redact.isEmpty())
            event.text.replace(redact, QStringLiteral("[redacted]"));
    }
    void onComplete(RequestContext& ctx) const override
    {
        m_log->push_back(std::string(m_name) + ":complete:" + std::to_string(ctx.status));
    }

private:
    const char* m_name;
    std::vector<std::string>* m_log;
};

class FakeWork : public Work
{
public:
    void cancel() override { ++cancels; }
    int cancels = 0;
};

class ChainTest : public ::testing::Test
{
protected:
    ChainTest() { services.registry = &registry; }

    ScriptedStage* addStage(const char* name)
    {
        auto stage = std::make_unique<ScriptedStage>(name, &log);
        ScriptedStage* raw = stage.get();
        runtime->stages.push_back(std::move(stage));
        return raw;
    }

    // A context as GatewayHandler::makeContext builds it (in flight from here on), with a
    // parsed streamed chat request and the OpenAI encoder.
    std::shared_ptr<RequestContext> makeContext()
    {
        auto ctx = std::make_shared<RequestContext>();
        ctx->runtime = runtime;
        ctx->services = &services;
        ctx->dialect = &api::OpenAiDialect::instance();
        ctx->traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        auto writer = std::make_unique<RecordingWriter>();
        recorded = writer.get();
        ctx->writer = std::move(writer);
        api::DialectError error;
        EXPECT_TRUE(ctx->dialect->parse(
            api::Endpoint::ChatCompletions,
            R"({"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]})",
            &ctx->request, &error));
        api::EncodeOptions options;
        options.traceId = ctx->traceId;
        options.headers = {{"x-request-id", ctx->traceId}};
        ctx->encoder = ctx->dialect->encoder(ctx->request, options);
        registry.inFlight().fetch_add(1);
        return ctx;
    }

    int count(const std::string& entry) const
    {
        return int(std::count(log.begin(), log.end(), entry));
    }

    metrics::Registry registry{1};
    WorkerServices services;
    std::shared_ptr<Runtime> runtime = std::make_shared<Runtime>();
    std::vector<std::string> log;
    RecordingWriter* recorded = nullptr;
};

QJsonObject errorObject(const QByteArray& body)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError) << body.constData();
    return doc.object().value("error").toObject();
}

} // namespace

TEST_F(ChainTest, AdmitStopsAtTheFirstRefusalAndKeepsTheReply)
{
    addStage("auth")->headers = Verdict::Continue;
    addStage("keys")->headers = Verdict::Reply;
    addStage("limits");
    const auto ctx = makeContext();

    EXPECT_FALSE(Chain::admit(*ctx));
    EXPECT_EQ(log, (std::vector<std::string>{"auth:headers", "keys:headers"}));
    EXPECT_EQ(ctx->replyStatus, 401);
    EXPECT_EQ(ctx->status, 401);
    EXPECT_EQ(ctx->errorClass, "unauthorized");
    const QJsonObject e = errorObject(ctx->replyBody);
    EXPECT_EQ(e.value("message").toString(), "Missing API key.");
    EXPECT_EQ(e.value("code").toString(), "invalid_api_key");
    // Not sent yet: the caller does, once it knows the transport can take it.
    EXPECT_TRUE(recorded->calls.empty());
    EXPECT_FALSE(ctx->finished);

    Chain::sendReply(*ctx);
    ASSERT_EQ(recorded->kinds(), std::vector<Kind>{Kind::Respond});
    EXPECT_EQ(recorded->calls[0].status, 401);
    EXPECT_EQ(recorded->calls[0].bytes, ctx->replyBody);
    EXPECT_TRUE(ctx->finished);
}

TEST_F(ChainTest, AdmitPassesWhenEveryStageContinues)
{
    addStage("a");
    addStage("b");
    const auto ctx = makeContext();
    EXPECT_TRUE(Chain::admit(*ctx));
    EXPECT_EQ(log, (std::vector<std::string>{"a:headers", "b:headers"}));
    EXPECT_EQ(ctx->replyStatus, 0);
    EXPECT_TRUE(ctx->replyBody.isEmpty());
}

TEST_F(ChainTest, RunStopsOnReplyAndCompletesEveryStageOnce)
{
    addStage("parse");
    addStage("limit")->request = Verdict::Reply;
    addStage("invoke");
    const auto ctx = makeContext();
    ASSERT_EQ(registry.inFlight().load(), 1);

    Chain::run(ctx);
    EXPECT_EQ(log, (std::vector<std::string>{"parse:request", "limit:request", "parse:complete:429",
                                             "limit:complete:429", "invoke:complete:429"}));
    ASSERT_EQ(recorded->kinds(), std::vector<Kind>{Kind::Respond});
    const RecordingWriter::Call& reply = recorded->calls[0];
    EXPECT_EQ(reply.status, 429);
    EXPECT_EQ(reply.contentType, "application/json");
    EXPECT_EQ(RecordingWriter::header(reply, "x-request-id"), "4bf92f3577b34da6a3ce929d0e0e4736");
    EXPECT_EQ(errorObject(reply.bytes).value("code").toString(), "rate_limit_exceeded");
    EXPECT_TRUE(ctx->finished);
    EXPECT_EQ(ctx->status, 429);
    EXPECT_EQ(ctx->errorClass, "rate_limited");
    EXPECT_EQ(registry.inFlight().load(), 0);
}

TEST_F(ChainTest, RunToTheEndFinishes)
{
    addStage("a");
    addStage("b");
    const auto ctx = makeContext();
    Chain::run(ctx);
    EXPECT_EQ(log,
              (std::vector<std::string>{"a:request", "b:request", "a:complete:0", "b:complete:0"}));
    EXPECT_TRUE(ctx->finished);
    EXPECT_EQ(registry.inFlight().load(), 0);
}

TEST_F(ChainTest, PauseThenResumeGoesOnWithTheNextStage)
{
    addStage("parse");
    addStage("lookup")->request = Verdict::Pause;
    addStage("invoke");
    auto ctx = makeContext();
    std::weak_ptr<RequestContext> weak = ctx;

    Chain::run(ctx);
    EXPECT_EQ(log, (std::vector<std::string>{"parse:request", "lookup:request"}));
    EXPECT_FALSE(ctx->finished);
    EXPECT_EQ(ctx->nextStage, 2u);
    // The paused context holds itself: the caller may drop its reference.
    EXPECT_EQ(ctx->self, ctx);
    ctx.reset();
    ASSERT_FALSE(weak.expired());

    Chain::resume(*weak.lock());
    EXPECT_EQ(log, (std::vector<std::string>{"parse:request", "lookup:request", "invoke:request",
                                             "parse:complete:0", "lookup:complete:0",
                                             "invoke:complete:0"}));
    EXPECT_TRUE(weak.lock()->finished);
    EXPECT_EQ(registry.inFlight().load(), 0);
    // The self reference is released on the loop's next turn, not on this stack.
    ASSERT_FALSE(weak.expired());
    services.retired.clear();
    EXPECT_TRUE(weak.expired());
}

TEST_F(ChainTest, DeliverRunsStageHooksInOrderBeforeTheEncoder)
{
    addStage("guard")->redact = QStringLiteral("secret");
    addStage("cache");
    const auto ctx = makeContext();

    std::vector<ResponseEvent> events = {
        ResponseEvent::start("gpt-4o", true), ResponseEvent::textDelta("the secret is"),
        ResponseEvent::textDelta(" 42"),      ResponseEvent::finish("stop"),
        ResponseEvent::usageEvent({11, 3}),   ResponseEvent::end(),
    };
    for (ResponseEvent& e : events)
        Chain::deliver(*ctx, e);

    // The second stage saw what the first one made of the event.
    EXPECT_EQ(
        log, (std::vector<std::string>{"guard:event:the secret is", "cache:event:the [redacted] is",
                                       "guard:event: 42", "cache:event: 42"}));
    const QByteArray bytes = recorded->written();
    EXPECT_TRUE(bytes.contains(R"("content":"the [redacted] is")")) << bytes.constData();
    EXPECT_FALSE(bytes.contains("secret")) << bytes.constData();
    EXPECT_TRUE(bytes.endsWith("data: [DONE]\n\n"));
    EXPECT_EQ(recorded->calls.back().kind, Kind::EndStream);
    EXPECT_EQ(ctx->contentChunks, 2);
    EXPECT_EQ(ctx->usage.promptTokens, 11);
    EXPECT_EQ(ctx->usage.completionTokens, 3);
    EXPECT_GT(ctx->firstTokenNs, 0);

    // Pass-through events count the payloads that carry content.
    const QByteArray payload = R"({"choices":[{"delta":{"content":"x"}}]})";
    ResponseEvent relay;
    relay.type = ResponseEvent::Type::Passthrough;
    relay.payloads = {QByteArrayView(payload), QByteArrayView(payload)};
    relay.contentPayloads = 2;
    const auto second = makeContext();
    ResponseEvent start = ResponseEvent::start("gpt-4o", true);
    Chain::deliver(*second, start);
    Chain::deliver(*second, relay);
    EXPECT_EQ(second->contentChunks, 2);
    EXPECT_GT(second->firstTokenNs, 0);
}

TEST_F(ChainTest, DeliverAfterFinishWritesNothing)
{
    addStage("a");
    const auto ctx = makeContext();
    Chain::finish(*ctx);
    ResponseEvent start = ResponseEvent::start("gpt-4o", true);
    ResponseEvent delta = ResponseEvent::textDelta("late");
    Chain::deliver(*ctx, start);
    Chain::deliver(*ctx, delta);
    EXPECT_TRUE(recorded->calls.empty());
    EXPECT_EQ(ctx->contentChunks, 0);
}

TEST_F(ChainTest, AbandonCancelsTheWorkAndFinishesOnce)
{
    addStage("invoke");
    addStage("record");
    const auto ctx = makeContext();
    auto work = std::make_shared<FakeWork>();
    ctx->work = work;

    Chain::abandon(*ctx, 499, "client_closed");
    EXPECT_EQ(work->cancels, 1);
    EXPECT_TRUE(ctx->finished);
    EXPECT_EQ(ctx->status, 499);
    EXPECT_EQ(ctx->errorClass, "client_closed");
    EXPECT_EQ(count("invoke:complete:499"), 1);
    EXPECT_EQ(count("record:complete:499"), 1);
    EXPECT_EQ(registry.inFlight().load(), 0);
    // The work is released later, off the stack that may still be inside it.
    EXPECT_EQ(ctx->work, nullptr);
    ASSERT_EQ(services.retired.size(), 1u);
    EXPECT_EQ(services.retired[0].get(), work.get());

    Chain::abandon(*ctx, 502, "shutdown");
    EXPECT_EQ(work->cancels, 1);
    EXPECT_EQ(ctx->status, 499);
    EXPECT_EQ(log.size(), 2u);
}

TEST_F(ChainTest, FinishTwiceIsHarmless)
{
    addStage("a");
    const auto ctx = makeContext();
    registry.inFlight().fetch_add(1); // another request, still in flight
    Chain::finish(*ctx);
    Chain::finish(*ctx);
    EXPECT_EQ(count("a:complete:0"), 1);
    EXPECT_EQ(registry.inFlight().load(), 1);
}

TEST_F(ChainTest, DroppedContextIsNoLongerInFlight)
{
    addStage("a");
    {
        const auto ctx = makeContext();
        const auto other = makeContext();
        EXPECT_EQ(registry.inFlight().load(), 2);
        Chain::finish(*other);
        EXPECT_EQ(registry.inFlight().load(), 1);
    }
    // One finished (counted once, not again when destroyed), one dropped unfinished.
    EXPECT_EQ(registry.inFlight().load(), 0);
    EXPECT_EQ(count("a:complete:0"), 1);
}
