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
void responsesDialect(const uint8_t* data, size_t size);
void configLoader(const uint8_t* data, size_t size);

} // namespace fuzz
