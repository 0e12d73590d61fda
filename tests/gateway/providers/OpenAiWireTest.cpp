#include "providers/openai/OpenAiWire.h"

#include "api/openai/OpenAiDialect.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtEndian>

#include <gtest/gtest.h>

#include <bit>

using namespace gateway;
using api::Endpoint;
using api::ResponseEvent;
using T = ResponseEvent::Type;
namespace wire = gateway::providers::openai;

namespace {

std::vector<ResponseEvent> chunk(QByteArrayView payload,
                                 Endpoint endpoint = Endpoint::ChatCompletions)
{
    std::vector<ResponseEvent> out;
    EXPECT_TRUE(wire::decodeChunk(endpoint, payload, out)) << payload.data();
    return out;
}

std::vector<ResponseEvent> answer(QByteArrayView body,
                                  Endpoint endpoint = Endpoint::ChatCompletions)
{
    std::vector<ResponseEvent> out;
    EXPECT_TRUE(wire::decodeAnswer(endpoint, body, out)) << body.data();
    return out;
}

std::vector<T> types(const std::vector<ResponseEvent>& events)
{
    std::vector<T> out;
    for (const ResponseEvent& e : events)
        out.push_back(e.type);
    return out;
}

api::CanonicalRequest canonical(const QByteArray& body,
                                Endpoint endpoint = Endpoint::ChatCompletions)
{
    api::ChatRequest r;
    api::DialectError e;
    EXPECT_TRUE(api::OpenAiDialect::instance().parse(endpoint, body, &r, &e))
        << e.message.constData() << " in " << body.constData();
    return r.canonical();
}

QJsonObject json(const QByteArray& bytes)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError) << bytes.constData();
    return doc.object();
}

void expectSameMessages(const QList<api::Message>& a, const QList<api::Message>& b)
{
    ASSERT_EQ(a.size(), b.size());
    for (qsizetype i = 0; i < a.size(); ++i) {
        SCOPED_TRACE(i);
        EXPECT_EQ(a[i].role, b[i].role);
        EXPECT_EQ(a[i].name, b[i].name);
        EXPECT_EQ(a[i].toolCallId, b[i].toolCallId);
        ASSERT_EQ(a[i].parts.size(), b[i].parts.size());
        for (qsizetype p = 0; p < a[i].parts.size(); ++p) {
            EXPECT_EQ(a[i].parts[p].kind, b[i].parts[p].kind);
            EXPECT_EQ(a[i].parts[p].text, b[i].parts[p].text);
            EXPECT_EQ(a[i].parts[p].url, b[i].parts[p].url);
            EXPECT_EQ(a[i].parts[p].mediaType, b[i].parts[p].mediaType);
            EXPECT_EQ(a[i].parts[p].data, b[i].parts[p].data);
            EXPECT_EQ(a[i].parts[p].detail, b[i].parts[p].detail);
        }
        ASSERT_EQ(a[i].toolCalls.size(), b[i].toolCalls.size());
        for (qsizetype t = 0; t < a[i].toolCalls.size(); ++t) {
            EXPECT_EQ(a[i].toolCalls[t].id, b[i].toolCalls[t].id);
            EXPECT_EQ(a[i].toolCalls[t].name, b[i].toolCalls[t].name);
            EXPECT_EQ(a[i].toolCalls[t].arguments, b[i].toolCalls[t].arguments);
        }
    }
}

} // namespace

TEST(OpenAiWire, ChunkWithContent)
{
    const auto events = chunk(
        R"({"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}]})");
    ASSERT_EQ(types(events), std::vector<T>{T::TextDelta});
    EXPECT_EQ(events[0].text, "Hel");
    EXPECT_EQ(events[0].index, 0);
    // An empty delta (the role-only first chunk of some servers) is no event at all.
    EXPECT_TRUE(
        chunk(R"({"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]})").empty());
}

TEST(OpenAiWire, ChunkWithReasoning)
{
    for (const char* key : {"reasoning_content", "reasoning"}) {
        const auto events =
            chunk(QByteArray(R"({"choices":[{"index":1,"delta":{")") + key + R"(":"hmm"}}]})");
        ASSERT_EQ(types(events), std::vector<T>{T::ReasoningDelta}) << key;
        EXPECT_EQ(events[0].text, "hmm");
        EXPECT_EQ(events[0].index, 1);
    }
}

TEST(OpenAiWire, ChunkWithParallelToolCalls)
{
    const auto events = chunk(
        R"({"choices":[{"index":0,"delta":{"tool_calls":[
            {"index":0,"id":"call_a","type":"function","function":{"name":"get_weather","arguments":""}},
            {"index":1,"id":"call_b","type":"function","function":{"name":"get_time","arguments":"{\"tz\""}}]}}]})");
    ASSERT_EQ(types(events), (std::vector<T>{T::ToolCallDelta, T::ToolCallDelta}));
    EXPECT_EQ(events[0].toolIndex, 0);
    EXPECT_EQ(events[0].id, "call_a");
    EXPECT_EQ(events[0].name, "get_weather");
    EXPECT_TRUE(events[0].text.isEmpty());
    EXPECT_EQ(events[1].toolIndex, 1);
    EXPECT_EQ(events[1].id, "call_b");
    EXPECT_EQ(events[1].name, "get_time");
    EXPECT_EQ(events[1].text, R"({"tz")");

    const auto later = chunk(
        R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":":1}"}}]}}]})");
    ASSERT_EQ(types(later), std::vector<T>{T::ToolCallDelta});
    EXPECT_EQ(later[0].toolIndex, 1);
    EXPECT_TRUE(later[0].id.isEmpty());
    EXPECT_TRUE(later[0].name.isEmpty());
    EXPECT_EQ(later[0].text, ":1}");
}

TEST(OpenAiWire, ChunkWithFinishReason)
{
    const auto events =
        chunk(R"({"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]})");
    ASSERT_EQ(types(events), std::vector<T>{T::Finish});
    EXPECT_EQ(events[0].finishReason, "tool_calls");
    const auto completion =
        chunk(R"({"choices":[{"index":0,"text":" end","finish_reason":"length"}]})",
              Endpoint::Completions);
    ASSERT_EQ(types(completion), (std::vector<T>{T::TextDelta, T::Finish}));
    EXPECT_EQ(completion[0].text, " end");
    EXPECT_EQ(completion[1].finishReason, "length");
}

TEST(OpenAiWire, UsageOnlyChunk)
{
    const auto events = chunk(
        R"({"id":"c","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":24,"total_tokens":27}})");
    ASSERT_EQ(types(events), std::vector<T>{T::Usage});
    EXPECT_EQ(events[0].usage.promptTokens, 3);
    EXPECT_EQ(events[0].usage.completionTokens, 24);
    // "usage": null on the content chunks is no usage.
    EXPECT_EQ(types(chunk(R"({"choices":[{"index":0,"delta":{"content":"a"}}],"usage":null})")),
              std::vector<T>{T::TextDelta});
}

TEST(OpenAiWire, GarbageIsRefusedWithoutEvents)
{
    for (const QByteArray& payload :
         {QByteArray("not json"), QByteArray("[DONE]"), QByteArray(R"({"choices":[)"),
          QByteArray("[1,2]"), QByteArray("\"text\""), QByteArray(""), QByteArray("\xff\xfe{}")}) {
        std::vector<ResponseEvent> out;
        EXPECT_FALSE(wire::decodeChunk(Endpoint::ChatCompletions, payload, out))
            << payload.constData();
        EXPECT_TRUE(out.empty()) << payload.constData();
        EXPECT_FALSE(wire::decodeAnswer(Endpoint::ChatCompletions, payload, out))
            << payload.constData();
        EXPECT_TRUE(out.empty()) << payload.constData();
    }
    // Valid JSON of the wrong shape is an object with nothing in it.
    EXPECT_TRUE(chunk(R"({"choices":[1,"x",null],"usage":7})").empty());
}

TEST(OpenAiWire, OutOfRangeIndexesAreBounded)
{
    const auto events = chunk(
        R"({"choices":[{"index":99999999999,"delta":{"content":"a","tool_calls":[{"index":-5,"id":"x"},{"index":4000000000,"id":"y"}]}},
                       {"index":-3,"delta":{"content":"b"}}]})");
    ASSERT_EQ(types(events),
              (std::vector<T>{T::TextDelta, T::ToolCallDelta, T::ToolCallDelta, T::TextDelta}));
    EXPECT_EQ(events[0].index, 127);
    EXPECT_EQ(events[1].index, 127);
    EXPECT_EQ(events[1].toolIndex, 0);
    EXPECT_EQ(events[2].toolIndex, 127);
    EXPECT_EQ(events[3].index, 0);
    // A non-integer index falls back to the position.
    const auto fallback =
        chunk(R"({"choices":[{"index":"7","delta":{"tool_calls":[{"index":1.5},{"id":"z"}]}}]})");
    ASSERT_EQ(fallback.size(), 2u);
    EXPECT_EQ(fallback[0].index, 0);
    EXPECT_EQ(fallback[0].toolIndex, 0);
    EXPECT_EQ(fallback[1].toolIndex, 1);

    std::vector<ResponseEvent> embeddings;
    ASSERT_TRUE(wire::decodeAnswer(
        Endpoint::Embeddings, R"({"data":[{"index":123456789012,"embedding":[1]}]})", embeddings));
    ASSERT_EQ(types(embeddings), (std::vector<T>{T::Start, T::Embedding, T::End}));
    EXPECT_EQ(embeddings[1].index, 1'000'000);
}

TEST(OpenAiWire, WholeChatAnswer)
{
    const auto events =
        answer(R"({"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o-2024",
        "choices":[{"index":0,"message":{"role":"assistant","content":"Let me check.",
            "tool_calls":[{"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
                          {"id":"call_b","type":"function","function":{"name":"get_time","arguments":"{}"}}]},
            "finish_reason":"tool_calls"}],
        "usage":{"prompt_tokens":20,"completion_tokens":9,"total_tokens":29}})");
    ASSERT_EQ(types(events), (std::vector<T>{T::Start, T::TextDelta, T::ToolCallDelta,
                                             T::ToolCallDelta, T::Finish, T::Usage, T::End}));
    EXPECT_EQ(events[0].text, "gpt-4o-2024");
    EXPECT_FALSE(events[0].stream);
    EXPECT_EQ(events[0].status, 200);
    EXPECT_EQ(events[1].text, "Let me check.");
    EXPECT_EQ(events[2].toolIndex, 0);
    EXPECT_EQ(events[2].id, "call_a");
    EXPECT_EQ(events[2].name, "get_weather");
    EXPECT_EQ(events[2].text, R"({"city":"Paris"})");
    EXPECT_EQ(events[3].toolIndex, 1);
    EXPECT_EQ(events[3].id, "call_b");
    EXPECT_EQ(events[4].finishReason, "tool_calls");
    EXPECT_EQ(events[5].usage.promptTokens, 20);
    EXPECT_EQ(events[5].usage.completionTokens, 9);
}

TEST(OpenAiWire, WholeCompletionAnswer)
{
    const auto events = answer(R"({"object":"text_completion","model":"davinci",
        "choices":[{"index":0,"text":"Once","finish_reason":"stop"},{"index":1,"text":"Twice","finish_reason":"length"}],
        "usage":{"prompt_tokens":2,"completion_tokens":2}})",
                               Endpoint::Completions);
    ASSERT_EQ(types(events), (std::vector<T>{T::Start, T::TextDelta, T::Finish, T::TextDelta,
                                             T::Finish, T::Usage, T::End}));
    EXPECT_EQ(events[0].text, "davinci");
    EXPECT_EQ(events[1].text, "Once");
    EXPECT_EQ(events[3].text, "Twice");
    EXPECT_EQ(events[3].index, 1);
    EXPECT_EQ(events[4].finishReason, "length");
    EXPECT_EQ(events[4].index, 1);
}

TEST(OpenAiWire, EmbeddingsAsFloatsAndAsBase64)
{
    const auto floats = answer(R"({"object":"list","model":"embed",
        "data":[{"object":"embedding","index":0,"embedding":[0.5,-1,2.25]},
                {"object":"embedding","index":1,"embedding":[3]}],
        "usage":{"prompt_tokens":4,"total_tokens":4}})",
                               Endpoint::Embeddings);
    ASSERT_EQ(types(floats),
              (std::vector<T>{T::Start, T::Embedding, T::Embedding, T::Usage, T::End}));
    EXPECT_EQ(floats[0].text, "embed");
    EXPECT_EQ(floats[1].index, 0);
    EXPECT_EQ(floats[1].embedding, (std::vector<float>{0.5f, -1.0f, 2.25f}));
    EXPECT_EQ(floats[2].index, 1);
    EXPECT_EQ(floats[2].embedding, std::vector<float>{3.0f});
    EXPECT_EQ(floats[3].usage.promptTokens, 4);
    EXPECT_EQ(floats[3].usage.completionTokens, 0); // embeddings report prompt tokens only

    const std::vector<float> values = {0.1f, -7.5f, 1e-6f};
    QByteArray raw;
    for (float v : values) {
        const quint32 bits = qToLittleEndian(std::bit_cast<quint32>(v));
        raw.append(reinterpret_cast<const char*>(&bits), 4);
    }
    const auto base64 = answer(R"({"data":[{"index":0,"embedding":")" + raw.toBase64() + R"("}]})",
                               Endpoint::Embeddings);
    ASSERT_EQ(types(base64), (std::vector<T>{T::Start, T::Embedding, T::End}));
    EXPECT_EQ(base64[1].embedding, values);
}

TEST(OpenAiWire, RequestBodyRoundTripsTheCanonicalForm)
{
    const QByteArray body = R"({"model":"alias","messages":[
        {"role":"system","content":"Be brief."},
        {"role":"developer","content":"Use French."},
        {"role":"user","name":"ann","content":[{"type":"text","text":"What is this?"},
            {"type":"image_url","image_url":{"url":"https://example.com/cat.png","detail":"low"}},
            {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]},
        {"role":"assistant","content":null,"tool_calls":[
            {"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
        {"role":"tool","tool_call_id":"call_a","content":"18C"}],
        "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather now",
            "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],
        "tool_choice":"auto","response_format":{"type":"json_object"},
        "temperature":0.3,"top_p":0.8,"max_completion_tokens":64,"seed":7,"n":2,
        "stop":"END","user":"u-1","metadata":{"team":"search"}})";
    const api::CanonicalRequest a = canonical(body);
    const QByteArray built = wire::requestBody(a, QStringLiteral("gpt-4o"));
    const api::CanonicalRequest b = canonical(built);

    EXPECT_EQ(b.model, "gpt-4o");
    EXPECT_EQ(b.system, a.system);
    EXPECT_EQ(b.system, "Be brief.\n\nUse French.");
    expectSameMessages(a.messages, b.messages);
    ASSERT_EQ(b.tools.size(), a.tools.size());
    EXPECT_EQ(b.tools[0].name, a.tools[0].name);
    EXPECT_EQ(b.tools[0].description, a.tools[0].description);
    EXPECT_EQ(b.tools[0].parameters, a.tools[0].parameters);
    EXPECT_EQ(b.toolChoice, a.toolChoice);
    EXPECT_EQ(b.responseFormat, a.responseFormat);
    EXPECT_EQ(b.temperature, a.temperature);
    EXPECT_EQ(b.topP, a.topP);
    EXPECT_EQ(b.maxTokens, 64);
    EXPECT_EQ(b.seed, a.seed);
    EXPECT_EQ(b.n, 2);
    EXPECT_EQ(b.stop, a.stop);
    EXPECT_EQ(b.user, a.user);
    EXPECT_EQ(b.metadata, a.metadata);
    EXPECT_FALSE(b.stream);
    EXPECT_FALSE(json(built).contains("stream_options"));

    // Unset optional fields stay out of the body (no nulls a backend might refuse).
    const QJsonObject minimal = json(wire::requestBody(
        canonical(R"({"model":"m","messages":[{"role":"user","content":"hi"}]})"), "m"));
    EXPECT_EQ(minimal.keys(), (QStringList{"messages", "model"}));
}

TEST(OpenAiWire, RequestBodyOfAStreamAsksForUsage)
{
    const api::CanonicalRequest a =
        canonical(R"({"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]})");
    ASSERT_FALSE(a.includeUsage);
    const QJsonObject o = json(wire::requestBody(a, "up"));
    EXPECT_TRUE(o.value("stream").toBool());
    EXPECT_TRUE(o.value("stream_options").toObject().value("include_usage").toBool());
    const api::CanonicalRequest b = canonical(wire::requestBody(a, "up"));
    EXPECT_TRUE(b.stream);
    EXPECT_TRUE(b.includeUsage);
}

TEST(OpenAiWire, RequestBodyForCompletionsAndEmbeddings)
{
    const api::CanonicalRequest prompt =
        canonical(R"({"model":"m","prompt":"Once","max_tokens":5})", Endpoint::Completions);
    const api::CanonicalRequest promptBack =
        canonical(wire::requestBody(prompt, "up"), Endpoint::Completions);
    EXPECT_EQ(promptBack.prompts, QStringList{"Once"});
    EXPECT_EQ(promptBack.maxTokens, 5);
    EXPECT_TRUE(promptBack.messages.isEmpty());
    const api::CanonicalRequest prompts =
        canonical(R"({"model":"m","prompt":["a","b"]})", Endpoint::Completions);
    EXPECT_EQ(canonical(wire::requestBody(prompts, "up"), Endpoint::Completions).prompts,
              (QStringList{"a", "b"}));

    const api::CanonicalRequest input =
        canonical(R"({"model":"e","input":["x","y"]})", Endpoint::Embeddings);
    const QJsonObject o = json(wire::requestBody(input, "embed-up"));
    EXPECT_EQ(o.value("model").toString(), "embed-up");
    EXPECT_EQ(canonical(wire::requestBody(input, "embed-up"), Endpoint::Embeddings).inputs,
              (QStringList{"x", "y"}));
    EXPECT_FALSE(o.contains("messages"));
}

TEST(OpenAiWire, IsErrorObject)
{
    EXPECT_TRUE(wire::isErrorObject(
        R"({"error":{"message":"Incorrect API key","type":"invalid_request_error","code":"invalid_api_key"}})"));
    EXPECT_TRUE(wire::isErrorObject(R"({"error":"overloaded"})"));
    EXPECT_FALSE(wire::isErrorObject(R"({"id":"chatcmpl-1","choices":[]})"));
    EXPECT_FALSE(wire::isErrorObject("<html>502 Bad Gateway</html>"));
    EXPECT_FALSE(wire::isErrorObject(""));
    EXPECT_FALSE(wire::isErrorObject(R"([{"error":{}}])"));
    EXPECT_FALSE(wire::isErrorObject(R"({"error":{"message":"cut)"));
}

TEST(OpenAiWire, ReadsTheMessageOfAnErrorObject)
{
    using gateway::providers::openai::errorMessage;
    EXPECT_EQ(errorMessage(R"({"error":{"message":"Rate limit reached","type":"x"}})"),
              "Rate limit reached");
    EXPECT_EQ(errorMessage(R"({"error":"model not loaded"})"), "model not loaded"); // vLLM-style
    EXPECT_EQ(errorMessage("<html>Bad Gateway</html>"), "");
    EXPECT_EQ(errorMessage(""), "");
    EXPECT_EQ(errorMessage(R"({"detail":"x"})"), "");
}
