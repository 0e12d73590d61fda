#include "providers/mock/MockWire.h"

#include "api/anthropic/AnthropicEncoder.h"
#include "api/openai/OpenAiEncoder.h"
#include "providers/anthropic/AnthropicDecoder.h"
#include "providers/anthropic/AnthropicWire.h"
#include "providers/bedrock/ConverseAnswerEncoder.h"
#include "providers/bedrock/ConverseWire.h"
#include "providers/gemini/GeminiAnswerEncoder.h"
#include "providers/gemini/GeminiWire.h"
#include "providers/ollama/OllamaAnswerEncoder.h"
#include "providers/ollama/OllamaWire.h"
#include "providers/openai/OpenAiDecoder.h"

#include <QDateTime>

namespace gateway::providers {

namespace {

using config::MockFormat;

std::unique_ptr<WireDecoder> makeDecoder(MockFormat format, const CallRequest& call,
                                         const CallEnvironment& environment)
{
    // The ids of calls the format does not name are made as the real adapters make them.
    const QString idPrefix = QString::fromLatin1(environment.traceId.left(16));
    switch (format) {
    case MockFormat::OpenAi: return std::make_unique<openai::OpenAiDecoder>(call.request.endpoint);
    case MockFormat::Anthropic: return std::make_unique<anthropic::AnthropicDecoder>();
    case MockFormat::Gemini: return std::make_unique<gemini::GeminiDecoder>(idPrefix);
    case MockFormat::Bedrock: return std::make_unique<bedrock::ConverseDecoder>();
    case MockFormat::Ollama: return std::make_unique<ollama::OllamaDecoder>(idPrefix);
    case MockFormat::Events: break;
    }
    return nullptr;
}

std::unique_ptr<api::ResponseEncoder> makeEncoder(MockFormat format, const CallRequest& call,
                                                  const CallEnvironment& environment)
{
    const QByteArray model = call.upstreamModel.toUtf8();
    // The inbound dialects' encoders write OpenAI's and Anthropic's answers; they read what
    // they need from the request: the answer as the provider gives it names the upstream
    // model, carries usage (the adapters always ask for it) and floats, not base64 (the
    // adapter's embeddings request asks for no encoding_format).
    api::ChatRequest asProvider = call.request;
    asProvider.model = call.upstreamModel;
    asProvider.includeUsage = true;
    asProvider.base64Embeddings = false;
    api::EncodeOptions options;
    options.traceId = environment.traceId;
    options.createdSecs = QDateTime::currentSecsSinceEpoch();
    switch (format) {
    case MockFormat::OpenAi: return std::make_unique<api::OpenAiEncoder>(asProvider, options);
    case MockFormat::Anthropic: return std::make_unique<api::AnthropicEncoder>(asProvider, options);
    case MockFormat::Gemini:
        return std::make_unique<gemini::GeminiAnswerEncoder>(model, environment.traceId);
    case MockFormat::Bedrock: return std::make_unique<bedrock::ConverseAnswerEncoder>();
    case MockFormat::Ollama:
        return std::make_unique<ollama::OllamaAnswerEncoder>(
            model, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toUtf8());
    case MockFormat::Events: break;
    }
    return nullptr;
}

} // namespace

QString MockWire::refusal(MockFormat format, const CallRequest& call)
{
    const api::CanonicalRequest& canonical = call.request.canonical();
    switch (format) {
    case MockFormat::Anthropic: {
        const Result<QByteArray> body = anthropic::requestBody(canonical, call.upstreamModel);
        return body ? QString() : body.error();
    }
    case MockFormat::Gemini: return gemini::requestBody(canonical).error;
    case MockFormat::Bedrock: {
        QByteArray body;
        QString problem;
        return bedrock::converseBody(canonical, &body, &problem) ? QString() : problem;
    }
    case MockFormat::Ollama: return ollama::requestBody(canonical, call.upstreamModel).error;
    case MockFormat::OpenAi:
    case MockFormat::Events: break;
    }
    return QString();
}

MockWire::MockWire(MockFormat format, const CallRequest& call, const CallEnvironment& environment,
                   ResponseSink* sink)
    : m_encoder(makeEncoder(format, call, environment)),
      m_call(std::make_unique<TranslatedCall>(environment, makeDecoder(format, call, environment),
                                              call.upstreamModel, call.request.stream, sink))
{}

MockWire::~MockWire() = default;

void MockWire::encode(const api::ResponseEvent& event)
{
    if (!m_cancelled && !m_ended)
        m_encoder->encode(event, *this);
}

void MockWire::flush()
{
    if (!m_cancelled && m_started && !m_ended)
        m_call->onResponseFlush();
}

void MockWire::reset(const QString& message)
{
    if (m_cancelled || m_ended)
        return;
    m_ended = true;
    m_call->onResponseError(upstream::ErrorKind::Reset, message);
}

void MockWire::cancel()
{
    m_cancelled = true;
    m_call->cancel();
}

void MockWire::head(int status, const QByteArray& contentType, const http::HeaderList& headers)
{
    m_started = true;
    // As the upstream client hands them on: names in lower case.
    std::vector<QByteArray> names;
    names.reserve(headers.size() + 1);
    upstream::HeaderList list;
    list.reserve(headers.size() + 1);
    names.push_back("content-type");
    list.emplace_back(names.back(), contentType);
    for (const auto& [name, value] : headers) {
        names.push_back(name.toLower());
        list.emplace_back(names.back(), value);
    }
    m_call->onResponseHead(status, list);
}

void MockWire::body(const QByteArray& bytes)
{
    const qsizetype half = bytes.size() / 2;
    if (half > 0 && !m_cancelled)
        m_call->onResponseBody(bytes.constData(), size_t(half));
    if (bytes.size() > half && !m_cancelled)
        m_call->onResponseBody(bytes.constData() + half, size_t(bytes.size() - half));
}

void MockWire::complete()
{
    m_ended = true;
    if (!m_cancelled)
        m_call->onResponseComplete();
}

void MockWire::respond(int status, const QByteArray& contentType, const QByteArray& bytes,
                       const http::HeaderList& headers)
{
    if (m_started || m_cancelled)
        return;
    head(status, contentType, headers);
    body(bytes);
    complete();
}

void MockWire::startBody(int status, const QByteArray& contentType, qint64,
                         const http::HeaderList& headers, const QByteArray& first)
{
    if (m_started || m_cancelled)
        return;
    head(status, contentType, headers);
    body(first);
}

void MockWire::write(const QByteArray& bytes)
{
    if (m_started && !m_ended)
        body(bytes);
}

void MockWire::endStream(const QByteArray& last)
{
    if (!m_started || m_ended)
        return;
    body(last);
    complete();
}

void MockWire::abortStream()
{
    // The encoder wrote an error into the stream and cuts it: what came is read, then the
    // connection is gone.
    if (!m_started || m_ended)
        return;
    flush();
    reset(QStringLiteral("the mock backend's stream broke off after an error"));
}

} // namespace gateway::providers
