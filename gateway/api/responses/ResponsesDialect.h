#pragma once

#include "api/ChatRequest.h"
#include "api/Dialect.h"

#include <QByteArray>
#include <QString>

namespace gateway::api {

// What the Responses dialect reads from a create request beyond ChatRequest's fields
// (ChatRequest::dialectData): what the responses stage needs to continue and store a response,
// and the request fields a Response object repeats.
struct ResponsesRequest : DialectData
{
    QString previousResponseId; // empty: none
    bool store = true;          // "store" (OpenAI's default: true)
    // The input as a JSON array of items; a string input is one user message item.
    QByteArray inputItems;
    // The request fields a Response object echoes, as JSON object members ("\"instructions\":
    // null,\"tools\":[...],..."), each with OpenAI's default when the request left it out.
    QByteArray echo;
};

// OpenAI's Responses API (OpenAI API reference, "Responses": "Create a model response") in
// front of any backend. POST /v1/responses is parsed, validated and made canonical here; the
// response's events are encoded as a Response object or as its typed SSE events
// (ResponsesEncoder). The stored responses (previous_response_id, GET, DELETE, input_items) are
// the responses stage's (stages/ResponsesStage.h): the dialect keeps no state.
//
// Parsing validates the whole body with simdjson's DOM: input items of type message (roles
// user, assistant, system, developer; content input_text, input_image, output_text, refusal),
// function_call, function_call_output and reasoning; function tools; tool_choice; text.format;
// sampling and reasoning fields. What the gateway cannot serve (hosted tools, file inputs,
// item references, background mode, conversations, prompt templates) is refused with a 400
// that says so, in OpenAI's error shape.
class ResponsesDialect : public Dialect
{
public:
    static const ResponsesDialect& instance();

    const char* name() const override { return "responses"; }
    const char* operationName(Endpoint endpoint) const override
    {
        return endpoint == Endpoint::ChatCompletions ? "responses.create" : endpointName(endpoint);
    }
    WireFormat wireFormat() const override { return WireFormat::Neutral; }
    bool parse(Endpoint endpoint, QByteArray body, ChatRequest* out,
               DialectError* error) const override;
    CanonicalRequest canonical(const ChatRequest& request) const override;
    QByteArray errorBody(int status, QByteArrayView message, const char* code = nullptr,
                         const char* param = nullptr) const override;
    std::unique_ptr<ResponseEncoder> encoder(const ChatRequest& request,
                                             const EncodeOptions& options) const override;

    // The request's ResponsesRequest (null for the stored-response operations).
    static const ResponsesRequest* requestData(const ChatRequest& request);

    // The response id of a request's trace id: "resp_" and the trace id.
    static QByteArray responseId(const QByteArray& traceId);
};

} // namespace gateway::api
