#pragma once

#include "api/ChatRequest.h"
#include "api/Dialect.h"

namespace gateway::api {

// Anthropic's Messages API as an inbound API (Anthropic API reference, "Messages": POST
// /v1/messages, and "Count tokens in a Message": POST /v1/messages/count_tokens), so that
// Anthropic clients (the SDKs, Claude Code with ANTHROPIC_BASE_URL) can use any backend.
//
// Parsing validates a body as the API does (model, max_tokens and messages required; roles
// user and assistant; content a string or blocks of the types below; system, tools,
// tool_choice, thinking and the sampling parameters of the documented types) with simdjson's
// DOM, which checks the whole document before anything is read. Blocks and tools the gateway
// cannot translate (documents, server tools ...) are refused with a message that says so,
// rather than dropped. The headers x-api-key, anthropic-version and anthropic-beta are
// accepted and not required.
class AnthropicDialect : public Dialect
{
public:
    // POST /v1/messages.
    static const AnthropicDialect& instance();
    // POST /v1/messages/count_tokens: the same body without max_tokens, answered by the gateway
    // (RouteKind::CountTokens) with inputTokensBody().
    static const AnthropicDialect& countTokens();

    explicit AnthropicDialect(bool countTokens) : m_countTokens(countTokens) {}

    const char* name() const override { return "anthropic"; }
    const char* operationName(Endpoint) const override { return "messages"; }
    WireFormat wireFormat() const override { return WireFormat::Neutral; }
    bool parse(Endpoint endpoint, QByteArray body, ChatRequest* out,
               DialectError* error) const override;
    // Messages, system, tools and parameters in the canonical form (AnthropicCanonical.cpp).
    CanonicalRequest canonical(const ChatRequest& request) const override;
    // Anthropic's error shape; code and param have no place in it and are not sent.
    QByteArray errorBody(int status, QByteArrayView message, const char* code = nullptr,
                         const char* param = nullptr) const override;
    std::unique_ptr<ResponseEncoder> encoder(const ChatRequest& request,
                                             const EncodeOptions& options) const override;
    // count_tokens answers with Dialect::inputTokensBody's {"input_tokens": N}, Anthropic's
    // shape ("Count tokens in a Message").

private:
    bool m_countTokens; // max_tokens is not required
};

} // namespace gateway::api
