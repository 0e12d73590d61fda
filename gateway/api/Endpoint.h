#pragma once

namespace gateway::api {

// The operation a request asks for, whatever inbound API it came through.
enum class Endpoint { ChatCompletions, Completions, Embeddings };

const char* endpointPath(Endpoint endpoint); // OpenAI's path relative to a base URL
const char* endpointName(Endpoint endpoint); // "chat.completions", "completions", "embeddings"

} // namespace gateway::api
