#pragma once

#include "api/ResponseWriter.h"
#include "providers/TranslatedCall.h"

#include <memory>

namespace gateway::api {
class ResponseEncoder;
}

namespace gateway::providers {

// The mock's answer in a provider's wire format (a mock backend's "format"): the events the
// mock plans are written by that provider's answer encoder (OpenAI's and Anthropic's are the
// inbound dialects' own encoders; Gemini's, Bedrock's and Ollama's live in their provider
// folders), and the bytes are read back by that provider's own WireDecoder inside a
// TranslatedCall, as if they had come over the network. So a "mock Anthropic" answers through
// the same translation path as a real Anthropic backend, offline.
//
// The wire stands in for a connection: respond() and startBody() are the answer's head, each
// write() a piece of its body, flush() the end of one read (the decoded events go to the sink
// then), endStream() the end of the answer and reset() a dropped connection. Each piece is
// handed to the decoder in two halves, so that a split inside an event, a frame or a UTF-8
// character happens on every answer, as it does on a network.
class MockWire : private api::ResponseWriter
{
public:
    // Why a backend of format could not take the request (n > 1 for Anthropic, embeddings for
    // all but OpenAI ...), as that provider's adapter refuses it: the adapter's own request
    // builder decides. Empty when it can.
    static QString refusal(config::MockFormat format, const CallRequest& call);

    // format must not be MockFormat::Events.
    MockWire(config::MockFormat format, const CallRequest& call, const CallEnvironment& environment,
             ResponseSink* sink);
    ~MockWire() override;

    // Writes one event of the mock's answer in the wire format; what the encoder writes goes to
    // the decoder at once, and the decoded events wait for flush() (or the answer's end).
    void encode(const api::ResponseEvent& event);
    // The end of one read: the decoded events go to the sink.
    void flush();
    // The connection breaks off mid-answer (failure injection: resetMidStream).
    void reset(const QString& message);
    // No event reaches the sink after this.
    void cancel();

private:
    // api::ResponseWriter: what the encoder writes, as the decoder's side receives it.
    void respond(int status, const QByteArray& contentType, const QByteArray& body,
                 const http::HeaderList& headers) override;
    void startBody(int status, const QByteArray& contentType, qint64 contentLength,
                   const http::HeaderList& headers, const QByteArray& first) override;
    void write(const QByteArray& bytes) override;
    void endStream(const QByteArray& last) override;
    void abortStream() override;
    bool started() const override { return m_started; }

    void head(int status, const QByteArray& contentType, const http::HeaderList& headers);
    void body(const QByteArray& bytes); // in two halves
    void complete();

    std::unique_ptr<api::ResponseEncoder> m_encoder;
    std::unique_ptr<TranslatedCall> m_call;
    bool m_started = false;
    bool m_ended = false;
    bool m_cancelled = false;
};

} // namespace gateway::providers
