#pragma once

#include "api/Canonical.h"
#include "api/ResponseEvent.h"

#include <QByteArray>
#include <QByteArrayView>

#include <vector>

// OpenAI's wire format from the provider's side: the request body built from the canonical
// request (for clients of other dialects), and answers turned into response events (for
// clients that need events rather than bytes). OpenAI API reference: "Create chat
// completion", "The chat completion chunk object", "Create embeddings".
namespace gateway::providers::openai {

// A chat/completions, completions or embeddings body for model.
QByteArray requestBody(const api::CanonicalRequest& request, const QString& model);

// The events of one stream chunk (a data: payload other than [DONE]); an error object gives
// one Error event. False when the payload is not a JSON object.
bool decodeChunk(api::Endpoint endpoint, QByteArrayView payload,
                 std::vector<api::ResponseEvent>& out);

// The events of a whole answer, Start to End. False when the body is not a JSON object.
bool decodeAnswer(api::Endpoint endpoint, QByteArrayView body,
                  std::vector<api::ResponseEvent>& out);

// True when body is an OpenAI error object ({"error": {...}}).
bool isErrorObject(QByteArrayView body);

// The message of an OpenAI error object ({"error": {"message": "..."}}, or {"error": "..."});
// empty when the body holds none.
QByteArray errorMessage(QByteArrayView body);

} // namespace gateway::providers::openai
