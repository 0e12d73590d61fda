// libFuzzer entry point (clang -fsanitize=fuzzer) for the Anthropic stream decoder: see
// tests/fuzz/CMakeLists.txt.
#include "FuzzTargets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    fuzz::anthropicDecoder(data, size);
    return 0;
}
