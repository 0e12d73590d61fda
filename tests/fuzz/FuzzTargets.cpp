#include "FuzzTargets.h"

#include "api/openai/OpenAiDialect.h"
#include "api/openai/OpenAiEncoder.h"
#include "config/ConfigLoader.h"
#include "http/RequestParser.h"
#include "http/ResponseParser.h"
#include "http/SseDecoder.h"
#include "providers/anthropic/AnthropicDecoder.h"
#include "providers/anthropic/AnthropicWire.h"
#include "providers/openai/OpenAiWire.h"

#include <cstdio>
#include <cstdlib>

namespace fuzz {

namespace {
void check(bool condition, const char* what)
{
    if (!condition) {
        fprintf(stderr, "fuzz invariant violated: %s\n", what);
        abort();
    }
}
} // namespace

void requestParser(const uint8_t* data, size_t size)
{
    // The first byte picks how the rest is cut into reads, as a socket would.
    const size_t step = size ? 1 + data[0] % 64 : 1;
    gateway::http::ParserLimits limits;
    limits.maxHeaderBytes = 2048;
    limits.maxBodyBytes = 4096;
    limits.maxHeaderCount = 16;
    gateway::http::RequestParser parser(limits);
    size_t offset = size ? 1 : 0;
    int requests = 0;
    while (offset < size) {
        const size_t piece = std::min(step, size - offset);
        size_t at = 0;
        while (at < piece) {
            const auto outcome =
                parser.feed(reinterpret_cast<const char*>(data) + offset + at, piece - at);
            check(outcome.consumed <= piece - at, "parser consumed more than it was given");
            at += outcome.consumed;
            if (outcome.status == gateway::http::RequestParser::Status::Error) {
                // 501: a transfer coding other than chunked (RFC 9112 6.1).
                check((outcome.errorStatus >= 400 && outcome.errorStatus < 500) ||
                          outcome.errorStatus == 501,
                      "error status");
                return;
            }
            if (outcome.status == gateway::http::RequestParser::Status::Head) {
                check(parser.head().body.isEmpty(), "a head has no body");
                check(int(parser.head().headers.size()) <= limits.maxHeaderCount,
                      "too many headers in the head");
                continue;
            }
            if (outcome.status != gateway::http::RequestParser::Status::Complete)
                break;
            const gateway::http::Request request = parser.takeRequest();
            check(request.body.size() <= limits.maxBodyBytes, "body over the limit");
            check(int(request.headers.size()) <= limits.maxHeaderCount, "too many headers");
            ++requests;
        }
        offset += piece;
    }
    check(requests <= int(size), "more requests than bytes");
}

void responseParser(const uint8_t* data, size_t size)
{
    using gateway::http::ResponseParser;
    struct Sink : ResponseParser::Sink
    {
        qint64 body = 0;
        int heads = 0;
        size_t headerCount = 0;
        bool onResponseHead(int status, const ResponseParser::HeaderList& headers) override
        {
            check(status >= 200, "an interim response reached the sink");
            ++heads;
            headerCount = headers.size();
            return true;
        }
        bool onResponseBody(const char*, size_t length) override
        {
            body += qint64(length);
            return true;
        }
    } sink;
    // The first byte picks the read size, and whether the response answers HEAD.
    const size_t step = size ? 1 + data[0] % 64 : 1;
    gateway::http::ResponseLimits limits;
    limits.maxHeaderBytes = 1024;
    limits.maxHeaderCount = 16;
    limits.maxBodyBytes = 2048;
    ResponseParser parser(&sink, limits);
    parser.reset(size && (data[0] & 0x80));
    ResponseParser::Outcome outcome;
    size_t offset = size ? 1 : 0;
    while (offset < size) {
        const size_t piece = std::min(step, size - offset);
        outcome = parser.feed(reinterpret_cast<const char*>(data) + offset, piece);
        check(outcome.consumed <= piece, "parser consumed more than it was given");
        if (outcome.status != ResponseParser::Status::Incomplete)
            break;
        offset += piece;
    }
    if (outcome.status == ResponseParser::Status::Incomplete)
        outcome = parser.finish();
    check(outcome.status != ResponseParser::Status::Stopped, "stopped without being asked");
    check(sink.heads <= 1, "more than one final response");
    check(sink.headerCount <= size_t(limits.maxHeaderCount), "too many headers");
    check(sink.body <= limits.maxBodyBytes, "body over the limit");
    if (outcome.status == ResponseParser::Status::Complete)
        check(sink.heads == 1, "a complete response had a head");
}

void sseDecoder(const uint8_t* data, size_t size)
{
    const size_t step = size ? 1 + data[0] % 32 : 1;
    gateway::http::SseDecoder decoder(1024);
    std::vector<gateway::http::SseDecoder::Event> events;
    size_t total = 0;
    for (size_t offset = size ? 1 : 0; offset < size; offset += step) {
        const size_t piece = std::min(step, size - offset);
        if (!decoder.feed(reinterpret_cast<const char*>(data) + offset, piece, events))
            return; // over the bound: refused, as it must be
        total += piece;
    }
    decoder.finish(events);
    size_t bytes = 0;
    for (const auto& e : events)
        bytes += size_t(e.data.size() + e.name.size());
    check(bytes <= total, "events hold more bytes than were fed");
}

namespace {
struct NullWriter : gateway::api::ResponseWriter
{
    void respond(int, const QByteArray&, const QByteArray&,
                 const gateway::http::HeaderList&) override
    {
        m_started = true;
    }
    void startBody(int, const QByteArray&, qint64, const gateway::http::HeaderList&,
                   const QByteArray&) override
    {
        m_started = true;
    }
    void write(const QByteArray&) override {}
    void endStream(const QByteArray&) override {}
    void abortStream() override {}
    bool started() const override { return m_started; }
    bool m_started = false;
};
} // namespace

void openAiDialect(const uint8_t* data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char*>(data), qsizetype(size));
    for (auto endpoint :
         {gateway::api::Endpoint::ChatCompletions, gateway::api::Endpoint::Completions,
          gateway::api::Endpoint::Embeddings}) {
        gateway::api::ChatRequest request;
        gateway::api::DialectError error;
        if (!gateway::api::OpenAiDialect::instance().parse(endpoint, body, &request, &error)) {
            check(error.status == 400 && !error.message.isEmpty(),
                  "a refusal is a 400 with a message");
            continue;
        }
        // What goes upstream is still one JSON object, with the model replaced and usage asked.
        request.stream = true;
        const QByteArray upstream =
            gateway::api::OpenAiDialect::upstreamBody(request, QStringLiteral("m\"x"));
        check(!upstream.isEmpty(), "upstream body");
        (void)request.canonical().promptText();
        (void)gateway::providers::openai::requestBody(request.canonical(), QStringLiteral("m"));
        // The same bytes as an upstream's answer: decoded into events, encoded for a client.
        for (bool stream : {false, true}) {
            std::vector<gateway::api::ResponseEvent> events;
            if (stream)
                gateway::providers::openai::decodeChunk(endpoint, body, events);
            else
                gateway::providers::openai::decodeAnswer(endpoint, body, events);
            request.stream = stream;
            NullWriter writer;
            gateway::api::OpenAiEncoder encoder(request, {});
            if (stream)
                encoder.encode(gateway::api::ResponseEvent::start(QString(), true), writer);
            for (const gateway::api::ResponseEvent& e : events)
                encoder.encode(e, writer);
            encoder.encode(gateway::api::ResponseEvent::end(), writer);
            check(writer.started(), "an answer was written");
        }
    }
    (void)gateway::api::OpenAiDialect::responseUsage(body);
    (void)gateway::api::OpenAiDialect::inspectChunk(QByteArrayView(body));
}

void configLoader(const uint8_t* data, size_t size)
{
    const gateway::config::ConfigLoader loader(
        [](const QString&) { return gateway::Result<QByteArray>(QByteArray("secret")); });
    const auto config =
        loader.parse(QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)));
    check(config.ok() || !config.error().isEmpty(), "a refused config says why");
}

// Anthropic adapter (issue 11).
void anthropicDecoder(const uint8_t* data, size_t size)
{
    using gateway::api::ResponseEvent;
    // The first byte picks how the stream is cut into reads.
    const size_t step = size ? 1 + data[0] % 32 : 1;
    const char* bytes = reinterpret_cast<const char*>(data);
    gateway::providers::anthropic::AnthropicDecoder decoder;
    std::vector<ResponseEvent> events;
    QString error;
    bool ok = true;
    for (size_t offset = size ? 1 : 0; ok && offset < size; offset += step)
        ok = decoder.feed(QByteArrayView(bytes + offset, qsizetype(std::min(step, size - offset))),
                          events, &error);
    if (ok)
        ok = decoder.finish(events, &error);
    check(ok || !error.isEmpty(), "a refused stream says why");
    int tools = 0;
    for (size_t i = 0; i < events.size(); ++i) {
        const ResponseEvent& e = events[i];
        check(e.type != ResponseEvent::Type::Start && e.type != ResponseEvent::Type::End,
              "Start and End come from the call, not the decoder");
        if (e.type == ResponseEvent::Type::Error) {
            check(i + 1 == events.size(), "nothing follows an error event");
            check(e.status >= 400 && e.status < 600, "an error event has an HTTP status");
        }
        if (e.type == ResponseEvent::Type::ToolCallDelta) {
            check(e.toolIndex >= 0 && e.toolIndex <= tools, "tool calls are numbered in order");
            if (!e.id.isEmpty() || !e.name.isEmpty() || e.toolIndex == tools)
                tools = std::max(tools, e.toolIndex + 1);
        }
        if (e.type == ResponseEvent::Type::Finish)
            check(e.finishReason == "stop" || e.finishReason == "length" ||
                      e.finishReason == "tool_calls" || e.finishReason == "content_filter",
                  "finish reasons are OpenAI's");
        if (e.type == ResponseEvent::Type::Usage)
            check(e.usage.promptTokens >= e.usage.cacheReadTokens + e.usage.cacheWriteTokens,
                  "the prompt count includes the cache's");
    }
    check(size_t(tools) <= gateway::providers::anthropic::AnthropicDecoder::maxContentBlocks,
          "content blocks are bounded");

    // The same bytes as a whole answer and as an error answer.
    const QByteArrayView body(bytes, qsizetype(size));
    events.clear();
    gateway::providers::anthropic::AnthropicDecoder whole;
    check(whole.decodeWhole(body, events, &error) || !error.isEmpty(), "a refused answer says why");
    (void)whole.errorMessage(400, body);

    // And as an OpenAI request, translated into a Messages body.
    gateway::api::ChatRequest request;
    gateway::api::DialectError refused;
    if (gateway::api::OpenAiDialect::instance().parse(gateway::api::Endpoint::ChatCompletions,
                                                      body.toByteArray(), &request, &refused)) {
        const auto messages =
            gateway::providers::anthropic::requestBody(request.canonical(), QStringLiteral("m"));
        check(messages.ok() ? !messages.value().isEmpty() : !messages.error().isEmpty(),
              "a request body, or why not");
    }
}

} // namespace fuzz
