#pragma once

#include "Clock.h"
#include "providers/Provider.h"
#include "providers/UpstreamEndpoint.h"
#include "providers/bedrock/SigV4.h"

namespace gateway::providers {

// AWS Bedrock's Converse API (`type: "bedrock"`): POST {basePath}/model/{modelId}/converse, or
// /converse-stream for streams (an AWS event stream), signed with SigV4 for the service
// "bedrock" in backend.region with backend.aws's credentials (a session token goes in
// X-Amz-Security-Token). The request is translated from the canonical one and the answers into
// response events (bedrock/ConverseWire.h); a request Converse cannot take is refused with a
// 400 in the client's dialect before anything is sent.
class BedrockProvider : public Provider
{
public:
    // clock: the signing time (tests fix it); the wall clock by default.
    explicit BedrockProvider(const config::Backend& backend, WallClock clock = &systemWallClockMs);

    api::WireFormat wireFormat() const override { return api::WireFormat::Neutral; }
    std::unique_ptr<ProviderCall> start(const CallRequest& call, const CallEnvironment& environment,
                                        ResponseSink* sink) const override;

private:
    UpstreamEndpoint m_endpoint;
    bedrock::SigV4Signer m_signer;
    QByteArray m_extraQuery; // signed: it goes on the request line
    WallClock m_clock;
};

} // namespace gateway::providers
