#include "api/openai/OpenAiEncoder.h"

#include "api/openai/OpenAiDialect.h"
#include "support/RecordingWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtEndian>

#include <gtest/gtest.h>

#include <bit>
#include <cstring>

using namespace gateway::api;
using test::RecordingWriter;
using Kind = RecordingWriter::Kind;
using T = ResponseEvent::Type;

namespace {

constexpr qint64 created = 1700000000;

ChatRequest request(const QByteArray& body, Endpoint endpoint = Endpoint::ChatCompletions)
{
    ChatRequest r;
    DialectError e;
    EXPECT_TRUE(OpenAiDialect::instance().parse(endpoint, body, &r, &e)) << e.message.constData();
    return r;
}

ChatRequest chat(bool stream, bool includeUsage = false)
{
    QByteArray body = R"({"model":"alias","messages":[{"role":"user","content":"hi"}])";
    if (stream)
        body += R"(,"stream":true)";
    if (includeUsage)
        body += R"(,"stream_options":{"include_usage":true})";
    return request(body + '}');
}

// Runs events through the dialect's encoder for request; returns what the writer saw.
RecordingWriter encode(const ChatRequest& r, std::vector<ResponseEvent> events)
{
    EncodeOptions options;
    options.traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    options.createdSecs = created;
    options.headers = {{"x-request-id", options.traceId}};
    const auto encoder = OpenAiDialect::instance().encoder(r, options);
    RecordingWriter writer;
    for (ResponseEvent& e : events)
        encoder->encode(e, writer);
    return writer;
}

ResponseEvent toolDelta(int toolIndex, QString id, QString name, QString arguments)
{
    ResponseEvent e;
    e.type = T::ToolCallDelta;
    e.toolIndex = toolIndex;
    e.id = std::move(id);
    e.name = std::move(name);
    e.text = std::move(arguments);
    return e;
}

// Two tool calls in one answer, their arguments in interleaved pieces.
std::vector<ResponseEvent> parallelToolCalls(bool stream)
{
    return {
        ResponseEvent::start("gpt-4o", stream),  toolDelta(0, "call_a", "get_weather", ""),
        toolDelta(1, "call_b", "get_time", ""),  toolDelta(0, {}, {}, R"({"city":)"),
        toolDelta(1, {}, {}, R"({"tz":"UTC"})"), toolDelta(0, {}, {}, R"("Paris"})"),
        ResponseEvent::finish("tool_calls"),     ResponseEvent::end(),
    };
}

ResponseEvent reasoning(QString text)
{
    ResponseEvent e = ResponseEvent::textDelta(std::move(text));
    e.type = T::ReasoningDelta;
    return e;
}

ResponseEvent embedding(int index, std::vector<float> values)
{
    ResponseEvent e;
    e.type = T::Embedding;
    e.index = index;
    e.embedding = std::move(values);
    return e;
}

ResponseEvent usage(qint64 prompt, qint64 completion)
{
    Usage u;
    u.promptTokens = prompt;
    u.completionTokens = completion;
    return ResponseEvent::usageEvent(u);
}

QJsonObject json(const QByteArray& bytes)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError) << bytes.constData();
    return doc.object();
}

// The JSON objects of a stream's data: lines, [DONE] left out.
std::vector<QJsonObject> sseObjects(const QByteArray& stream)
{
    std::vector<QJsonObject> out;
    for (const QByteArray& event : stream.split('\n')) {
        if (!event.startsWith("data: ") || event == "data: [DONE]")
            continue;
        out.push_back(json(event.mid(6)));
    }
    return out;
}

const QByteArray head =
    R"({"id":"chatcmpl-4bf92f3577b34da6a3ce929d0e0e4736",)"
    R"("object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o",)";

} // namespace

TEST(OpenAiEncoder, StreamedChatAnswerIsExactSse)
{
    const std::vector<ResponseEvent> events = {
        ResponseEvent::start(QStringLiteral("gpt-4o"), true),
        ResponseEvent::textDelta(QStringLiteral("Hel")),
        ResponseEvent::textDelta(QStringLiteral("lo")),
        ResponseEvent::finish("stop"),
        usage(3, 2),
        ResponseEvent::end(),
    };
    const QByteArray content =
        "data: " + head +
        R"("choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}]})"
        "\n\n"
        "data: " +
        head +
        R"("choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":null}]})"
        "\n\n"
        "data: " +
        head +
        R"("choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})"
        "\n\n";
    const QByteArray usageChunk =
        "data: " + head +
        R"("choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}})"
        "\n\n";

    const RecordingWriter withUsage = encode(chat(true, true), events);
    ASSERT_FALSE(withUsage.calls.empty());
    const RecordingWriter::Call& start = withUsage.calls.front();
    EXPECT_EQ(start.kind, Kind::StartBody);
    EXPECT_EQ(start.status, 200);
    EXPECT_EQ(start.contentType, "text/event-stream");
    EXPECT_EQ(start.contentLength, -1);
    EXPECT_EQ(RecordingWriter::header(start, "x-request-id"), "4bf92f3577b34da6a3ce929d0e0e4736");
    EXPECT_EQ(RecordingWriter::header(start, "cache-control"), "no-cache");
    EXPECT_EQ(withUsage.written(), content + usageChunk + "data: [DONE]\n\n");
    EXPECT_EQ(withUsage.calls.back().kind, Kind::EndStream);

    // The client did not ask for usage: no usage chunk, even though the upstream reported it.
    const RecordingWriter withoutUsage = encode(chat(true, false), events);
    EXPECT_EQ(withoutUsage.written(), content + "data: [DONE]\n\n");
    EXPECT_EQ(withoutUsage.calls.back().kind, Kind::EndStream);
}

TEST(OpenAiEncoder, WholeChatAnswerIsOneChatCompletion)
{
    const RecordingWriter w = encode(chat(false), {
                                                      ResponseEvent::start("gpt-4o", false),
                                                      ResponseEvent::textDelta("Hel"),
                                                      ResponseEvent::textDelta("lo"),
                                                      ResponseEvent::finish("length"),
                                                      usage(7, 2),
                                                      ResponseEvent::end(),
                                                  });
    ASSERT_EQ(w.kinds(), std::vector<Kind>{Kind::Respond});
    EXPECT_EQ(w.calls[0].status, 200);
    EXPECT_EQ(w.calls[0].contentType, "application/json");
    EXPECT_EQ(RecordingWriter::header(w.calls[0], "x-request-id"),
              "4bf92f3577b34da6a3ce929d0e0e4736");
    const QJsonObject o = json(w.calls[0].bytes);
    EXPECT_TRUE(o.value("id").toString().startsWith("chatcmpl-4bf92f3577b34da6a3ce929d0e0e4736"));
    EXPECT_EQ(o.value("object").toString(), "chat.completion");
    EXPECT_EQ(o.value("created").toInteger(), created);
    EXPECT_EQ(o.value("model").toString(), "gpt-4o");
    const QJsonArray choices = o.value("choices").toArray();
    ASSERT_EQ(choices.size(), 1);
    const QJsonObject choice = choices[0].toObject();
    EXPECT_EQ(choice.value("index").toInt(), 0);
    EXPECT_EQ(choice.value("finish_reason").toString(), "length");
    const QJsonObject message = choice.value("message").toObject();
    EXPECT_EQ(message.value("role").toString(), "assistant");
    EXPECT_EQ(message.value("content").toString(), "Hello");
    EXPECT_FALSE(message.contains("tool_calls"));
    const QJsonObject u = o.value("usage").toObject();
    EXPECT_EQ(u.value("prompt_tokens").toInteger(), 7);
    EXPECT_EQ(u.value("completion_tokens").toInteger(), 2);
    EXPECT_EQ(u.value("total_tokens").toInteger(), 9);
}

TEST(OpenAiEncoder, WholeAnswerWithoutStartModelKeepsTheRequestedOne)
{
    const RecordingWriter w =
        encode(chat(false), {ResponseEvent::start(QString(), false), ResponseEvent::textDelta("x"),
                             ResponseEvent::end()});
    ASSERT_EQ(w.kinds(), std::vector<Kind>{Kind::Respond});
    const QJsonObject o = json(w.calls[0].bytes);
    EXPECT_EQ(o.value("model").toString(), "alias");
    // No Finish, no Usage: null and zeros, not missing fields.
    EXPECT_TRUE(o.value("choices").toArray()[0].toObject().value("finish_reason").isNull());
    EXPECT_EQ(o.value("usage").toObject().value("total_tokens").toInteger(), 0);
}

TEST(OpenAiEncoder, CompletionsStreamedAndWhole)
{
    const QByteArray body = R"({"model":"m","prompt":"Say"})";
    const std::vector<ResponseEvent> events = {
        ResponseEvent::start("davinci", true),
        ResponseEvent::textDelta(" hi"),
        ResponseEvent::finish("stop"),
        usage(1, 1),
        ResponseEvent::end(),
    };
    const QByteArray chunkHead =
        R"({"id":"cmpl-4bf92f3577b34da6a3ce929d0e0e4736","object":"text_completion",)"
        R"("created":1700000000,"model":"davinci",)";
    const RecordingWriter streamed = encode(
        request(
            R"({"model":"m","prompt":"Say","stream":true,"stream_options":{"include_usage":true}})",
            Endpoint::Completions),
        events);
    EXPECT_EQ(
        streamed.written(),
        "data: " + chunkHead +
            R"("choices":[{"text":" hi","index":0,"logprobs":null,"finish_reason":null}]})"
            "\n\ndata: " +
            chunkHead +
            R"("choices":[{"text":"","index":0,"logprobs":null,"finish_reason":"stop"}]})"
            "\n\ndata: " +
            chunkHead +
            R"("choices":[],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}})"
            "\n\ndata: [DONE]\n\n");
    EXPECT_EQ(streamed.calls.back().kind, Kind::EndStream);

    std::vector<ResponseEvent> whole = events;
    whole[0].stream = false;
    const RecordingWriter w = encode(request(body, Endpoint::Completions), whole);
    ASSERT_EQ(w.kinds(), std::vector<Kind>{Kind::Respond});
    const QJsonObject o = json(w.calls[0].bytes);
    EXPECT_TRUE(o.value("id").toString().startsWith("cmpl-4bf92f3577b34da6a3ce929d0e0e4736"));
    EXPECT_EQ(o.value("object").toString(), "text_completion");
    EXPECT_EQ(o.value("model").toString(), "davinci");
    const QJsonObject choice = o.value("choices").toArray()[0].toObject();
    EXPECT_EQ(choice.value("text").toString(), " hi");
    EXPECT_EQ(choice.value("finish_reason").toString(), "stop");
    EXPECT_FALSE(choice.contains("message"));
    EXPECT_EQ(o.value("usage").toObject().value("total_tokens").toInteger(), 2);
}

TEST(OpenAiEncoder, ParallelToolCallsStreamed)
{
    const RecordingWriter w = encode(chat(true), parallelToolCalls(true));
    const QByteArray bytes = w.written();
    EXPECT_TRUE(bytes.contains(
        R"("choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}])"))
        << bytes.constData();
    EXPECT_TRUE(bytes.contains(
        R"("delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"get_time","arguments":""}}]})"))
        << bytes.constData();
    // Later pieces carry only the index and the arguments.
    EXPECT_TRUE(bytes.contains(
        R"("delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]})"))
        << bytes.constData();
    const std::vector<QJsonObject> chunks = sseObjects(bytes);
    ASSERT_EQ(chunks.size(), 6u);
    QString arguments[2];
    for (size_t i = 0; i + 1 < chunks.size(); ++i) {
        const QJsonObject delta =
            chunks[i].value("choices").toArray()[0].toObject().value("delta").toObject();
        const QJsonObject call = delta.value("tool_calls").toArray()[0].toObject();
        arguments[call.value("index").toInt()] +=
            call.value("function").toObject().value("arguments").toString();
    }
    EXPECT_EQ(arguments[0], R"({"city":"Paris"})");
    EXPECT_EQ(arguments[1], R"({"tz":"UTC"})");
    EXPECT_EQ(
        chunks.back().value("choices").toArray()[0].toObject().value("finish_reason").toString(),
        "tool_calls");
    EXPECT_TRUE(bytes.endsWith("data: [DONE]\n\n"));
}

TEST(OpenAiEncoder, ParallelToolCallsWholeMergeArgumentsAndNullContent)
{
    const RecordingWriter w = encode(chat(false), parallelToolCalls(false));
    ASSERT_EQ(w.kinds(), std::vector<Kind>{Kind::Respond});
    const QJsonObject choice = json(w.calls[0].bytes).value("choices").toArray()[0].toObject();
    EXPECT_EQ(choice.value("finish_reason").toString(), "tool_calls");
    const QJsonObject message = choice.value("message").toObject();
    EXPECT_TRUE(message.contains("content"));
    EXPECT_TRUE(message.value("content").isNull());
    const QJsonArray calls = message.value("tool_calls").toArray();
    ASSERT_EQ(calls.size(), 2);
    const QJsonObject a = calls[0].toObject();
    EXPECT_EQ(a.value("id").toString(), "call_a");
    EXPECT_EQ(a.value("type").toString(), "function");
    EXPECT_EQ(a.value("function").toObject().value("name").toString(), "get_weather");
    EXPECT_EQ(a.value("function").toObject().value("arguments").toString(), R"({"city":"Paris"})");
    const QJsonObject b = calls[1].toObject();
    EXPECT_EQ(b.value("id").toString(), "call_b");
    EXPECT_EQ(b.value("function").toObject().value("name").toString(), "get_time");
    EXPECT_EQ(b.value("function").toObject().value("arguments").toString(), R"({"tz":"UTC"})");
}

TEST(OpenAiEncoder, ReasoningDeltasBecomeReasoningContent)
{
    const std::vector<ResponseEvent> events = {
        ResponseEvent::start("r1", true),
        reasoning("think"),
        reasoning("ing"),
        ResponseEvent::textDelta("answer"),
        ResponseEvent::finish("stop"),
        ResponseEvent::end(),
    };
    const RecordingWriter streamed = encode(chat(true), events);
    const std::vector<QJsonObject> chunks = sseObjects(streamed.written());
    ASSERT_EQ(chunks.size(), 4u);
    auto delta = [&](size_t i) {
        return chunks[i].value("choices").toArray()[0].toObject().value("delta").toObject();
    };
    EXPECT_EQ(delta(0).value("role").toString(), "assistant");
    EXPECT_EQ(delta(0).value("reasoning_content").toString(), "think");
    EXPECT_FALSE(delta(0).contains("content"));
    EXPECT_EQ(delta(1).value("reasoning_content").toString(), "ing");
    EXPECT_FALSE(delta(1).contains("role"));
    EXPECT_EQ(delta(2).value("content").toString(), "answer");

    std::vector<ResponseEvent> whole = events;
    whole[0].stream = false;
    const RecordingWriter w = encode(chat(false), whole);
    ASSERT_EQ(w.kinds(), std::vector<Kind>{Kind::Respond});
    const QJsonObject message =
        json(w.calls[0].bytes).value("choices").toArray()[0].toObject().value("message").toObject();
    EXPECT_EQ(message.value("reasoning_content").toString(), "thinking");
    EXPECT_EQ(message.value("content").toString(), "answer");
}

TEST(OpenAiEncoder, EmbeddingsAsFloats)
{
    const RecordingWriter w =
        encode(request(R"({"model":"e","input":["a","b"],"encoding_format":"float"})",
                       Endpoint::Embeddings),
               {ResponseEvent::start("embed-1", false), embedding(1, {0.5f, -1.0f}),
                embedding(0, {0.25f, 2.0f, 3.5f}), usage(4, -1), ResponseEvent::end()});
    ASSERT_EQ(w.kinds(), std::vector<Kind>{Kind::Respond});
    const QJsonObject o = json(w.calls[0].bytes);
    EXPECT_EQ(o.value("object").toString(), "list");
    EXPECT_EQ(o.value("model").toString(), "embed-1");
    const QJsonArray data = o.value("data").toArray();
    ASSERT_EQ(data.size(), 2);
    EXPECT_EQ(data[0].toObject().value("object").toString(), "embedding");
    EXPECT_EQ(data[0].toObject().value("index").toInt(), 0);
    EXPECT_EQ(data[1].toObject().value("index").toInt(), 1);
    const QJsonArray first = data[0].toObject().value("embedding").toArray();
    ASSERT_EQ(first.size(), 3);
    EXPECT_DOUBLE_EQ(first[0].toDouble(), 0.25);
    EXPECT_DOUBLE_EQ(first[1].toDouble(), 2.0);
    EXPECT_DOUBLE_EQ(first[2].toDouble(), 3.5);
    const QJsonArray second = data[1].toObject().value("embedding").toArray();
    ASSERT_EQ(second.size(), 2);
    EXPECT_DOUBLE_EQ(second[1].toDouble(), -1.0);
    const QJsonObject u = o.value("usage").toObject();
    EXPECT_EQ(u.value("prompt_tokens").toInteger(), 4);
    EXPECT_EQ(u.value("total_tokens").toInteger(), 4);
    EXPECT_FALSE(u.contains("completion_tokens"));
}

TEST(OpenAiEncoder, EmbeddingsAsBase64DecodeToTheFloats)
{
    const std::vector<float> values = {0.1f, -2.5f, 1e-7f, 12345.678f};
    const RecordingWriter w = encode(
        request(R"({"model":"e","input":"a","encoding_format":"base64"})", Endpoint::Embeddings),
        {ResponseEvent::start("embed-1", false), embedding(0, values), ResponseEvent::end()});
    ASSERT_EQ(w.kinds(), std::vector<Kind>{Kind::Respond});
    const QJsonValue encoded =
        json(w.calls[0].bytes).value("data").toArray()[0].toObject().value("embedding");
    ASSERT_TRUE(encoded.isString());
    const QByteArray bytes = QByteArray::fromBase64(encoded.toString().toLatin1());
    ASSERT_EQ(bytes.size(), qsizetype(values.size() * 4));
    for (size_t i = 0; i < values.size(); ++i) {
        const float v = std::bit_cast<float>(qFromLittleEndian<quint32>(bytes.constData() + 4 * i));
        EXPECT_EQ(v, values[i]) << i; // bit-exact, unlike the decimal form
    }
}

TEST(OpenAiEncoder, PassthroughStreamFramesEachPayload)
{
    const QByteArray p1 = R"({"id":"up","choices":[{"delta":{"content":"a"}}]})";
    const QByteArray p2 = R"({"id":"up","choices":[{"delta":{"content":"b"}}]})";
    const QByteArray p3 = R"({"id":"up","choices":[{"delta":{},"finish_reason":"stop"}]})";
    ResponseEvent first;
    first.type = T::Passthrough;
    first.payloads = {QByteArrayView(p1), QByteArrayView(p2)};
    first.contentPayloads = 2;
    ResponseEvent second;
    second.type = T::Passthrough;
    second.payloads = {QByteArrayView(p3)};
    ResponseEvent start = ResponseEvent::start("gpt-4o", true);
    start.headers = {{"openai-processing-ms", "12"}};

    const RecordingWriter w =
        encode(chat(true, true), {start, first, second, usage(1, 2), ResponseEvent::end()});
    ASSERT_EQ(w.kinds(),
              (std::vector<Kind>{Kind::StartBody, Kind::Write, Kind::Write, Kind::EndStream}));
    EXPECT_EQ(RecordingWriter::header(w.calls[0], "openai-processing-ms"), "12");
    EXPECT_EQ(w.calls[1].bytes, "data: " + p1 + "\n\ndata: " + p2 + "\n\n");
    EXPECT_EQ(w.calls[2].bytes, "data: " + p3 + "\n\n");
    // The upstream's own usage chunk passes as a payload; the encoder adds none. [DONE] leaves
    // with the end of the body, in one write.
    EXPECT_EQ(w.calls[3].bytes, "data: [DONE]\n\n");
}

TEST(OpenAiEncoder, TheFirstPassthroughPayloadsLeaveWithTheHeadInOneWrite)
{
    const QByteArray p1 = R"({"id":"up","choices":[{"delta":{"content":"a"}}]})";
    ResponseEvent start = ResponseEvent::start("gpt-4o", true);
    start.payloads = {QByteArrayView(p1)};
    start.contentPayloads = 1;
    const RecordingWriter w = encode(chat(true, false), {start, ResponseEvent::end()});
    ASSERT_EQ(w.kinds(), (std::vector<Kind>{Kind::StartBody, Kind::EndStream}));
    EXPECT_EQ(w.calls[0].bytes, "data: " + p1 + "\n\n");
    EXPECT_EQ(w.calls[1].bytes, "data: [DONE]\n\n");
}

TEST(OpenAiEncoder, TheLastPassthroughPayloadsLeaveWithTheEndInOneWrite)
{
    const QByteArray p1 = R"({"id":"up","choices":[{"delta":{"content":"a"}}]})";
    ResponseEvent end = ResponseEvent::end();
    end.payloads = {QByteArrayView(p1)};
    end.contentPayloads = 1;
    const RecordingWriter w =
        encode(chat(true, false), {ResponseEvent::start("gpt-4o", true), end});
    ASSERT_EQ(w.kinds(), (std::vector<Kind>{Kind::StartBody, Kind::EndStream}));
    EXPECT_EQ(w.calls[1].bytes, "data: " + p1 + "\n\ndata: [DONE]\n\n");
}

TEST(OpenAiEncoder, PassthroughWholeBodyIsRespondedAsIs)
{
    ResponseEvent whole;
    whole.type = T::Passthrough;
    whole.status = 200;
    whole.body = R"({"id":"chatcmpl-up","object":"chat.completion" , "choices":[]})";
    whole.contentType = "application/json; charset=utf-8";
    whole.headers = {{"openai-model", "gpt-4o"}};
    const RecordingWriter w =
        encode(chat(false), {ResponseEvent::start("gpt-4o", false), whole, ResponseEvent::end()});
    ASSERT_EQ(w.kinds(), std::vector<Kind>{Kind::Respond});
    EXPECT_EQ(w.calls[0].status, 200);
    EXPECT_EQ(w.calls[0].bytes, whole.body);
    EXPECT_EQ(w.calls[0].contentType, "application/json; charset=utf-8");
    EXPECT_EQ(RecordingWriter::header(w.calls[0], "openai-model"), "gpt-4o");
    EXPECT_EQ(RecordingWriter::header(w.calls[0], "x-request-id"),
              "4bf92f3577b34da6a3ce929d0e0e4736");
}

TEST(OpenAiEncoder, PassthroughBodyPiecesAreRelayed)
{
    auto piece = [](QByteArray bytes) {
        ResponseEvent e;
        e.type = T::Passthrough;
        e.bodyPiece = true;
        e.status = 200;
        e.contentLength = 11;
        e.body = std::move(bytes);
        return e;
    };
    const RecordingWriter w =
        encode(chat(false), {ResponseEvent::start("gpt-4o", false), piece(R"({"id":)"),
                             piece(R"("x"})"), ResponseEvent::end()});
    ASSERT_EQ(w.kinds(),
              (std::vector<Kind>{Kind::StartBody, Kind::Write, Kind::Write, Kind::EndStream}));
    EXPECT_EQ(w.calls[0].status, 200);
    EXPECT_EQ(w.calls[0].contentLength, 11);
    EXPECT_EQ(w.calls[0].contentType, "application/json");
    EXPECT_EQ(w.written(), R"({"id":"x"})");
}

TEST(OpenAiEncoder, ErrorBeforeOutputIsAnOpenAiErrorResponse)
{
    ResponseEvent error =
        ResponseEvent::error(504, "upstream_timeout", "The backend did not answer in time.");
    const RecordingWriter w = encode(chat(true), {error});
    ASSERT_EQ(w.kinds(), std::vector<Kind>{Kind::Respond});
    EXPECT_EQ(w.calls[0].status, 504);
    EXPECT_EQ(w.calls[0].contentType, "application/json");
    EXPECT_EQ(RecordingWriter::header(w.calls[0], "x-request-id"),
              "4bf92f3577b34da6a3ce929d0e0e4736");
    const QJsonObject e = json(w.calls[0].bytes).value("error").toObject();
    EXPECT_EQ(e.value("message").toString(), "The backend did not answer in time.");
    EXPECT_EQ(e.value("code").toString(), "upstream_timeout");
    EXPECT_FALSE(e.value("type").toString().isEmpty());

    // A transport failure (status 0) is a 502.
    const RecordingWriter transport =
        encode(chat(false), {ResponseEvent::error(0, "upstream_unreachable", "refused")});
    ASSERT_EQ(transport.kinds(), std::vector<Kind>{Kind::Respond});
    EXPECT_EQ(transport.calls[0].status, 502);

    // The upstream's own OpenAI error goes to the client as it is.
    ResponseEvent upstream = ResponseEvent::error(429, "upstream_rate_limited", "slow down");
    upstream.body =
        R"({"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}})";
    upstream.bodyInDialect = true;
    const RecordingWriter relayed = encode(chat(false), {upstream});
    ASSERT_EQ(relayed.kinds(), std::vector<Kind>{Kind::Respond});
    EXPECT_EQ(relayed.calls[0].status, 429);
    EXPECT_EQ(relayed.calls[0].bytes, upstream.body);
}

TEST(OpenAiEncoder, ErrorMidStreamIsAnSseErrorThenAbort)
{
    const RecordingWriter w =
        encode(chat(true), {ResponseEvent::start("gpt-4o", true), ResponseEvent::textDelta("Hel"),
                            ResponseEvent::error(502, "upstream_stream_broken", "cut")});
    ASSERT_EQ(w.kinds(),
              (std::vector<Kind>{Kind::StartBody, Kind::Write, Kind::Write, Kind::AbortStream}));
    const QByteArray event = w.calls[2].bytes;
    ASSERT_TRUE(event.startsWith("data: {\"error\":")) << event.constData();
    ASSERT_TRUE(event.endsWith("\n\n"));
    const QJsonObject e = json(event.mid(6).trimmed()).value("error").toObject();
    EXPECT_EQ(e.value("code").toString(), "upstream_stream_broken");
    EXPECT_EQ(e.value("message").toString(), "cut");
    EXPECT_FALSE(w.written().contains("[DONE]"));
}

TEST(OpenAiEncoder, ErrorDuringARelayedBodyAbortsWithoutSse)
{
    ResponseEvent piece;
    piece.type = T::Passthrough;
    piece.bodyPiece = true;
    piece.contentLength = 100;
    piece.body = R"({"id":"chatcmpl-up","cho)";
    const RecordingWriter w =
        encode(chat(false), {ResponseEvent::start("gpt-4o", false), piece,
                             ResponseEvent::error(502, "upstream_reset", "reset")});
    ASSERT_EQ(w.kinds(), (std::vector<Kind>{Kind::StartBody, Kind::Write, Kind::AbortStream}));
    EXPECT_EQ(w.written(), piece.body);
}
