// libFuzzer entry point (clang -fsanitize=fuzzer) for OpenAI's answers read as a WireDecoder:
// see tests/fuzz/CMakeLists.txt.
#include "FuzzTargets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    fuzz::openAiDecoder(data, size);
    return 0;
}
