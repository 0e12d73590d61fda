// Deterministic mutation testing of every parser of untrusted bytes: seeds that exercise the
// interesting paths, mutated by a fixed-seed generator (bit flips, byte changes, insertions,
// deletions, splices, truncations). Run by CTest in the normal build and in an
// AddressSanitizer/UBSan build; the same targets run under libFuzzer when clang is available.

#include "FuzzTargets.h"

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
