#include "FuzzTargets.h"

#include "api/anthropic/AnthropicDialect.h"
#include "api/openai/OpenAiDialect.h"
#include "api/openai/OpenAiEncoder.h"
#include "api/responses/ResponsesDialect.h"
#include "api/responses/ResponsesEncoder.h"
#include "config/ConfigLoader.h"
#include "http/RequestParser.h"
#include "http/ResponseParser.h"
#include "http/SseDecoder.h"
#include "providers/anthropic/AnthropicDecoder.h"
#include "providers/anthropic/AnthropicWire.h"
#include "providers/azure/AzureContentFilter.h"
#include "providers/bedrock/ConverseWire.h"
#include "providers/bedrock/EventStream.h"
#include "providers/gemini/GeminiWire.h"
#include "providers/ollama/OllamaWire.h"
#include "providers/openai/OpenAiDecoder.h"
#include "providers/openai/OpenAiWire.h"

#include <QtEndian>

#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>

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

void responsesDialect(const uint8_t* data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char*>(data), qsizetype(size));
    gateway::api::ChatRequest request;
    gateway::api::DialectError error;
    if (!gateway::api::ResponsesDialect::instance().parse(gateway::api::Endpoint::ChatCompletions,
                                                          body, &request, &error)) {
        check(error.status == 400 && !error.message.isEmpty(), "a refusal is a 400 with a message");
        return;
    }
    const auto* parsed = gateway::api::ResponsesDialect::requestData(request);
    check(parsed && parsed->inputItems.startsWith('[') && parsed->inputItems.endsWith(']'),
          "the input items are an array");
    (void)request.canonical().promptText();
    (void)gateway::providers::openai::requestBody(request.canonical(), QStringLiteral("m"));
    // The request's own text as an answer, whole and streamed, with a tool call.
    const QString text = QString::fromUtf8(body.left(64));
    for (bool stream : {false, true}) {
        request.stream = stream;
        NullWriter writer;
        gateway::api::ResponsesEncoder encoder(request, {});
        encoder.encode(gateway::api::ResponseEvent::start(text, stream), writer);
        encoder.encode(gateway::api::ResponseEvent::reasoningDelta(text), writer);
        encoder.encode(gateway::api::ResponseEvent::textDelta(text), writer);
        encoder.encode(gateway::api::ResponseEvent::toolCallDelta(int(size % 3), text, text, text),
                       writer);
        encoder.encode(gateway::api::ResponseEvent::finish(size % 2 ? "length" : "stop"), writer);
        encoder.encode(gateway::api::ResponseEvent::end(), writer);
        check(writer.started(), "an answer was written");
    }
}

void configLoader(const uint8_t* data, size_t size)
{
    const gateway::config::ConfigLoader loader(
        [](const QString&) { return gateway::Result<QByteArray>(QByteArray("secret")); });
    const auto config =
        loader.parse(QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)));
    check(config.ok() || !config.error().isEmpty(), "a refused config says why");
}

void anthropicDialect(const uint8_t* data, size_t size)
{
    using gateway::api::AnthropicDialect;
    using gateway::api::ResponseEvent;
    const QByteArray body(reinterpret_cast<const char*>(data), qsizetype(size));
    for (const AnthropicDialect* dialect :
         {&AnthropicDialect::instance(), &AnthropicDialect::countTokens()}) {
        gateway::api::ChatRequest request;
        gateway::api::DialectError error;
        if (!dialect->parse(gateway::api::Endpoint::ChatCompletions, body, &request, &error)) {
            check(error.status == 400 && !error.message.isEmpty(),
                  "a refusal is a 400 with a message");
            continue;
        }
        check(!request.model.isEmpty(), "an accepted request names its model");
        (void)gateway::api::estimateInputTokens(request.canonical());
        (void)gateway::providers::openai::requestBody(request.canonical(), QStringLiteral("m"));
    }
    // The same bytes as an OpenAI-format upstream's answer, encoded for an Anthropic client
    // (whole and streamed): any events, in any order the decoder makes, give an answer.
    const QByteArray clientBody =
        R"({"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}]})";
    for (bool stream : {false, true}) {
        std::vector<ResponseEvent> events;
        if (stream)
            gateway::providers::openai::decodeChunk(gateway::api::Endpoint::ChatCompletions, body,
                                                    events);
        else
            gateway::providers::openai::decodeAnswer(gateway::api::Endpoint::ChatCompletions, body,
                                                     events);
        gateway::api::ChatRequest request;
        gateway::api::DialectError error;
        check(AnthropicDialect::instance().parse(gateway::api::Endpoint::ChatCompletions,
                                                 clientBody, &request, &error),
              "the client's body parses");
        request.stream = stream;
        NullWriter writer;
        const auto encoder = AnthropicDialect::instance().encoder(request, {});
        encoder->encode(ResponseEvent::start(QString(), stream), writer);
        for (const ResponseEvent& e : events)
            encoder->encode(e, writer);
        encoder->encode(ResponseEvent::end(), writer);
        check(writer.started(), "an answer was written");
    }
}

namespace {

// A WireDecoder over any bytes: fed in pieces (the first byte picks their size), finished,
// and the same bytes decoded whole. Events stay within bounds and nothing follows an error.
void wireDecoder(const std::function<std::unique_ptr<gateway::providers::WireDecoder>()>& make,
                 const uint8_t* data, size_t size)
{
    using gateway::api::ResponseEvent;
    const auto checkEvents = [](const std::vector<ResponseEvent>& events) {
        bool failed = false;
        for (const ResponseEvent& e : events) {
            check(!failed, "an event after an error");
            failed = e.type == ResponseEvent::Type::Error;
            check(e.index >= 0 && e.index <= 127, "choice index out of bounds");
            check(e.toolIndex >= 0, "tool index out of bounds");
            if (e.type == ResponseEvent::Type::Error)
                check(!e.message.isEmpty(), "an error says why");
        }
    };
    const size_t step = size ? 1 + data[0] % 64 : 1;
    const char* bytes = reinterpret_cast<const char*>(data);
    auto decoder = make();
    std::vector<ResponseEvent> events;
    QString error;
    bool ok = true;
    for (size_t offset = size ? 1 : 0; ok && offset < size; offset += step)
        ok = decoder->feed(QByteArrayView(bytes + offset, qsizetype(std::min(step, size - offset))),
                           events, &error);
    if (ok)
        ok = decoder->finish(events, &error);
    check(ok || !error.isEmpty(), "a refused stream says why");
    checkEvents(events);
    auto whole = make();
    events.clear();
    error.clear();
    const QByteArrayView body(bytes, qsizetype(size));
    if (!whole->decodeWhole(body, events, &error))
        check(!error.isEmpty(), "a refused answer says why");
    checkEvents(events);
    (void)whole->errorMessage(500, body);
}

// The same bytes as an OpenAI request, written for a translating backend.
template <typename Build> void buildRequest(const uint8_t* data, size_t size, Build build)
{
    gateway::api::ChatRequest request;
    gateway::api::DialectError error;
    const QByteArray body(reinterpret_cast<const char*>(data), qsizetype(size));
    if (gateway::api::OpenAiDialect::instance().parse(gateway::api::Endpoint::ChatCompletions, body,
                                                      &request, &error))
        build(request.canonical());
}

} // namespace

void geminiDecoder(const uint8_t* data, size_t size)
{
    namespace gemini = gateway::providers::gemini;
    wireDecoder([] { return std::make_unique<gemini::GeminiDecoder>(QStringLiteral("f")); }, data,
                size);
    buildRequest(data, size, [](const gateway::api::CanonicalRequest& r) {
        const gemini::RequestBody body = gemini::requestBody(r);
        check(body.body.isEmpty() != body.error.isEmpty(), "a body or a reason");
    });
}

void ollamaDecoder(const uint8_t* data, size_t size)
{
    namespace ollama = gateway::providers::ollama;
    wireDecoder([] { return std::make_unique<ollama::OllamaDecoder>(QStringLiteral("f")); }, data,
                size);
    buildRequest(data, size, [](const gateway::api::CanonicalRequest& r) {
        const ollama::RequestBody body = ollama::requestBody(r, QStringLiteral("m"));
        check(body.body.isEmpty() != body.error.isEmpty(), "a body or a reason");
    });
}

namespace {
// Makes the CRCs of the frames in bytes right, so that mutated headers and payloads get past the
// checks and the decoding behind them is explored too.
QByteArray withRightCrcs(QByteArray bytes)
{
    const auto crcOf = [&](qsizetype at, qsizetype length) {
        return quint32(
            crc32(0, reinterpret_cast<const Bytef*>(bytes.constData() + at), uInt(length)));
    };
    qsizetype at = 0;
    while (bytes.size() - at >= 16) {
        const qsizetype total = qsizetype(qFromBigEndian<quint32>(bytes.constData() + at));
        if (total < 16 || total > bytes.size() - at)
            break;
        qToBigEndian(crcOf(at, 8), bytes.data() + at + 8);
        qToBigEndian(crcOf(at, total - 4), bytes.data() + at + total - 4);
        at += total;
    }
    return bytes;
}
} // namespace

void bedrockEventStream(const uint8_t* input, size_t inputSize)
{
    // The first byte picks how the rest is cut into reads, and (its top bit) whether the CRCs
    // are made right first.
    const size_t step = inputSize ? 1 + input[0] % 64 : 1;
    const QByteArray fed =
        inputSize && (input[0] & 0x80)
            ? withRightCrcs(QByteArray(reinterpret_cast<const char*>(input), qsizetype(inputSize)))
            : QByteArray::fromRawData(reinterpret_cast<const char*>(input), qsizetype(inputSize));
    const char* bytes = fed.constData();
    const size_t size = size_t(fed.size());
    size_t total = 0;
    {
        gateway::providers::bedrock::EventStreamDecoder frames(4096);
        std::vector<gateway::providers::bedrock::EventStreamMessage> messages;
        QString error;
        bool ok = true;
        for (size_t offset = size ? 1 : 0; ok && offset < size; offset += step) {
            const size_t piece = std::min(step, size - offset);
            ok = frames.feed(QByteArrayView(bytes + offset, qsizetype(piece)), messages, &error);
            total += piece;
        }
        check(ok || !error.isEmpty(), "a refused frame says why");
        if (ok && !frames.finish(&error))
            check(!error.isEmpty(), "a truncated stream says why");
        size_t payload = 0;
        for (const auto& m : messages) {
            check(m.payload.size() <= 4096 - 16, "a payload within the frame bound");
            payload += size_t(m.payload.size() + m.eventType.size() + m.messageType.size());
        }
        check(payload <= total, "messages hold more bytes than were fed");
    }
    gateway::providers::bedrock::ConverseDecoder decoder;
    std::vector<gateway::api::ResponseEvent> events;
    QString error;
    bool ok = true;
    for (size_t offset = size ? 1 : 0; ok && offset < size; offset += step)
        ok = decoder.feed(QByteArrayView(bytes + offset, qsizetype(std::min(step, size - offset))),
                          events, &error);
    if (ok)
        ok = decoder.finish(events, &error);
    check(ok || !error.isEmpty(), "a refused stream says why");
    int errors = 0;
    for (const auto& e : events) {
        if (e.type == gateway::api::ResponseEvent::Type::Error) {
            check(e.status >= 400 && e.status < 600, "an exception's status");
            ++errors;
        }
        check(errors == 0 || e.type == gateway::api::ResponseEvent::Type::Error,
              "nothing after an error");
    }
    check(errors <= 1, "one error at most");
    events.clear();
    const QByteArrayView whole(bytes, qsizetype(size));
    if (!decoder.decodeWhole(whole, events, &error))
        check(!error.isEmpty(), "a refused answer says why");
    (void)decoder.errorMessage(400, whole);
}

void azureContentFilter(const uint8_t* data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    gateway::providers::azure::AzureContentFilter filter;
    filter.observeChunk(bytes);
    filter.observeAnswer(bytes);
    const QByteArray detail = filter.takeDetail();
    check(detail.isEmpty() || (detail.startsWith('{') && detail.endsWith('}')),
          "the detail is a JSON object");
}

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

void openAiDecoder(const uint8_t* data, size_t size)
{
    namespace openai = gateway::providers::openai;
    // The first byte's low bit picks the endpoint (chat or completions).
    const auto endpoint = size && (data[0] & 1) ? gateway::api::Endpoint::Completions
                                                : gateway::api::Endpoint::ChatCompletions;
    wireDecoder([endpoint] { return std::make_unique<openai::OpenAiDecoder>(endpoint); }, data,
                size);
}

} // namespace fuzz
