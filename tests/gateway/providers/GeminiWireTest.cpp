// Gemini's wire format: request bodies built from canonical requests, and answers (streamed
// and whole) read back as events, against golden fixtures written from the Gemini API
// reference (tests/gateway/providers/fixtures/gemini/).

#include "providers/gemini/GeminiWire.h"

#include "WireReplay.h"
#include "api/openai/OpenAiDialect.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using namespace gateway;
using api::ResponseEvent;
using wirereplay::describe;
using wirereplay::fixture;
namespace gemini = gateway::providers::gemini;

namespace {

api::CanonicalRequest canonical(const QByteArray& body,
                                api::Endpoint endpoint = api::Endpoint::ChatCompletions)
{
    api::ChatRequest r;
    api::DialectError e;
    EXPECT_TRUE(api::OpenAiDialect::instance().parse(endpoint, body, &r, &e))
        << e.message.constData() << " in " << body.constData();
    return r.canonical();
}

const QJsonObject json(const QByteArray& bytes)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError) << bytes.constData();
    return doc.object();
}

QString pretty(const QJsonObject& o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson());
}

const wirereplay::DecoderFactory decoder = [] { return std::make_unique<gemini::GeminiDecoder>(); };

std::vector<ResponseEvent> whole(const QByteArray& body, bool expectOk = true)
{
    gemini::GeminiDecoder d;
    std::vector<ResponseEvent> out;
    QString error;
    EXPECT_EQ(d.decodeWhole(body, out, &error), expectOk) << qPrintable(error);
    return out;
}

QString refusal(const QByteArray& openAiBody,
                api::Endpoint endpoint = api::Endpoint::ChatCompletions)
{
    const gemini::RequestBody body = gemini::requestBody(canonical(openAiBody, endpoint));
    EXPECT_TRUE(body.body.isEmpty());
    return body.error;
}

} // namespace

TEST(GeminiWire, ChatWithToolsImagesAndThinkingIsAGenerateContentRequest)
{
    const gemini::RequestBody body =
        gemini::requestBody(canonical(fixture("gemini/chat-tools.request.openai.json")));
    ASSERT_TRUE(body.error.isEmpty()) << qPrintable(body.error);
    const QJsonObject expected = json(fixture("gemini/chat-tools.request.gemini.json"));
    EXPECT_EQ(json(body.body), expected) << qPrintable(pretty(json(body.body)));
    EXPECT_EQ(body.droppedSchemaKeys,
              (QStringList{QStringLiteral("$schema"), QStringLiteral("additionalProperties")}));
}

TEST(GeminiWire, AResponseSchemaIsRewrittenInGeminisSubsetAndSaysWhatItRemoved)
{
    const gemini::RequestBody body =
        gemini::requestBody(canonical(fixture("gemini/response-schema.request.openai.json")));
    ASSERT_TRUE(body.error.isEmpty()) << qPrintable(body.error);
    EXPECT_EQ(json(body.body), json(fixture("gemini/response-schema.request.gemini.json")))
        << qPrintable(pretty(json(body.body)));
    EXPECT_EQ(body.droppedSchemaKeys,
              (QStringList{QStringLiteral("$defs"), QStringLiteral("additionalProperties"),
                           QStringLiteral("format")}));
}

TEST(GeminiWire, SchemaRewritesTypeListsAndStopsAtCyclicReferences)
{
    QStringList dropped;
    const QJsonObject schema = json(R"({"type":"object","properties":{
        "id":{"type":["integer","string"]},
        "node":{"$ref":"#/definitions/Node"}},
      "definitions":{"Node":{"type":"object","properties":{"next":{"$ref":"#/definitions/Node"}}}}})");
    const QJsonObject out = gemini::geminiSchema(schema, &dropped);
    EXPECT_EQ(out["properties"]["id"].toObject(),
              json(R"({"anyOf":[{"type":"integer"},{"type":"string"}]})"));
    // A recursive definition is inlined a bounded number of times, then its $ref is dropped.
    QJsonObject node = out["properties"]["node"].toObject();
    int depth = 0;
    while (node.value(QLatin1String("properties"))["next"].isObject()) {
        node = node.value(QLatin1String("properties"))["next"].toObject();
        ++depth;
    }
    EXPECT_GT(depth, 4);
    EXPECT_LT(depth, 32);
    EXPECT_EQ(dropped, (QStringList{QStringLiteral("$ref"), QStringLiteral("definitions")}));
}

TEST(GeminiWire, ToolChoiceBecomesAFunctionCallingMode)
{
    const QByteArray head =
        R"({"model":"g","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{}}}}],"tool_choice":)";
    const auto mode = [&](const QByteArray& choice) {
        const QJsonObject body = json(gemini::requestBody(canonical(head + choice + "}")).body);
        // A function without parameters is declared without any.
        EXPECT_EQ(body["tools"][0]["functionDeclarations"][0].toObject(), json(R"({"name":"f"})"));
        return body["toolConfig"]["functionCallingConfig"].toObject();
    };
    EXPECT_EQ(mode(R"("auto")"), json(R"({"mode":"AUTO"})"));
    EXPECT_EQ(mode(R"("required")"), json(R"({"mode":"ANY"})"));
    EXPECT_EQ(mode(R"("none")"), json(R"({"mode":"NONE"})"));
    EXPECT_EQ(mode(R"({"type":"function","function":{"name":"f"}})"),
              json(R"({"mode":"ANY","allowedFunctionNames":["f"]})"));
}

TEST(GeminiWire, ThoughtSignaturesGoBackOnTheTurnTheyCameWith)
{
    api::CanonicalRequest r = canonical(R"({"model":"g","messages":[
        {"role":"user","content":"q"},
        {"role":"assistant","content":"a"},
        {"role":"user","content":"q2"},
        {"role":"assistant","content":"checking","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":""}}]},
        {"role":"tool","tool_call_id":"c1","content":"[1,2]"}]})");
    r.messages[1].reasoningSignature = "c2lnMQ==";
    r.messages[3].reasoningSignature = "c2lnMg==";
    r.messages[4].toolError = true;
    const QJsonArray contents = json(gemini::requestBody(r).body)["contents"].toArray();
    ASSERT_EQ(contents.size(), 5);
    EXPECT_EQ(contents[1].toObject(),
              json(R"({"role":"model","parts":[{"text":"a","thoughtSignature":"c2lnMQ=="}]})"));
    EXPECT_EQ(contents[3].toObject(), json(R"({"role":"model","parts":[{"text":"checking"},
        {"functionCall":{"name":"f","args":{}},"thoughtSignature":"c2lnMg=="}]})"));
    // A failed call's output goes under "error", as Gemini documents.
    EXPECT_EQ(contents[4].toObject(), json(R"({"role":"user","parts":[
        {"functionResponse":{"name":"f","response":{"error":[1,2]}}}]})"));
}

TEST(GeminiWire, RequestsGeminiCannotTakeAreRefusedWithAReason)
{
    EXPECT_TRUE(
        refusal(
            R"({"model":"g","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://example.com/a.png"}}]}]})")
            .contains(QStringLiteral("ftp://example.com/a.png")));
    EXPECT_TRUE(
        refusal(
            R"({"model":"g","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/render?id=3"}}]}]})")
            .contains(QStringLiteral("cannot take the image URL")));
    EXPECT_TRUE(
        refusal(
            R"({"model":"g","messages":[{"role":"user","content":"q"},{"role":"tool","tool_call_id":"nowhere","content":"r"}]})")
            .contains(QStringLiteral("\"nowhere\"")));
    EXPECT_TRUE(
        refusal(
            R"({"model":"g","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"[1]"}}]}]})")
            .contains(QStringLiteral("not a JSON object")));
    EXPECT_TRUE(refusal(R"({"model":"g","input":"x"})", api::Endpoint::Embeddings)
                    .contains(QStringLiteral("embeddings")));
}

TEST(GeminiWire, RequestPathNamesTheModelAndAsksForSseWhenStreaming)
{
    EXPECT_EQ(gemini::requestPath(QStringLiteral("gemini-2.5-flash"), false),
              "/models/gemini-2.5-flash:generateContent");
    EXPECT_EQ(gemini::requestPath(QStringLiteral("gemini-2.5-flash"), true),
              "/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    EXPECT_EQ(gemini::requestPath(QStringLiteral("tunedModels/my model"), false),
              "/tunedModels/my%20model:generateContent");
    EXPECT_EQ(gemini::requestPath(QStringLiteral("models/gemini-pro?x=1#y"), false),
              "/models/gemini-pro%3Fx%3D1%23y:generateContent");
}

TEST(GeminiWire, AStreamedAnswerWithThoughtsTextAndUsageAtEverySplit)
{
    wirereplay::expectStream(
        decoder, fixture("gemini/stream-text.sse"),
        {QStringLiteral("R0 **Weighing the sky** Rayleigh scattering…"),
         QStringLiteral("T0 The sky is blue — "),
         QStringLiteral("T0 short waves scatter most. 🌤"), QStringLiteral("F0 stop"),
         // candidates 12 + thoughts 104; 4 of the 9 prompt tokens came from the cache.
         QStringLiteral("U 9/116 4/104")});
}

TEST(GeminiWire, StreamedParallelFunctionCallsGetIdsAndEndInToolCalls)
{
    wirereplay::expectStream(
        decoder, fixture("gemini/stream-tools.sse"),
        {QStringLiteral("R0  |c2lnbmF0dXJl"),
         QStringLiteral(R"(C0.0 call_0_0 get_weather {"city":"Paris"})"),
         QStringLiteral(R"(C0.1 call_0_1 get_weather {"city":"Tōkyō","unit":"c"})"),
         QStringLiteral("F0 tool_calls"), QStringLiteral("U 40/22 0/0")});
    // With the request's trace id, ids stay apart across the turns of a conversation.
    const auto traced = wirereplay::replayWhole(
        [] { return std::make_unique<gemini::GeminiDecoder>(QStringLiteral("4bf92f35")); },
        fixture("gemini/stream-tools.sse"));
    EXPECT_EQ(traced.events[1].id, QStringLiteral("call_4bf92f35_0_0"));
}

TEST(GeminiWire, AnAnswerBlockedForSafetyEndsInContentFilterWithItsRatings)
{
    const QByteArray stream = fixture("gemini/stream-blocked-answer.sse");
    wirereplay::expectStream(decoder, stream,
                             {QStringLiteral("T0 Here is how"), QStringLiteral("F0 content_filter"),
                              QStringLiteral("U 7/3 0/0")});
    const auto events = wirereplay::replayWhole(decoder, stream).events;
    const QJsonObject detail = json(events[1].providerDetail);
    EXPECT_EQ(detail["finishReason"].toString(), QStringLiteral("SAFETY"));
    EXPECT_EQ(detail["safetyRatings"][0]["category"].toString(),
              QStringLiteral("HARM_CATEGORY_DANGEROUS_CONTENT"));
}

TEST(GeminiWire, AnErrorInTheStreamEndsIt)
{
    wirereplay::expectStream(
        decoder, fixture("gemini/stream-error.sse"),
        {QStringLiteral("T0 Partial"),
         QStringLiteral("E 0 upstream_stream_error An internal error has occurred.")});
}

TEST(GeminiWire, WholeAnswersGiveOneChoicePerCandidate)
{
    EXPECT_EQ(describe(whole(fixture("gemini/whole-candidates.json"))),
              (QStringList{QStringLiteral("T0 Bonjour"), QStringLiteral("F0 stop"),
                           QStringLiteral("T1 Salut, ça va ?"), QStringLiteral("F1 length"),
                           QStringLiteral("U 6/7 0/0")}));
    // Gemini's own call id is kept.
    EXPECT_EQ(describe(whole(fixture("gemini/whole-tools.json"))),
              (QStringList{QStringLiteral("T0 Checking."),
                           QStringLiteral(R"(C0.0 fc_1 get_weather {"city":"Paris"})"),
                           QStringLiteral("F0 tool_calls"), QStringLiteral("U 30/10 0/0")}));
}

TEST(GeminiWire, ABlockedPromptIsAClearContentFilterError)
{
    const QByteArray blocked = fixture("gemini/blocked-prompt.json");
    const std::vector<ResponseEvent> events = whole(blocked);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(
        describe(events[0]),
        QStringLiteral("E 400 content_filter Gemini blocked the prompt (blockReason SAFETY)"));
    EXPECT_EQ(events[0].body, events[0].message);
    EXPECT_EQ(json(events[0].providerDetail)["promptFeedback"]["safetyRatings"][0]["probability"]
                  .toString(),
              QStringLiteral("HIGH"));
    // The same answer as the one event of a stream.
    const QByteArray stream =
        "data: " + QJsonDocument(json(blocked)).toJson(QJsonDocument::Compact) + "\r\n\r\n";
    wirereplay::expectStream(decoder, stream, {describe(events[0])});
}

TEST(GeminiWire, ErrorMessageReadsGooglesErrorObject)
{
    gemini::GeminiDecoder d;
    EXPECT_EQ(d.errorMessage(429, fixture("gemini/error-429.json")),
              "Resource has been exhausted (e.g. check quota). (RESOURCE_EXHAUSTED)");
    EXPECT_EQ(d.errorMessage(
                  400, R"([{"error":{"code":400,"message":"bad","status":"INVALID_ARGUMENT"}}])"),
              "bad (INVALID_ARGUMENT)");
    EXPECT_EQ(d.errorMessage(502, "<html>Bad Gateway</html>"), "");
}

TEST(GeminiWire, RetryAfterReadsGooglesRetryInfo)
{
    gemini::GeminiDecoder d;
    EXPECT_EQ(d.retryAfter(429, fixture("gemini/error-429-retry-info.json")), "16");
    EXPECT_EQ(d.retryAfter(429, fixture("gemini/error-429.json")), "");
    EXPECT_EQ(
        d.retryAfter(
            429,
            R"({"error":{"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"soon"}]}})"),
        "");
    EXPECT_EQ(d.retryAfter(429, "not json"), "");
}

TEST(GeminiWire, BadBytesAreRefusedWithAReason)
{
    // Cut inside the last event: its JSON is incomplete and no chunk said why it stopped.
    const QByteArray stream = fixture("gemini/stream-text.sse");
    const auto truncated = wirereplay::replayWhole(decoder, stream.left(stream.size() - 40));
    EXPECT_FALSE(truncated.ok);
    EXPECT_TRUE(truncated.error.contains(QStringLiteral("not a JSON object")))
        << qPrintable(truncated.error);
    // Whole events, but the last one is missing.
    const qsizetype lastEvent = stream.lastIndexOf("data: ");
    const auto early = wirereplay::replayWhole(decoder, stream.left(lastEvent));
    EXPECT_FALSE(early.ok);
    EXPECT_TRUE(early.error.contains(QStringLiteral("finishReason"))) << qPrintable(early.error);
    // An event over 4 MiB is refused while it arrives, not buffered.
    gemini::GeminiDecoder d;
    std::vector<ResponseEvent> out;
    QString error;
    const QByteArray huge =
        "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + QByteArray(5 << 20, 'a');
    EXPECT_FALSE(d.feed(huge, out, &error));
    EXPECT_TRUE(error.contains(QStringLiteral("4 MiB"))) << qPrintable(error);
    EXPECT_FALSE(whole("{\"candidates\": [", false).size());
}
