// The mock backend with a wire format (MockWire.h): its answers, failures, stream breaks, flow
// control and cancellation through each provider's encoder and decoder, on the event loop.

#include "providers/mock/MockWire.h"

#include "api/openai/OpenAiDialect.h"
#include "providers/mock/MockProvider.h"
#include "state/SharedState.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

#include <functional>

using namespace gateway;
using api::ResponseEvent;
using config::MockFormat;
using T = api::ResponseEvent::Type;

namespace {

struct Sink : providers::ResponseSink
{
    std::vector<ResponseEvent> events;
    std::function<void(const ResponseEvent&)> on;
    void onEvent(ResponseEvent& e) override
    {
        events.push_back(e);
        if (on)
            on(e);
    }
    bool ended() const
    {
        return !events.empty() && (events.back().type == T::End || events.back().type == T::Error);
    }
    int count(T type) const
    {
        return int(std::count_if(events.begin(), events.end(),
                                 [type](const ResponseEvent& e) { return e.type == type; }));
    }
    QByteArray finishReason() const
    {
        QByteArray out;
        for (const ResponseEvent& e : events)
            if (e.type == T::Finish)
                out = e.finishReason;
        return out;
    }
    QString text() const
    {
        QString out;
        for (const ResponseEvent& e : events)
            if (e.type == T::TextDelta)
                out += e.text;
        return out;
    }
};

api::ChatRequest request(const QByteArray& body,
                         api::Endpoint endpoint = api::Endpoint::ChatCompletions)
{
    api::ChatRequest r;
    api::DialectError e;
    EXPECT_TRUE(api::OpenAiDialect::instance().parse(endpoint, body, &r, &e))
        << e.message.constData();
    return r;
}

// A mock backend of format whose model "m" answers at once (no timers to wait for but the
// event loop's next turn).
config::Backend backend(MockFormat format, std::function<void(config::MockModel&)> tune = {})
{
    config::Backend b;
    b.name = QStringLiteral("mock");
    b.mockFormat = format;
    config::MockModel m;
    m.name = QStringLiteral("m");
    m.ttftMs = 0;
    m.tokensPerSecond = 0;
    m.outputTokens = 12;
    if (tune)
        tune(m);
    b.mockModels << m;
    return b;
}

// Runs the event loop until the call ends; a bounded number of turns, no waiting on a clock.
void run(const Sink& sink, int turns = 1000)
{
    for (int i = 0; i < turns && !sink.ended(); ++i)
        QCoreApplication::processEvents(QEventLoop::AllEvents);
}

struct Call
{
    state::SharedState shared;
    std::unique_ptr<providers::MockProvider> provider;
    api::ChatRequest chat;
    Sink sink;
    std::unique_ptr<providers::ProviderCall> call;

    Call(const config::Backend& b, const api::ChatRequest& r) : chat(r)
    {
        provider = std::make_unique<providers::MockProvider>(b, shared);
        providers::CallEnvironment environment;
        environment.traceId = "0123456789abcdef0123";
        call = provider->start({chat, QStringLiteral("m")}, environment, &sink);
    }
};

const MockFormat formats[] = {MockFormat::OpenAi, MockFormat::Anthropic, MockFormat::Gemini,
                              MockFormat::Bedrock, MockFormat::Ollama};

const QByteArray toolRequest =
    R"({"model":"x","messages":[{"role":"user","content":"Weather in Paris?"}],"tool_choice":"required",
       "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]})";

} // namespace

TEST(MockWire, EveryFormatAnswersAToolCallStreamedAndWhole)
{
    for (const MockFormat format : formats) {
        for (const bool stream : {false, true}) {
            QByteArray body = toolRequest;
            if (stream)
                body.insert(1, R"("stream":true,)");
            Call c(backend(format), request(body));
            run(c.sink);
            const QString what = config::mockFormatName(format) + (stream ? " stream" : " whole");
            ASSERT_TRUE(c.sink.ended()) << qPrintable(what);
            ASSERT_EQ(c.sink.events.front().type, T::Start) << qPrintable(what);
            EXPECT_EQ(c.sink.events.front().stream, stream) << qPrintable(what);
            EXPECT_EQ(c.sink.events.back().type, T::End) << qPrintable(what);
            QString name, arguments;
            QByteArray finish;
            api::Usage usage;
            for (const ResponseEvent& e : c.sink.events) {
                if (e.type == T::ToolCallDelta) {
                    EXPECT_EQ(e.toolIndex, 0);
                    name += e.name;
                    arguments += e.text;
                } else if (e.type == T::Finish) {
                    finish = e.finishReason;
                } else if (e.type == T::Usage) {
                    usage = e.usage;
                }
            }
            EXPECT_EQ(name, QStringLiteral("get_weather")) << qPrintable(what);
            EXPECT_TRUE(QJsonDocument::fromJson(arguments.toUtf8()).object().contains("city"))
                << qPrintable(what) << ": " << qPrintable(arguments);
            EXPECT_EQ(finish, "tool_calls") << qPrintable(what);
            EXPECT_GT(usage.promptTokens, 0) << qPrintable(what);
            EXPECT_GT(usage.completionTokens, 0) << qPrintable(what);
        }
    }
}

TEST(MockWire, TheTextIsTheNeutralMocksTextInEveryFormat)
{
    const QByteArray body =
        R"({"model":"x","max_tokens":5,"messages":[{"role":"user","content":"hi"}]})";
    Call neutral(backend(MockFormat::Events), request(body));
    run(neutral.sink);
    ASSERT_FALSE(neutral.sink.text().isEmpty());
    for (const MockFormat format : formats) {
        Call c(backend(format), request(body));
        run(c.sink);
        EXPECT_EQ(c.sink.text(), neutral.sink.text()) << qPrintable(config::mockFormatName(format));
        EXPECT_EQ(c.sink.finishReason(), "length") << qPrintable(config::mockFormatName(format));
    }
}

TEST(MockWire, AnInjectedFailureHasTheProvidersErrorShape)
{
    const auto failing = [](config::MockModel& m) {
        m.failStatus = 429;
        m.failRate = 1;
    };
    const struct
    {
        MockFormat format;
        const char* messageEnd; // how the adapter's errorMessage() reads the body
    } cases[] = {{MockFormat::OpenAi, "model m"},
                 {MockFormat::Anthropic, "model m"},
                 {MockFormat::Gemini, "(RESOURCE_EXHAUSTED)"},
                 {MockFormat::Bedrock, "model m"},
                 {MockFormat::Ollama, "model m"}};
    for (const auto& k : cases) {
        Call c(backend(k.format, failing), request(toolRequest));
        run(c.sink);
        ASSERT_EQ(c.sink.events.size(), 1u);
        const ResponseEvent& e = c.sink.events.front();
        EXPECT_EQ(e.type, T::Error);
        EXPECT_EQ(e.status, 429);
        EXPECT_TRUE(e.message.startsWith("mock backend: injected failure") ||
                    e.message.startsWith("rate_limit_error: mock backend"))
            << e.message.constData();
        EXPECT_TRUE(e.message.endsWith(k.messageEnd)) << e.message.constData();
        EXPECT_FALSE(e.body.isEmpty());
    }
}

TEST(MockWire, AResetMidStreamBreaksTheDecodedStream)
{
    for (const MockFormat format : formats) {
        Call c(
            backend(format, [](config::MockModel& m) { m.resetMidStream = true; }),
            request(R"({"model":"x","stream":true,"messages":[{"role":"user","content":"hi"}]})"));
        run(c.sink);
        const QString what = config::mockFormatName(format);
        ASSERT_TRUE(c.sink.ended()) << qPrintable(what);
        EXPECT_EQ(c.sink.events.back().code, "upstream_reset") << qPrintable(what);
        EXPECT_GT(c.sink.count(T::TextDelta), 0) << qPrintable(what);
        EXPECT_EQ(c.sink.count(T::Finish), 0) << qPrintable(what);
    }
}

TEST(MockWire, PausedGenerationWaitsAndResumes)
{
    const QByteArray body =
        R"({"model":"x","stream":true,"messages":[{"role":"user","content":"hi"}]})";
    Call c(backend(MockFormat::Anthropic), request(body));
    bool paused = false;
    c.sink.on = [&](const ResponseEvent& e) {
        if (e.type == T::TextDelta && !paused) {
            paused = true;
            c.call->pauseReading();
        }
    };
    run(c.sink, 200);
    ASSERT_TRUE(paused);
    EXPECT_FALSE(c.sink.ended());
    const int held = int(c.sink.events.size());
    run(c.sink, 200);
    EXPECT_EQ(int(c.sink.events.size()), held); // nothing while paused
    c.call->resumeReading();
    run(c.sink);
    EXPECT_EQ(c.sink.events.back().type, T::End);
}

TEST(MockWire, ACallCancelledFromTheSinkSaysNoMore)
{
    const QByteArray body =
        R"({"model":"x","stream":true,"messages":[{"role":"user","content":"hi"}]})";
    Call c(backend(MockFormat::Gemini), request(body));
    c.sink.on = [&](const ResponseEvent& e) {
        if (e.type == T::TextDelta)
            c.call->cancel();
    };
    run(c.sink, 200);
    EXPECT_EQ(c.sink.count(T::TextDelta), 1);
    EXPECT_FALSE(c.sink.ended());
}

TEST(MockWire, WhatTheProviderRefusesIsRefused)
{
    // Anthropic answers one choice; only OpenAI's format has embeddings.
    Call two(backend(MockFormat::Anthropic),
             request(R"({"model":"x","n":2,"messages":[{"role":"user","content":"hi"}]})"));
    run(two.sink);
    ASSERT_EQ(two.sink.events.size(), 1u);
    EXPECT_EQ(two.sink.events.front().status, 400);
    EXPECT_TRUE(two.sink.events.front().message.contains("n = 2"))
        << two.sink.events.front().message.constData();

    const QByteArray embed = R"({"model":"x","input":["a","b"]})";
    Call gemini(backend(MockFormat::Gemini), request(embed, api::Endpoint::Embeddings));
    run(gemini.sink);
    EXPECT_EQ(gemini.sink.events.front().status, 400);
    Call openai(backend(MockFormat::OpenAi), request(embed, api::Endpoint::Embeddings));
    run(openai.sink);
    EXPECT_EQ(openai.sink.count(T::Embedding), 2);
    EXPECT_EQ(openai.sink.events.back().type, T::End);
}

TEST(MockWire, ChoicesTravelWhereTheFormatHasThem)
{
    const QByteArray body =
        R"({"model":"x","n":2,"stream":true,"messages":[{"role":"user","content":"hi"}]})";
    for (const MockFormat format : {MockFormat::OpenAi, MockFormat::Gemini}) {
        Call c(backend(format), request(body));
        run(c.sink);
        EXPECT_EQ(c.sink.count(T::Finish), 2) << qPrintable(config::mockFormatName(format));
        EXPECT_EQ(c.sink.events.back().type, T::End);
    }
}
