#include "providers/bedrock/BedrockProvider.h"

#include "api/Dialect.h"
#include "providers/RefusedCall.h"
#include "providers/TranslatedCall.h"
#include "providers/bedrock/ConverseWire.h"

namespace gateway::providers {

BedrockProvider::BedrockProvider(const config::Backend& backend, WallClock clock)
    : m_endpoint(backend),
      m_signer({backend.aws.accessKeyId, backend.aws.secretAccessKey, backend.aws.sessionToken},
               backend.region.toLatin1(), "bedrock"),
      m_extraQuery(backend.extraQuery), m_clock(std::move(clock))
{}

std::unique_ptr<ProviderCall> BedrockProvider::start(const CallRequest& call,
                                                     const CallEnvironment& environment,
                                                     ResponseSink* sink) const
{
    const api::ChatRequest& request = call.request;
    QByteArray body;
    QString problem;
    if (!bedrock::converseBody(request.canonical(), &body, &problem))
        return std::make_unique<RefusedCall>(sink, problem);

    // The model id is one path segment: ':' (anthropic.claude-...-v1:0) and the '/' of an
    // inference-profile ARN are percent-encoded.
    const QByteArray path = "/model/" +
                            bedrock::SigV4Signer::uriEncode(call.upstreamModel.toUtf8()) +
                            (request.stream ? "/converse-stream" : "/converse");
    bedrock::SigV4Signer::Request toSign;
    toSign.method = "POST";
    const QByteArray wirePath = m_endpoint.basePath() + path;
    toSign.path = wirePath;
    toSign.query = m_extraQuery;
    // Content-Type is the one UpstreamEndpoint writes; Host is the endpoint's.
    toSign.headers = {{"host", m_endpoint.hostHeader()}, {"content-type", "application/json"}};
    toSign.payload = body;
    toSign.payloadHashHeader = true;
    const bedrock::SigV4Signer::Signature signature = m_signer.sign(toSign, m_clock());

    http::HeaderList headers = signature.headers;
    headers.emplace_back("Accept", request.stream ? "application/vnd.amazon.eventstream"
                                                  : "application/json");
    auto upstreamCall =
        std::make_unique<TranslatedCall>(environment, std::make_unique<bedrock::ConverseDecoder>(),
                                         call.upstreamModel, request.stream, sink);
    upstreamCall->send(m_endpoint.origin(),
                       m_endpoint.request("POST", path, headers, body, environment.traceId));
    return upstreamCall;
}

} // namespace gateway::providers
