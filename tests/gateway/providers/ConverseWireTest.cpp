// Bedrock's Converse wire format: the request body built from OpenAI requests (fixtures), and
// ConverseStream answers (event-stream frames built from the fixtures' events, fed split at
// every offset) and whole Converse answers turned into response events.

#include "providers/bedrock/ConverseWire.h"

#include "api/openai/OpenAiDialect.h"
#include "gateway/providers/EventStreamFrames.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using namespace gateway;
using api::ResponseEvent;
using T = ResponseEvent::Type;
using providers::bedrock::ConverseDecoder;

namespace {

QByteArray fixture(const QString& name)
{
    QFile f(QStringLiteral(SWITCHBOARD_PROVIDER_FIXTURES "/bedrock/") + name);
    EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << qPrintable(name);
    return f.readAll();
}

api::CanonicalRequest canonical(const QByteArray& body)
{
    api::ChatRequest r;
    api::DialectError e;
    EXPECT_TRUE(api::OpenAiDialect::instance().parse(api::Endpoint::ChatCompletions, body, &r, &e))
        << e.message.constData();
    return r.canonical();
}

QJsonObject converse(const QByteArray& openAiBody)
{
    QByteArray body;
    QString problem;
    EXPECT_TRUE(providers::bedrock::converseBody(canonical(openAiBody), &body, &problem))
        << qPrintable(problem);
    return QJsonDocument::fromJson(body).object();
}

QString refusal(const QByteArray& openAiBody)
{
    QByteArray body;
    QString problem;
    EXPECT_FALSE(providers::bedrock::converseBody(canonical(openAiBody), &body, &problem));
    return problem;
}

// The events of a stream fixture fed in two pieces split at `split` (0: whole).
std::vector<ResponseEvent> stream(const QByteArray& bytes, qsizetype split, bool* ok = nullptr)
{
    ConverseDecoder decoder;
    std::vector<ResponseEvent> out;
    QString error;
    bool good = true;
    if (split > 0)
        good = decoder.feed(QByteArrayView(bytes).first(split), out, &error);
    good = good && decoder.feed(QByteArrayView(bytes).sliced(split), out, &error) &&
           decoder.finish(out, &error);
    if (ok)
        *ok = good;
    else
        EXPECT_TRUE(good) << qPrintable(error);
    return out;
}

std::vector<ResponseEvent> whole(const QByteArray& body)
{
    ConverseDecoder decoder;
    std::vector<ResponseEvent> out;
    QString error;
    EXPECT_TRUE(decoder.decodeWhole(body, out, &error)) << qPrintable(error);
    return out;
}

// Deltas joined, the rest as they are: splitting a stream must not change what it says.
QString summary(const std::vector<ResponseEvent>& events)
{
    QString out;
    T last = T::End;
    for (const ResponseEvent& e : events) {
        const bool continues = e.type == last && e.type != T::Usage && e.type != T::Finish &&
                               (e.type != T::ToolCallDelta || e.id.isEmpty());
        if (!continues)
            out += QStringLiteral("\n%1:").arg(int(e.type));
        last = e.type;
        switch (e.type) {
        case T::ToolCallDelta:
            out += e.id.isEmpty()
                       ? e.text
                       : QStringLiteral("#%1 %2 %3 ").arg(e.toolIndex).arg(e.id, e.name) + e.text;
            break;
        case T::Usage:
            out += QStringLiteral("%1/%2 r%3 w%4")
                       .arg(e.usage.promptTokens)
                       .arg(e.usage.completionTokens)
                       .arg(e.usage.cacheReadTokens)
                       .arg(e.usage.cacheWriteTokens);
            break;
        case T::Finish: out += QString::fromLatin1(e.finishReason); break;
        case T::Error:
            out += QStringLiteral("%1 %2 %3")
                       .arg(e.status)
                       .arg(QString::fromLatin1(e.code), QString::fromUtf8(e.message));
            break;
        default: out += e.text + QString::fromLatin1(e.signature); break;
        }
    }
    return out;
}

// Every split of the fixture's frames says the same as the whole.
QString replayed(const char* name)
{
    const QByteArray bytes = eventstream::fromFixture(fixture(QString::fromLatin1(name)));
    const QString expected = summary(stream(bytes, 0));
    for (qsizetype split = 1; split < bytes.size(); ++split) {
        const QString got = summary(stream(bytes, split));
        if (got != expected) {
            ADD_FAILURE() << name << " split at " << split << ": " << qPrintable(got);
            break;
        }
    }
    return expected;
}

} // namespace

TEST(ConverseWireTest, AnOpenAiRequestWithToolsAndAnImageBecomesTheConverseFixture)
{
    const QJsonObject got = converse(fixture("request-tools.openai.json"));
    const QJsonObject expected =
        QJsonDocument::fromJson(fixture("request-tools.converse.json")).object();
    EXPECT_EQ(got, expected) << QJsonDocument(got).toJson().constData();
}

TEST(ConverseWireTest, ToolErrorsChoicesCacheMarkersAndThinking)
{
    api::CanonicalRequest r = canonical(
        R"({"model":"m","messages":[{"role":"user","content":"hi"}],
            "tools":[{"type":"function","function":{"name":"f","parameters":{}}}],
            "tool_choice":{"type":"function","function":{"name":"f"}}})");
    r.messages.append(api::Message{});
    r.messages.last().role = api::Role::Tool;
    r.messages.last().toolCallId = "t1";
    r.messages.last().toolError = true;
    r.messages.last().parts.append(api::ContentPart{});
    r.messages.last().parts.last().text = "boom";
    r.systemCacheControl = QJsonObject{{"type", "ephemeral"}};
    r.system = "sys";
    r.thinkingBudget = 2048;
    QByteArray body;
    QString problem;
    ASSERT_TRUE(providers::bedrock::converseBody(r, &body, &problem));
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    EXPECT_EQ(QJsonDocument(o.value("system").toArray()).toJson(QJsonDocument::Compact),
              R"([{"text":"sys"},{"cachePoint":{"type":"default"}}])");
    // The tool result merges into the user turn before it, marked as an error.
    const QJsonArray messages = o.value("messages").toArray();
    ASSERT_EQ(messages.size(), 1);
    EXPECT_EQ(
        QJsonDocument(messages[0].toObject()).toJson(QJsonDocument::Compact),
        R"({"content":[{"text":"hi"},{"toolResult":{"content":[{"text":"boom"}],"status":"error","toolUseId":"t1"}}],"role":"user"})");
    EXPECT_EQ(
        QJsonDocument(o.value("toolConfig").toObject()).toJson(QJsonDocument::Compact),
        R"({"toolChoice":{"tool":{"name":"f"}},"tools":[{"toolSpec":{"inputSchema":{"json":{"properties":{},"type":"object"}},"name":"f"}}]})");
    EXPECT_EQ(QJsonDocument(o.value("additionalModelRequestFields").toObject())
                  .toJson(QJsonDocument::Compact),
              R"({"thinking":{"budget_tokens":2048,"type":"enabled"}})");

    // tool_choice "auto" -> auto; "none" without tool blocks -> no toolConfig at all.
    EXPECT_TRUE(converse(R"({"model":"m","messages":[{"role":"user","content":"x"}],
        "tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":"auto"})")
                    .value("toolConfig")
                    .toObject()
                    .value("toolChoice")
                    .toObject()
                    .contains("auto"));
    EXPECT_FALSE(converse(R"({"model":"m","messages":[{"role":"user","content":"x"}],
        "tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":"none"})")
                     .contains("toolConfig"));
    // A reasoning effort becomes a thinking budget.
    EXPECT_EQ(
        converse(
            R"({"model":"m","reasoning_effort":"high","messages":[{"role":"user","content":"x"}]})")
            .value("additionalModelRequestFields")
            .toObject()
            .value("thinking")
            .toObject()
            .value("budget_tokens")
            .toInt(),
        16384);
}

TEST(ConverseWireTest, WhatConverseCannotTakeIsRefusedWithAReason)
{
    EXPECT_TRUE(refusal(R"({"model":"m","messages":[{"role":"user","content":[
        {"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}]})")
                    .contains("does not fetch URLs"));
    EXPECT_TRUE(refusal(R"({"model":"m","messages":[{"role":"user","content":[
        {"type":"image_url","image_url":{"url":"data:image/bmp;base64,Qk0="}}]}]})")
                    .contains("image/bmp"));
    EXPECT_TRUE(refusal(R"({"model":"m","n":2,"messages":[{"role":"user","content":"x"}]})")
                    .contains("n must be 1"));
    EXPECT_TRUE(refusal(R"({"model":"m","messages":[{"role":"assistant","content":null,
        "tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"[1"}}]}]})")
                    .contains("not a JSON object"));
}

TEST(ConverseWireTest, AStreamedAnswerWithCacheUsage)
{
    EXPECT_EQ(replayed("stream-text.events"),
              QString::fromUtf8("\n1:Bonjour à toi 👋\n6:stop\n5:132/7 r100 w20"));
}

TEST(ConverseWireTest, AStreamedAnswerWithTwoToolCalls)
{
    EXPECT_EQ(replayed("stream-tools.events"),
              "\n1:Let me check.\n2:#0 tooluse_a1 get_weather {\"city\":\"Paris\"}"
              "\n2:#1 tooluse_b2 get_time {\"tz\":\"CET\"}\n6:tool_calls\n5:85/61 r0 w0");
}

TEST(ConverseWireTest, AStreamedAnswerWithReasoningAndItsSignature)
{
    const QByteArray bytes = eventstream::fromFixture(fixture("stream-reasoning.events"));
    EXPECT_EQ(replayed("stream-reasoning.events"),
              "\n3:The user greets; answer briefly.EqoBCkgIARABGAIiQL2sig==\n1:Hello!\n6:length"
              "\n5:40/64 r0 w0");
    const std::vector<ResponseEvent> events = stream(bytes, 0);
    EXPECT_EQ(events[2].signature, "EqoBCkgIARABGAIiQL2sig==");
    EXPECT_TRUE(events[2].text.isEmpty());
}

TEST(ConverseWireTest, AGuardrailStopIsAContentFilterFinish)
{
    EXPECT_TRUE(replayed("stream-guardrail.events").contains("\n6:content_filter\n"));
}

TEST(ConverseWireTest, StreamExceptionsAreErrorsWithTheirStatus)
{
    EXPECT_EQ(replayed("stream-throttled.events"),
              "\n7:429 throttlingException Too many requests, please wait before trying again.");
    EXPECT_EQ(replayed("stream-model-error.events"),
              "\n1:Partial\n7:502 modelStreamErrorException The model stream failed.");
}

TEST(ConverseWireTest, BrokenStreamsAreRefused)
{
    QByteArray bytes = eventstream::fromFixture(fixture("stream-text.events"));
    // A bad CRC anywhere, a cut before messageStop, a payload that is not JSON.
    QByteArray corrupt = bytes;
    corrupt[bytes.size() / 2] = char(corrupt[bytes.size() / 2] ^ 0x10);
    bool ok = true;
    stream(corrupt, 0, &ok);
    EXPECT_FALSE(ok);
    const qsizetype stop = bytes.indexOf("messageStop") - 40;
    stream(bytes.left(stop), 0, &ok);
    EXPECT_FALSE(ok);
    stream(eventstream::event("contentBlockDelta", "{not json"), 0, &ok);
    EXPECT_FALSE(ok);
    // Whole frames that stop before messageStop.
    ConverseDecoder decoder;
    std::vector<ResponseEvent> out;
    QString error;
    ASSERT_TRUE(
        decoder.feed(eventstream::event("messageStart", R"({"role":"assistant"})"), out, &error));
    EXPECT_FALSE(decoder.finish(out, &error));
    EXPECT_TRUE(error.contains("messageStop"));
}

TEST(ConverseWireTest, WholeAnswers)
{
    EXPECT_EQ(summary(whole(fixture("answer-text.json"))),
              QString::fromUtf8("\n1:Bonjour à toi 👋\n6:stop\n5:132/7 r100 w20"));
    EXPECT_EQ(summary(whole(fixture("answer-tools.json"))),
              "\n1:Let me check.\n2:#0 tooluse_a1 get_weather {\"city\":\"Paris\"}"
              "\n2:#1 tooluse_b2 get_time {\"tz\":\"CET\"}\n6:tool_calls\n5:85/61 r0 w0");
    const std::vector<ResponseEvent> reasoning = whole(fixture("answer-reasoning.json"));
    EXPECT_EQ(summary(reasoning), "\n3:The user greets; answer briefly.EqoBCkgIARABGAIiQL2sig=="
                                  "\n1:Hello!\n6:length\n5:40/64 r0 w0");
    ConverseDecoder decoder;
    std::vector<ResponseEvent> out;
    QString error;
    EXPECT_FALSE(decoder.decodeWhole(R"({"message":"x"})", out, &error));
    EXPECT_FALSE(error.isEmpty());
}

TEST(ConverseWireTest, ErrorBodiesGiveTheirMessage)
{
    ConverseDecoder decoder;
    EXPECT_EQ(decoder.errorMessage(429, fixture("error-throttling.json")),
              "Too many requests, please wait before trying again. You have sent too many "
              "requests.  Wait before trying again.");
    EXPECT_EQ(decoder.errorMessage(500, "<html>"), "");
}
