#include "FuzzTargets.h"

#include "api/openai/OpenAiDialect.h"
#include "api/openai/OpenAiEncoder.h"
#include "api/responses/ResponsesDialect.h"
#include "api/responses/ResponsesEncoder.h"
#include "config/ConfigLoader.h"
#include "http/RequestParser.h"
#include "http/ResponseParser.h"
#include "http/SseDecoder.h"
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

} // namespace fuzz
