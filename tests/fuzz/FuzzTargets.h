#pragma once

#include <cstddef>
#include <cstdint>

// One entry point per parser of untrusted bytes. Each must accept any input without crashing,
// hanging or reading out of bounds, and checks its own invariants (abort on a violation).
// Used by the deterministic mutation test (RandomInputsTest.cpp, run by CTest, also under
// AddressSanitizer and UBSan) and, with clang, by libFuzzer (fuzz_*.cpp).
namespace fuzz {

void requestParser(const uint8_t* data, size_t size);
void responseParser(const uint8_t* data, size_t size);
void sseDecoder(const uint8_t* data, size_t size);
void openAiDialect(const uint8_t* data, size_t size);
void anthropicDialect(const uint8_t* data, size_t size);
void responsesDialect(const uint8_t* data, size_t size);
void configLoader(const uint8_t* data, size_t size);
// Gemini's and Ollama's answer decoders (streamed and whole), and their request builders.
void geminiDecoder(const uint8_t* data, size_t size);
void ollamaDecoder(const uint8_t* data, size_t size);
// Bedrock's ConverseStream: the AWS event-stream framing and the events in it, and the same
// bytes as a whole Converse answer.
void bedrockEventStream(const uint8_t* data, size_t size);
// Azure OpenAI's content-filter results read off stream chunks and whole answers.
void azureContentFilter(const uint8_t* data, size_t size);
// Anthropic adapter (issue 11): its stream decoder, whole answers and request bodies.
void anthropicDecoder(const uint8_t* data, size_t size);

// OpenAI's answers read as a WireDecoder (the mock's "openai" format): SSE chunks and whole
// answers, for chat and completions.
void openAiDecoder(const uint8_t* data, size_t size);

} // namespace fuzz
