#pragma once

namespace gateway::api {

// The operation a request asks for, whatever inbound API it came through.
// Creating a response through OpenAI's Responses API is a ChatCompletions operation; the
// Response* operations read and delete the responses it stored (api/responses/): they never
// reach a provider.
enum class Endpoint {
    ChatCompletions,
    Completions,
    Embeddings,
    ResponseRetrieve,   // GET /v1/responses/{id}
    ResponseDelete,     // DELETE /v1/responses/{id}
    ResponseInputItems, // GET /v1/responses/{id}/input_items
};

const char* endpointPath(Endpoint endpoint); // OpenAI's path relative to a base URL
// "chat.completions", "completions", "embeddings", "responses.retrieve" ...
const char* endpointName(Endpoint endpoint);

} // namespace gateway::api
