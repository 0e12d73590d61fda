// Deterministic mutation testing of every parser of untrusted bytes: seeds that exercise the
// interesting paths, mutated by a fixed-seed generator (bit flips, byte changes, insertions,
// deletions, splices, truncations). Run by CTest in the normal build and in an
// AddressSanitizer/UBSan build; the same targets run under libFuzzer when clang is available.

#include "FuzzTargets.h"

#include "../gateway/providers/EventStreamFrames.h"

#include <QByteArray>
#include <QList>

#include <gtest/gtest.h>

#include <random>

namespace {

constexpr int iterations = 50000;

QByteArray mutate(const QList<QByteArray>& seeds, std::mt19937& rng)
{
    QByteArray s = seeds.at(int(rng() % seeds.size()));
    const int mutations = 1 + int(rng() % 8);
    for (int m = 0; m < mutations; ++m) {
        const int pos = s.isEmpty() ? 0 : int(rng() % s.size());
        switch (rng() % 7) {
        case 0:
            if (!s.isEmpty())
                s[pos] = char(s[pos] ^ (1 << (rng() % 8)));
            break;
        case 1:
            if (!s.isEmpty())
                s[pos] = char(rng());
            break;
        case 2: s.insert(pos, char(rng())); break;
        case 3:
            if (!s.isEmpty())
                s.remove(pos, 1 + int(rng() % 16));
            break;
        case 4: s.insert(pos, seeds.at(int(rng() % seeds.size())).left(int(rng() % 64))); break;
        case 5: s.truncate(pos); break;
        case 6: s.insert(pos, QByteArray(int(rng() % 300), "{[\"\r\n:,0"[rng() % 9])); break;
        }
    }
    return s;
}

template <typename Target> void run(Target target, const QList<QByteArray>& seeds, unsigned seed)
{
    std::mt19937 rng(seed);
    for (const QByteArray& s : seeds)
        target(reinterpret_cast<const uint8_t*>(s.constData()), size_t(s.size()));
    for (int i = 0; i < iterations; ++i) {
        const QByteArray input = mutate(seeds, rng);
        target(reinterpret_cast<const uint8_t*>(input.constData()), size_t(input.size()));
    }
}

} // namespace

TEST(RandomInputs, RequestParser)
{
    run(fuzz::requestParser,
        {"\x07POST /v1/chat/completions HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
         "\x02GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
         "\x20POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabcGET /x "
         "HTTP/1.0\r\n\r\n",
         // The strict HTTP/1.1 checks: absolute-form, obs-fold, transfer codings.
         "\x05POST http://a:1/v1/x?q=1 HTTP/1.1\r\nHost: a:1\r\nX-A: b\r\n c\r\n"
         "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"},
        1);
    SUCCEED();
}

TEST(RandomInputs, RequestParserWithEncodedBodies)
{
    // gzip("hello world") and zlib-format deflate of the same.
    const QByteArray gz("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xcb\x48\xcd\xc9\xc9\x57\x28"
                        "\xcf\x2f\xca\x49\x01\x00\x85\x11\x4a\x0d\x0b\x00\x00\x00",
                        31);
    const QByteArray zl("\x78\x9c\xcb\x48\xcd\xc9\xc9\x57\x28\xcf\x2f\xca\x49\x01\x00\x1a"
                        "\x0b\x04\x5d",
                        19);
    run(fuzz::requestParser,
        {"\x03POST / HTTP/1.1\r\nContent-Encoding: gzip\r\nContent-Length: 31\r\n\r\n" + gz,
         "\x09POST / HTTP/1.1\r\nContent-Encoding: deflate\r\nTransfer-Encoding: chunked\r\n\r\n"
         "13\r\n" +
             zl + "\r\n0\r\n\r\n"},
        4);
    SUCCEED();
}

TEST(RandomInputs, ResponseParser)
{
    run(fuzz::responseParser,
        {"\x07HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\nhello",
         "\x02HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
         "5\r\nhello\r\n0\r\n\r\n",
         "\x81HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n",
         "\x20HTTP/1.0 200 OK\r\n\r\nuntil the end"},
        3);
    SUCCEED();
}

TEST(RandomInputs, SseDecoder)
{
    run(fuzz::sseDecoder,
        {"\x05"
         "data: {\"a\":1}\n\nevent: x\r\ndata: y\r\n\r\n: comment\rdata: [DONE]\n\n",
         "\x01"
         "data:\ndata:\n\n\r\r\n\n"},
        2);
    SUCCEED();
}

TEST(RandomInputs, OpenAiDialect)
{
    run(fuzz::openAiDialect,
        {R"({"model":"m","stream":true,"stream_options":{"include_usage":false},"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]})",
         R"({"model":"m","prompt":["a","b"],"input":[1,2,3],"encoding_format":"base64"})",
         R"({"id":"x","choices":[{"delta":{"content":"c"}}],"usage":{"prompt_tokens":1,"completion_tokens":2}})"},
        3);
    SUCCEED();
}

TEST(RandomInputs, AnthropicDialect)
{
    run(fuzz::anthropicDialect,
        {R"({"model":"m","max_tokens":9,"stream":true,"system":[{"type":"text","text":"s","cache_control":{"type":"ephemeral"}}],"messages":[{"role":"user","content":[{"type":"text","text":"hi"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AA=="}}]},{"role":"assistant","content":[{"type":"thinking","thinking":"t","signature":"s"},{"type":"tool_use","id":"a","name":"f","input":{"x":1}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"a","is_error":true,"content":[{"type":"text","text":"r"}]}]}],"tools":[{"name":"f","input_schema":{"type":"object"}}],"tool_choice":{"type":"tool","name":"f","disable_parallel_tool_use":true},"thinking":{"type":"enabled","budget_tokens":2048},"stop_sequences":["x"],"metadata":{"user_id":"u"}})",
         R"({"choices":[{"index":0,"delta":{"reasoning_content":"r","content":"c","tool_calls":[{"index":1,"id":"b","function":{"name":"g","arguments":"{"}},{"index":0,"id":"a","function":{"name":"f","arguments":"}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":5,"completion_tokens":2,"prompt_tokens_details":{"cached_tokens":9}}})"},
        6);
    SUCCEED();
}

TEST(RandomInputs, ResponsesDialect)
{
    run(fuzz::responsesDialect,
        {R"({"model":"m","input":"hi","instructions":"x","stream":true,"store":false})",
         R"({"model":"m","input":[{"role":"user","content":[{"type":"input_text","text":"a"},{"type":"input_image","image_url":"data:image/png;base64,AA"}]},{"type":"function_call","call_id":"c","name":"f","arguments":"{}"},{"type":"function_call_output","call_id":"c","output":"o"},{"type":"reasoning","summary":[{"type":"summary_text","text":"r"}]}],"tools":[{"type":"function","name":"f","parameters":{"type":"object"}}],"tool_choice":{"type":"function","name":"f"},"text":{"format":{"type":"json_schema","name":"n","schema":{}}},"reasoning":{"effort":"low"},"previous_response_id":"resp_1"})"},
        7);
    SUCCEED();
}

TEST(RandomInputs, ConfigLoader)
{
    run(fuzz::configLoader,
        {R"({"schemaVersion":1,"server":{"listen":"127.0.0.1:0","limits":{"maxBodyBytes":2048}},
            "backends":[{"name":"b","type":"openai-compatible","baseUrl":"https://h:1/v1","apiKey":"env:K"},
                        {"name":"m","type":"mock","models":[{"name":"x","failure":{"rate":0.5}}]}],
            "models":[{"alias":"a","targets":[{"backend":"b","model":"x"}]}]})"},
        4);
    SUCCEED();
}

// Gemini and native Ollama adapters (issue 11): seeds shaped like their answers (streamed,
// whole, with tool calls, thoughts, a blocked prompt and an error), and a request that the
// builders translate.
TEST(RandomInputs, GeminiDecoder)
{
    run(fuzz::geminiDecoder,
        {"\x05"
         "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hm\",\"thought\":true},"
         "{\"text\":\"Hi \xc3\xa9\"}],\"role\":\"model\"},\"index\":0}]}\r\n\r\n"
         "data: {\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"f\","
         "\"args\":{\"a\":[1]}},\"thoughtSignature\":\"c2ln\"}]},\"finishReason\":\"STOP\","
         "\"index\":1,\"safetyRatings\":[]}],\"usageMetadata\":{\"promptTokenCount\":3,"
         "\"candidatesTokenCount\":2,\"thoughtsTokenCount\":1,\"cachedContentTokenCount\":1}}"
         "\r\n\r\n",
         "\x02{\"promptFeedback\":{\"blockReason\":\"SAFETY\",\"safetyRatings\":[]}}",
         "\x09[{\"error\":{\"code\":429,\"message\":\"m\",\"status\":\"RESOURCE_EXHAUSTED\"}}]",
         R"({"model":"m","messages":[{"role":"system","content":"s"},{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://x/a.png"}}]},{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c","content":"{\"r\":1}"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"a":{"$ref":"#/$defs/A"}},"$defs":{"A":{"type":["string","null"]}}}}}],"tool_choice":"required","response_format":{"type":"json_schema","json_schema":{"schema":{"type":"object","properties":{"x":{"const":"y"}}}}},"reasoning_effort":"high","n":2})"},
        5);
    SUCCEED();
}

TEST(RandomInputs, OllamaDecoder)
{
    run(fuzz::ollamaDecoder,
        {"\x07"
         "{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"t\"},\"done\":false}"
         "\n"
         "{\"message\":{\"content\":\"Gr\xc3\xbc\xc3\x9f\",\"tool_calls\":[{\"function\":{\"name\":"
         "\"f\","
         "\"arguments\":{\"a\":1}}}]},\"done\":false}\r\n"
         "{\"done\":true,\"done_reason\":\"length\",\"prompt_eval_count\":2,\"eval_count\":3}\n",
         "\x03{\"message\":{\"content\":\"x\"},\"done\":false}\n{\"error\":\"boom\"}\n",
         R"({"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"x"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]},{"role":"assistant","content":"a","reasoning_content":"r","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]},{"role":"tool","tool_call_id":"c","content":"r"}],"tools":[{"type":"function","function":{"name":"f","parameters":{}}}],"tool_choice":{"type":"function","function":{"name":"f"}},"response_format":{"type":"json_object"},"reasoning_effort":"low","stop":["x"],"seed":1})"},
        6);
    SUCCEED();
}

TEST(RandomInputs, BedrockEventStream)
{
    const QByteArray events =
        eventstream::event("messageStart", R"({"role":"assistant","p":"abc"})") +
        eventstream::event(
            "contentBlockStart",
            R"({"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"t","name":"f"}}})") +
        eventstream::event("contentBlockDelta",
                           R"({"contentBlockIndex":1,"delta":{"toolUse":{"input":"{\"a\":1}"}}})") +
        eventstream::event(
            "contentBlockDelta",
            R"({"contentBlockIndex":0,"delta":{"reasoningContent":{"signature":"s"}}})") +
        eventstream::event("messageStop", R"({"stopReason":"tool_use"})") +
        eventstream::event("metadata", R"({"usage":{"inputTokens":1,"outputTokens":2}})");
    run(fuzz::bedrockEventStream,
        {"\x05" + events, "\x85" + events,
         "\x81" + eventstream::exception("throttlingException", R"({"message":"m"})"),
         "\x83" + eventstream::event("contentBlockDelta", R"({"delta":{"text":"hi"}})"),
         R"({"output":{"message":{"content":[{"text":"a"},{"toolUse":{"toolUseId":"t","name":"f","input":{}}}]}},"stopReason":"end_turn","usage":{"inputTokens":1}})"},
        5);
    SUCCEED();
}

TEST(RandomInputs, AzureContentFilter)
{
    run(fuzz::azureContentFilter,
        {R"({"choices":[{"index":0,"finish_reason":"content_filter","content_filter_results":{"hate":{"filtered":true,"severity":"high"}}}],"prompt_filter_results":[{"prompt_index":0,"content_filter_results":{}}]})"},
        6);
    SUCCEED();
}

// Anthropic adapter (issue 11): the stream decoder, from seeds of each event type.
TEST(RandomInputs, AnthropicDecoder)
{
    run(fuzz::anthropicDecoder,
        {"\x07"
         "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":"
         "{\"input_tokens\":5,\"cache_creation_input_tokens\":2,\"cache_read_input_tokens\":3,"
         "\"output_tokens\":1}}}\n\nevent: ping\ndata: {\"type\":\"ping\"}\n\n"
         "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
         "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
         "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
         "\"delta\":{\"type\":\"text_delta\",\"text\":\"h\\u00e9\"}}\n\n"
         "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
         "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
         "\"end_turn\"},\"usage\":{\"output_tokens\":9}}\n\n"
         "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
         "\x03"
         "data: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":"
         "\"tool_use\",\"id\":\"toolu_1\",\"name\":\"f\",\"input\":{}}}\r\n\r\n"
         "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":"
         "\"input_json_delta\",\"partial_json\":\"{\\\"a\\\": 1\"}}\r\n\r\n"
         "data: {\"type\":\"content_block_stop\",\"index\":1}\r\n\r\n"
         "data: {\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":"
         "\"thinking\",\"thinking\":\"\"}}\r\n\r\n"
         "data: {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":"
         "\"signature_delta\",\"signature\":\"Eq==\"}}\r\n\r\n"
         "data: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"O\"}}"
         "\r\n\r\n",
         R"({"type":"message","content":[{"type":"thinking","thinking":"t","signature":"s"},{"type":"text","text":"x"},{"type":"tool_use","id":"t","name":"f","input":{"k":[1,2]}}],"stop_reason":"tool_use","usage":{"input_tokens":1,"output_tokens":2}})",
         R"({"model":"m","n":1,"reasoning_effort":"low","tool_choice":"required","parallel_tool_calls":false,"tools":[{"type":"function","function":{"name":"f"}}],"messages":[{"role":"system","content":"s"},{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,AA=="}}]},{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{"}}]},{"role":"tool","tool_call_id":"c","content":"r"}]})"},
        5);
    SUCCEED();
}

TEST(RandomInputs, OpenAiDecoder)
{
    run(fuzz::openAiDecoder,
        {"\x04"
         "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"reasoning_content\":"
         "\"r\",\"content\":\"Gr\xc3\xbc\xc3\x9f\"}}]}\n\n"
         "data: {\"choices\":[{\"index\":1,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\","
         "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}"
         "\r\n\r\n"
         "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2}}\n\n"
         "data: [DONE]\n\n",
         "\x03"
         "data: {\"choices\":[{\"text\":\"a\",\"index\":0,\"finish_reason\":\"stop\"}]}\n\n"
         "data: {\"error\":{\"message\":\"boom\"}}\n\n",
         R"({"choices":[{"index":0,"message":{"role":"assistant","content":"a","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1}})"},
        8);
    SUCCEED();
}
